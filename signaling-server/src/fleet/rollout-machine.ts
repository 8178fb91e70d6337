import { createHash } from 'node:crypto'
import {
  ROLLOUT_DEADLINE_MS,
  ROLLOUT_HEALTHY_MS,
  ROLLOUT_REPORT_GAP_MS,
  type RingView,
  type RolloutFailure,
  type RolloutState,
  type RolloutTerminalState,
} from '../../../common/fleet/rollout'

/*
 * The rollout rules as a plain state machine (docs/fleet.md, "Staged updates"): no store, no
 * timers; every function takes the time it runs at. rollouts.ts does the I/O around it.
 *
 * Rings: 0 is every terminal of the pilot halls; ring k (1..steps.length) holds the other
 * terminals whose bucket (a hash of the terminal id, 0 ≤ b < 100) is below steps[k-1] and not
 * below the step before. A ring is admitted once the rings before it have passed; it passes when
 * at least (1 − stopShare) of its terminals succeeded (and one at least), and halts the rollout when stopShare of
 * them failed (failures before the last resume are not counted again).
 */

export interface RolloutRecord {
  id: string
  version: string
  previousVersion: string
  pilotHalls: string[]
  steps: number[]
  stopShare: number
  state: RolloutState
  /** Rings 0..ringsPassed-1 have passed; ring `ringsPassed` is the one being updated. */
  ringsPassed: number
  createdAt: number
  createdBy: string
  haltedAt: number | null
  haltReason: 'stop-rule' | 'admin' | null
  resumedAt: number | null
  completedAt: number | null
}

/** One terminal's way through a rollout, from the first time the feed offered it the version. */
export interface RolloutTerminalRecord {
  rolloutId: string
  terminalId: string
  ring: number
  state: RolloutTerminalState
  reason: RolloutFailure | null
  offeredAt: number
  /**
   * The `lastSelfTest.at` the terminal reported from its old version: a self-test counts for the
   * new version only if it is newer than this (the kiosk's own clock, compared only with itself).
   */
  baselineSelfTestAt: number | null
  /** First report from the new version (the centre's clock). */
  startedAt: number | null
  /** Start of the current run of healthy reports (self-test passed, no gap); null if none. */
  healthySince: number | null
  lastReportAt: number | null
  /** When it succeeded or failed. */
  decidedAt: number | null
}

/** What a health report says that matters here. */
export interface ReportFacts {
  appVersion: string
  lastSelfTest: { at: number; passed: boolean } | null
}

/** The terminal's stable bucket in [0, 100): the same for every request and every rollout. */
export function bucketOf(terminalId: string): number {
  const h = createHash('sha256').update(terminalId).digest()
  return (h.readUInt32BE(0) / 2 ** 32) * 100
}

export function ringOf(
  r: Pick<RolloutRecord, 'pilotHalls' | 'steps'>,
  t: { id: string; hall: string },
): number {
  if (r.pilotHalls.includes(t.hall)) return 0
  const b = bucketOf(t.id)
  const k = r.steps.findIndex((s) => b < s)
  // The last step is 100, so every bucket finds its ring.
  return k === -1 ? r.steps.length : k + 1
}

export const ringCount = (r: Pick<RolloutRecord, 'steps'>): number => r.steps.length + 1

/** Whether the feed may offer the new version to a terminal of `ring` that has no record yet. */
export function admits(r: RolloutRecord, ring: number): boolean {
  if (r.state === 'completed') return true
  return r.state === 'running' && ring <= r.ringsPassed
}

/**
 * The version the feed serves a terminal: a failed one goes back to the previous version; one on
 * its way (started) or through (succeeded) keeps the new one; otherwise the new one only while
 * its ring is admitted. A superseded rollout decides nothing (its successor does).
 */
export function targetOf(
  r: RolloutRecord,
  ring: number,
  p: RolloutTerminalRecord | undefined,
): string {
  if (p?.state === 'failed') return r.previousVersion
  if (p?.state === 'succeeded' || p?.state === 'started') return r.version
  return admits(r, ring) ? r.version : r.previousVersion
}

export function offer(
  r: RolloutRecord,
  ring: number,
  terminalId: string,
  baselineSelfTestAt: number | null,
  at: number,
): RolloutTerminalRecord {
  return {
    rolloutId: r.id,
    terminalId,
    ring,
    state: 'offered',
    reason: null,
    offeredAt: at,
    baselineSelfTestAt,
    startedAt: null,
    healthySince: null,
    lastReportAt: null,
    decidedAt: null,
  }
}

const decided = (p: RolloutTerminalRecord) => p.state === 'succeeded' || p.state === 'failed'

const fail = (
  p: RolloutTerminalRecord,
  reason: RolloutFailure,
  at: number,
): RolloutTerminalRecord => ({
  ...p,
  state: 'failed',
  reason,
  healthySince: null,
  decidedAt: at,
})

