import { randomBytes } from 'node:crypto'
import type {
  RolloutCreate,
  RolloutTerminalView,
  RolloutView,
  UpdateReport,
} from '../../../common/fleet/rollout'
import type { HealthReport } from '../../../common/signaling/health'
import type { PinoLogger as Logger } from '../../../node-common/logger'
import { HttpError } from '../http/errors'
import type { HealthStore, RolloutStore, TerminalRecord, TerminalStore } from '../store/types'
import type { ChannelFile, ReleaseFolder, UpdateInfo } from './releases'
import {
  advance,
  halt,
  offer,
  onInstallFailed,
  onReport,
  resume,
  ringOf,
  ringViews,
  targetOf,
  tick,
  type Member,
  type RolloutRecord,
  type RolloutTerminalRecord,
} from './rollout-machine'

/*
 * Staged updates around the rules of rollout-machine.ts: which rollout decides (the newest one
 * not superseded), what the feed serves a terminal, what its health reports and its updater's
 * reports change, and the admin's create / halt / resume. Every change runs through one queue,
 * so a report and a feed request of the same terminal never write over each other (one node;
 * several centre nodes would need the store to serialise them).
 */

export interface UpdateFeedAnswer {
  info: UpdateInfo
  /** The feed sends a terminal back to the previous version: install when idle, window or not. */
  urgent: boolean
}

export interface Rollouts {
  create(input: RolloutCreate, by: string): Promise<RolloutView>
  list(): Promise<{ rollouts: RolloutView[]; releases: string[] }>
  detail(id: string): Promise<{ rollout: RolloutView; terminals: RolloutTerminalView[] }>
  halt(id: string): Promise<RolloutView>
  resume(id: string): Promise<RolloutView>
  /** The channel file for the terminal, or null when no rollout decides or no artefact fits. */
  feed(terminal: TerminalRecord, channel: ChannelFile): Promise<UpdateFeedAnswer | null>
  /** The version the terminal should run now; null when no rollout decides. */
  targetFor(terminal: TerminalRecord): Promise<string | null>
  updaterReport(terminal: TerminalRecord, report: UpdateReport): Promise<void>
  /** A health report as realtime/health.ts took it (not awaited by the socket). */
  healthReport(terminalId: string, report: HealthReport, at: number): Promise<void>
  /** Time passing: deadlines and ring advances without a report (every minute). */
  tick(): Promise<void>
}

