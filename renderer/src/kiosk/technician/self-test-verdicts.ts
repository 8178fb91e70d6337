import type { RequestOutput } from '../../../../common/bridge/contract'
import {
  SelfTestPart,
  SelfTestResult,
  type SelfTestCheck,
  type SelfTestStatus,
} from '../../../../common/fleet/self-test'

/*
 * The self-test's rules, pure: what each part's findings mean (pass, fail with which reason,
 * skipped) and how a run's checks become the kept result. The runner (self-test-run.ts) gathers
 * the findings; the tests check these rules without a browser.
 */

/** Less free space than this fails the disk check: a day's photos would not fit. */
export const DISK_MIN_MB = 500
/** An outbox entry older than this fails the check (the console's 待发送积压 alert too). */
export const BACKLOG_MAX_SECONDS = 15 * 60
/** A kiosk clock further than this from the centre's fails: receipts and tokens carry times. */
export const CLOCK_SKEW_MAX_MS = 30_000
/** Below this width a material's photo is not legible. */
export const CAMERA_MIN_WIDTH = 640

/** What the technician reads beside a part (numbers and short tokens, shown in words). */
export type Facts = Record<string, string | number>

export interface PartOutcome {
  part: SelfTestPart
  status: SelfTestStatus
  detail?: string
  facts?: Facts
}

const outcome = (
  part: SelfTestPart,
  status: SelfTestStatus,
  detail?: string,
  facts?: Facts,
): PartOutcome => ({
  part,
  status,
  ...(detail ? { detail } : {}),
  ...(facts && Object.keys(facts).length ? { facts } : {}),
})

export function readerOutcome(r: RequestOutput<'selftest:reader'>): PartOutcome {
  const facts: Facts = r.card
    ? { name: r.card.name, idNumber: r.card.idNumber, cardType: r.card.cardType }
    : {}
  return outcome('id-reader', r.status, r.detail, facts)
}

export function printerOutcome(r: RequestOutput<'selftest:printer'>): PartOutcome {
  return outcome('printer', r.status, r.detail, {
    state: r.state,
    paper: r.paper,
    paperWidth: r.paperWidth,
  })
}

export type SignalingFinding = 'online' | 'refused' | 'down' | 'not-enrolled'
export type TurnFinding = { relay: boolean } | 'not-configured'

/**
 * The network: the centre reached, the signaling socket up, a TURN relay allocated (skipped
 * where no TURN server is configured for the kiosk), the clock within 30 s of the centre's. The
 * first failure names the check.
 */
export function networkOutcome(
  centre: RequestOutput<'selftest:network'>,
  signaling: SignalingFinding,
  turn: TurnFinding,
): PartOutcome {
  const facts: Facts = {
    centre: centre.reachable ? 'reachable' : (centre.detail ?? 'centre-unreachable'),
    signaling,
    turn: turn === 'not-configured' ? 'not-configured' : turn.relay ? 'relay' : 'no-relay',
  }
  if (centre.rttMs !== null) facts.rttMs = centre.rttMs
  if (centre.clockSkewMs !== null) facts.clockSkewMs = centre.clockSkewMs
  if (!centre.reachable)
    return outcome('network', 'fail', centre.detail ?? 'centre-unreachable', facts)
  if (signaling !== 'online') return outcome('network', 'fail', `signaling-${signaling}`, facts)
  if (turn !== 'not-configured' && !turn.relay)
    return outcome('network', 'fail', 'turn-no-relay', facts)
  if (centre.clockSkewMs !== null && Math.abs(centre.clockSkewMs) > CLOCK_SKEW_MAX_MS)
    return outcome('network', 'fail', 'clock-skew', facts)
  return outcome('network', 'pass', undefined, facts)
}

export function diskOutcome(m: RequestOutput<'selftest:machine'>): PartOutcome {
  if (m.diskFreeMb === null) return outcome('disk', 'fail', 'unknown')
  const facts = { freeMb: m.diskFreeMb }
  return m.diskFreeMb < DISK_MIN_MB
    ? outcome('disk', 'fail', 'disk-low', facts)
    : outcome('disk', 'pass', undefined, facts)
}

export function outboxOutcome(m: RequestOutput<'selftest:machine'>): PartOutcome {
  const facts: Facts = { waiting: m.outboxWaiting }
  if (m.outboxOldestAgeSeconds !== null) facts.oldestAgeSeconds = m.outboxOldestAgeSeconds
  return m.outboxOldestAgeSeconds !== null && m.outboxOldestAgeSeconds > BACKLOG_MAX_SECONDS
    ? outcome('outbox', 'fail', 'backlog', facts)
    : outcome('outbox', 'pass', undefined, facts)
}

export interface CameraFinding {
  error?: 'not-found' | 'denied' | 'error'
  width?: number
  height?: number
}
export function cameraOutcome(c: CameraFinding): PartOutcome {
  if (c.error) return outcome('camera', 'fail', c.error)
  const facts: Facts = { width: c.width ?? 0, height: c.height ?? 0 }
  return (c.width ?? 0) < CAMERA_MIN_WIDTH
    ? outcome('camera', 'fail', 'low-resolution', facts)
    : outcome('camera', 'pass', undefined, facts)
}

export interface MicrophoneFinding {
  error?: 'not-found' | 'denied' | 'error'
  /** The loudest level heard, 0–100. */
  peak?: number
}
export function microphoneOutcome(m: MicrophoneFinding): PartOutcome {
  if (m.error) return outcome('microphone', 'fail', m.error)
  return outcome('microphone', 'pass', undefined, { peak: Math.round(m.peak ?? 0) })
}

/** The speaker needs someone to listen: heard, not heard, or nobody asked. */
export function speakerOutcome(heard: boolean | null): PartOutcome {
  if (heard === null) return outcome('speaker', 'skipped', 'needs-person')
  return heard ? outcome('speaker', 'pass') : outcome('speaker', 'fail', 'not-heard')
}

/**
 * The result to keep: this run's checks, and for a part run on its own the other parts' checks
 * of the previous result (so testing the printer again after a refill clears its failure
 * without hiding the rest). Parts in the contract's order.
 */
export function resultOf(
  outcomes: readonly PartOutcome[],
  opts: { trigger: SelfTestResult['trigger']; at: number; previous?: SelfTestResult | null },
): SelfTestResult {
  const byPart = new Map<SelfTestPart, SelfTestCheck>()
  for (const c of opts.previous?.checks ?? []) byPart.set(c.part, c)
  for (const o of outcomes)
    byPart.set(o.part, {
      part: o.part,
      status: o.status,
      ...(o.detail ? { detail: o.detail } : {}),
    })
  const checks = SelfTestPart.options.flatMap((p) => {
    const c = byPart.get(p)
    return c ? [c] : []
  })
  return SelfTestResult.parse({
    at: opts.at,
    passed: checks.every((c) => c.status !== 'fail'),
    trigger: opts.trigger,
    checks,
  })
}