/** A health report of the terminal, received at `at`. */
export function onReport(
  p: RolloutTerminalRecord,
  version: string,
  report: ReportFacts,
  at: number,
): RolloutTerminalRecord {
  if (decided(p)) return p
  if (report.appVersion !== version) {
    // Back on an old version after starting the new one: it crashed back or was put back.
    if (p.state === 'started') return fail(p, 'reverted', at)
    return { ...p, baselineSelfTestAt: report.lastSelfTest?.at ?? null }
  }
  const started: RolloutTerminalRecord =
    p.state === 'offered' ? { ...p, state: 'started', startedAt: at } : p
  const test = report.lastSelfTest
  const fresh = test !== null && (p.baselineSelfTestAt === null || test.at > p.baselineSelfTestAt)
  if (fresh && !test.passed) return fail(started, 'self-test-failed', at)
  const gap = started.lastReportAt !== null && at - started.lastReportAt > ROLLOUT_REPORT_GAP_MS
  const healthySince = !fresh
    ? null
    : started.healthySince === null || gap
      ? at
      : started.healthySince
  const next = { ...started, healthySince, lastReportAt: at }
  if (healthySince !== null && at - healthySince >= ROLLOUT_HEALTHY_MS)
    return { ...next, state: 'succeeded', decidedAt: at }
  return tick(next, at)
}

/** The kiosk said its download or install of `version` failed. */
export function onInstallFailed(
  p: RolloutTerminalRecord,
  rolloutVersion: string,
  reportedVersion: string,
  at: number,
): RolloutTerminalRecord {
  if (decided(p) || reportedVersion !== rolloutVersion) return p
  return fail(p, 'install-failed', at)
}

/** Time passing: a terminal started on the new version that never proved healthy has failed. */
export function tick(p: RolloutTerminalRecord, at: number): RolloutTerminalRecord {
  if (p.state === 'started' && p.startedAt !== null && at - p.startedAt > ROLLOUT_DEADLINE_MS)
    return fail(p, 'not-healthy', at)
  return p
}

export interface Member {
  terminalId: string
  ring: number
}

interface Counts {
  terminals: number
  offered: number
  started: number
  succeeded: number
  failed: number
  /** Failures the stop rule counts (after the last resume). */
  counted: number
}

function countRings(
  r: RolloutRecord,
  members: readonly Member[],
  progress: ReadonlyMap<string, RolloutTerminalRecord>,
): Counts[] {
  const rings: Counts[] = Array.from({ length: ringCount(r) }, () => ({
    terminals: 0,
    offered: 0,
    started: 0,
    succeeded: 0,
    failed: 0,
    counted: 0,
  }))
  for (const m of members) {
    const c = rings[m.ring]
    if (!c) continue
    c.terminals++
    const p = progress.get(m.terminalId)
    if (!p) continue
    c[p.state]++
    if (p.state === 'failed' && (r.resumedAt === null || (p.decidedAt ?? 0) > r.resumedAt))
      c.counted++
  }
  return rings
}

/**
 * A ring passes with at least one success and no more than stopShare of it left behind; an empty
 * percentage ring passes at once, an empty pilot ring never (a misspelt hall must not skip it).
 */
const passes = (c: Counts, stopShare: number, ring: number) =>
  c.terminals === 0
    ? ring > 0
    : c.succeeded >= Math.max(1, Math.ceil(c.terminals * (1 - stopShare) - 1e-9))
const stops = (c: Counts, stopShare: number) =>
  c.counted > 0 && c.counted >= c.terminals * stopShare - 1e-9

/**
 * The rollout after its terminals' progress: halted by the stop rule in any admitted ring, else
 * advanced past every ring that passed (an empty ring passes at once), completed after the last.
 */
export function advance(
  r: RolloutRecord,
  members: readonly Member[],
  progress: ReadonlyMap<string, RolloutTerminalRecord>,
  at: number,
): RolloutRecord {
  if (r.state !== 'running') return r
  const rings = countRings(r, members, progress)
  if (rings.some((c, i) => i <= r.ringsPassed && stops(c, r.stopShare)))
    return { ...r, state: 'halted', haltedAt: at, haltReason: 'stop-rule' }
  let ringsPassed = r.ringsPassed
  while (ringsPassed < rings.length && passes(rings[ringsPassed]!, r.stopShare, ringsPassed))
    ringsPassed++
  if (ringsPassed >= rings.length) return { ...r, ringsPassed, state: 'completed', completedAt: at }
  return ringsPassed === r.ringsPassed ? r : { ...r, ringsPassed }
}

export function halt(r: RolloutRecord, at: number): RolloutRecord | null {
  return r.state === 'running' ? { ...r, state: 'halted', haltedAt: at, haltReason: 'admin' } : null
}

/** Resuming forgives the failures so far: the stop rule counts those after now. */
export function resume(r: RolloutRecord, at: number): RolloutRecord | null {
  return r.state === 'halted'
    ? { ...r, state: 'running', haltedAt: null, haltReason: null, resumedAt: at }
    : null
}

export function ringViews(
  r: RolloutRecord,
  members: readonly Member[],
  progress: ReadonlyMap<string, RolloutTerminalRecord>,
): RingView[] {
  return countRings(r, members, progress).map((c, ring) => ({
    ring,
    kind: ring === 0 ? 'pilot' : 'percent',
    upToPercent: ring === 0 ? null : r.steps[ring - 1]!,
    state:
      r.state === 'completed' || ring < r.ringsPassed
        ? 'passed'
        : ring > r.ringsPassed
          ? 'waiting'
          : r.state === 'running'
            ? 'active'
            : 'halted',
    terminals: c.terminals,
    offered: c.offered,
    started: c.started,
    succeeded: c.succeeded,
    failed: c.failed,
  }))
}