export function createRollouts(deps: {
  store: RolloutStore & TerminalStore & HealthStore
  releases: ReleaseFolder
  now: () => number
  log: Logger
}): Rollouts {
  const { store, releases, now, log } = deps
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn)
    queue = run.catch(() => undefined)
    return run
  }

  /** The rollout that decides: the newest one not superseded. */
  async function deciding(): Promise<RolloutRecord | null> {
    const all = await store.listRollouts()
    return all.find((r) => r.state !== 'superseded') ?? null
  }

  async function members(r: RolloutRecord): Promise<(Member & { t: TerminalRecord })[]> {
    const terminals = (await store.listTerminals()).filter((t) => t.revokedAt === null)
    return terminals.map((t) => ({ terminalId: t.id, ring: ringOf(r, t), t }))
  }

  async function progressOf(r: RolloutRecord): Promise<Map<string, RolloutTerminalRecord>> {
    return new Map((await store.listRolloutTerminals(r.id)).map((p) => [p.terminalId, p]))
  }

  /** The rollout after its terminals' progress, saved when it changed. */
  async function settle(r: RolloutRecord): Promise<RolloutRecord> {
    const next = advance(r, await members(r), await progressOf(r), now())
    if (next !== r) {
      await store.saveRollout(next)
      if (next.state !== r.state)
        log.info({ rollout: r.id, version: r.version, state: next.state }, 'rollout ' + next.state)
      else log.info({ rollout: r.id, ringsPassed: next.ringsPassed }, 'rollout ring passed')
    }
    return next
  }

  async function view(r: RolloutRecord): Promise<RolloutView> {
    return {
      id: r.id,
      version: r.version,
      previousVersion: r.previousVersion,
      pilotHalls: r.pilotHalls,
      steps: r.steps,
      stopShare: r.stopShare,
      state: r.state,
      createdAt: r.createdAt,
      createdBy: r.createdBy,
      haltedAt: r.haltedAt,
      haltReason: r.haltReason,
      completedAt: r.completedAt,
      rings: ringViews(r, await members(r), await progressOf(r)),
    }
  }

  async function existing(id: string): Promise<RolloutRecord> {
    const r = await store.getRollout(id)
    if (!r) throw new HttpError(404, 'not_found')
    return r
  }

  async function save(p: RolloutTerminalRecord, before: RolloutTerminalRecord | undefined) {
    if (p === before) return
    await store.saveRolloutTerminal(p)
    if (p.state !== before?.state)
      log.info(
        { rollout: p.rolloutId, terminalId: p.terminalId, state: p.state, reason: p.reason },
        'rollout terminal ' + p.state,
      )
  }

  /** The terminal's target under the deciding rollout; offers it the new version if admitted. */
  async function decide(terminal: TerminalRecord) {
    const r = await deciding()
    if (!r) return null
    const ring = ringOf(r, terminal)
    const progress = await progressOf(r)
    let p = progress.get(terminal.id)
    const target = targetOf(r, ring, p)
    if (!p && target === r.version) {
      const latest = await store.getLatestHealth(terminal.id)
      p = offer(r, ring, terminal.id, latest?.report.lastSelfTest?.at ?? null, now())
      await save(p, undefined)
    }
    return { r, target, failed: p?.state === 'failed' }
  }

  return {
    create: (input, by) =>
      serial(async () => {
        for (const v of [input.version, input.previousVersion])
          if (v !== undefined && !releases.has(v)) throw new HttpError(400, 'unknown_version')
        const all = await store.listRollouts()
        if (all.some((r) => r.state === 'running')) throw new HttpError(409, 'rollout_running')
        const lastDone = all.find((r) => r.state === 'completed')
        const previousVersion = input.previousVersion ?? lastDone?.version
        if (!previousVersion) throw new HttpError(400, 'previous_version_required')
        if (previousVersion === input.version) throw new HttpError(400, 'invalid_body')
        const at = now()
        // The one deciding so far hands over: a halted or completed rollout is superseded.
        for (const r of all)
          if (r.state === 'halted' || r.state === 'completed')
            await store.saveRollout({ ...r, state: 'superseded' })
        const r: RolloutRecord = {
          id: `ro_${randomBytes(9).toString('base64url')}`,
          version: input.version,
          previousVersion,
          pilotHalls: input.pilotHalls,
          steps: input.steps,
          stopShare: input.stopShare,
          state: 'running',
          ringsPassed: 0,
          createdAt: at,
          createdBy: by,
          haltedAt: null,
          haltReason: null,
          resumedAt: null,
          completedAt: null,
        }
        await store.saveRollout(r)
        log.info({ rollout: r.id, version: r.version, by }, 'rollout created')
        return view(await settle(r))
      }),
    async list() {
      const all = await store.listRollouts()
      return { rollouts: await Promise.all(all.map(view)), releases: releases.versions() }
    },
    async detail(id) {
      const r = await existing(id)
      const progress = await progressOf(r)
      const ms = await members(r)
      return {
        rollout: await view(r),
        terminals: ms.map(({ t, ring }) => {
          const p = progress.get(t.id)
          return {
            terminalId: t.id,
            name: t.name,
            hall: t.hall,
            ring,
            state: p?.state ?? null,
            reason: p?.reason ?? null,
            target: targetOf(r, ring, p),
          }
        }),
      }
    },
    halt: (id) =>
      serial(async () => {
        const next = halt(await existing(id), now())
        if (!next) throw new HttpError(409, 'rollout_state')
        await store.saveRollout(next)
        log.info({ rollout: id }, 'rollout halted by an admin')
        return view(next)
      }),
    resume: (id) =>
      serial(async () => {
        const next = resume(await existing(id), now())
        if (!next) throw new HttpError(409, 'rollout_state')
        await store.saveRollout(next)
        log.info({ rollout: id }, 'rollout resumed')
        return view(await settle(next))
      }),
    feed: (terminal, channel) =>
      serial(async () => {
        const d = await decide(terminal)
        if (!d) return null
        const info = await releases.channel(d.target, channel)
        return info ? { info, urgent: d.failed } : null
      }),
    targetFor: (terminal) => serial(async () => (await decide(terminal))?.target ?? null),
    updaterReport: (terminal, report) =>
      serial(async () => {
        log.info(
          {
            terminalId: terminal.id,
            version: report.version,
            outcome: report.outcome,
            detail: report.detail,
          },
          'kiosk updater report',
        )
        if (report.outcome !== 'failed') return
        const r = await deciding()
        const p = r && (await progressOf(r)).get(terminal.id)
        if (!r || !p) return
        await save(onInstallFailed(p, r.version, report.version, now()), p)
        await settle(r)
      }),
    healthReport: (terminalId, report, at) =>
      serial(async () => {
        const r = await deciding()
        const p = r && (await progressOf(r)).get(terminalId)
        if (!r || !p) return
        await save(onReport(p, r.version, report, at), p)
        await settle(r)
      }),
    tick: () =>
      serial(async () => {
        const r = await deciding()
        if (!r) return
        const at = now()
        for (const p of (await progressOf(r)).values()) await save(tick(p, at), p)
        await settle(r)
      }),
  }
}
