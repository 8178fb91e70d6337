import type { Presence, PositionInfo } from '../../../common/signaling'
import type { RateLimitConfig } from '../rate-limit'
import { defaultRateLimits } from '../rate-limit'
import type { CallRecord, QueueEntryRecord, UserRecord } from '../store/types'
import type { IceConfig } from '../turn'

export interface RealtimeConfig {
  /** An offer nobody answers goes back to the front after this long. */
  offerTimeoutMs: number
  /** A party whose link drops keeps its call this long. */
  graceMs: number
  /** A waiting resident whose kiosk is offline keeps the place this long. */
  queueHoldMs: number
  /** Talk time assumed for the wait estimate until real calls exist. */
  defaultHandleSeconds: number
  /** Minimum gap between two server-coordinated renegotiations of one call. */
  renegotiateMinGapMs: number
  /**
   * A waiting kiosk further back than `positionUrgentUpTo` hears that it moved up at most this
   * often: one leaving resident moves everyone behind, and at a busy counter that was most of
   * the server's writes (7,600 a second at 150 joins/s), for a number nobody reads by the ms.
   */
  positionCoalesceMs: number
  /** Positions this near the front (and any move back) are sent at once. */
  positionUrgentUpTo: number
  ice: IceConfig
  rateLimits: RateLimitConfig
}

export const defaultRealtimeConfig: RealtimeConfig = {
  offerTimeoutMs: 20_000,
  graceMs: 60_000,
  queueHoldMs: 5 * 60_000,
  defaultHandleSeconds: 300,
  renegotiateMinGapMs: 2_000,
  positionCoalesceMs: 2_000,
  positionUrgentUpTo: 3,
  ice: { stunUrls: [], turnUrls: [], turnSecret: null, turnTtlSeconds: 6 * 3600 },
  rateLimits: defaultRateLimits,
}

/** How long an ended call stays reachable for quality reports and the clerk's wrap-up. */
export const FORGET_ENDED_MS = 30 * 60_000

export interface LiveCall {
  rec: CallRecord
  entry: QueueEntryRecord
  graceEndsAt: number | null
  declinedBy: Set<string>
  lastRenegotiateAt: number
  /** The clerk for whom the current generation's peers were prepared while offered. */
  preparedFor: string | null
  /** Last position info sent to the kiosk, to send only changes. */
  lastPosition: PositionInfo | null
  /** When it was sent (0: never), to coalesce moves up the line. */
  positionSentAt: number
  /** Co-service with the call's clerk (coservice.ts); null when not asked or ended. */
  coService: {
    clerkId: string
    state: 'requested' | 'granted'
    /** The clerk's actions relayed under this consent: an outcome must answer one of them. */
    actions?: Set<string>
  } | null
}

/** A staff account as the counter holds it: what it routes on, never the password hash. */
export type StaffMember = Omit<UserRecord, 'passwordHash'>

export interface StaffState {
  user: StaffMember
  /** The id of the connected console's socket, or null while offline. */
  socketId: string | null
  presence: Presence
  idleSince: number
  offerCallId: string | null
  /** The call in progress, or the ended call awaiting its wrap-up (outcome). */
  callId: string | null
}

/** Everything the video counter knows, in one object the domain modules work on. */
export interface RealtimeState {
  calls: Map<string, LiveCall>
  /** terminal id → its open (or recently ended) call id */
  terminalCall: Map<string, string>
  /**
   * terminal id → its last ended call, while the counter still holds it (`forget`): a kiosk
   * that missed the end (emits lost while Redis restarted) learns from its state that the
   * call was served, rather than take the missing call for a lost entry and join again.
   */
  terminalEnded: Map<string, string>
  /** terminal id → id of its connected socket */
  terminalsOnline: Map<string, string>
  staff: Map<string, StaffState>
  /** category → ids of the calls waiting in it (queued or offered) */
  queues: Map<string, Set<string>>
  handleSecondsCache: Map<string, number>
  /** Categories with a coalesced position change still to send (queue.ts). */
  positionsPending: Set<string>
  closed: boolean
}

export function createState(): RealtimeState {
  return {
    calls: new Map(),
    terminalCall: new Map(),
    terminalEnded: new Map(),
    terminalsOnline: new Map(),
    staff: new Map(),
    queues: new Map(),
    handleSecondsCache: new Map(),
    positionsPending: new Set(),
    closed: false,
  }
}

export const ACTIVE: ReadonlySet<string> = new Set(['connecting', 'connected', 'reconnecting'])
export const QUEUED: ReadonlySet<string> = new Set(['queued', 'offered'])

export function liveCall(rec: CallRecord, entry: QueueEntryRecord): LiveCall {
  return {
    rec,
    entry,
    graceEndsAt: null,
    declinedBy: new Set(),
    lastRenegotiateAt: 0,
    preparedFor: null,
    lastPosition: null,
    positionSentAt: 0,
    coService: null,
  }
}

/** Where an emit goes: a socket.io room (notify.ts names them). */
export type Target =
  | { terminal: string }
  | { staff: string }
  | { category: string }
  | { supervisors: true }
  | { socket: string; ns: 'terminal' | 'staff' }

export type TimerKind = 'offer' | 'grace' | 'hold' | 'forget'

/** What a domain step asks the edge to do, in order. */
export type Effect =
  | { kind: 'emit'; to: Target; event: string; payload: unknown }
  | { kind: 'insertCall'; rec: CallRecord; entry: QueueEntryRecord }
  | { kind: 'persist'; rec: CallRecord }
  | { kind: 'upsertEntry'; entry: QueueEntryRecord }
  | { kind: 'deleteEntry'; callId: string }
  | { kind: 'schedule'; callId: string; timer: TimerKind; at: number }
  | { kind: 'cancel'; callId: string }
  | { kind: 'log'; obj: Record<string, unknown>; msg: string }

/** What the domain may read from outside (the store), injected so tests need no database. */
export interface Lookups {
  userName(id: string): string | null
  averageHandleSeconds(category: string): number | null
}

/** One event's working context: the state, the clock, and the effects it produced. */
export interface Ctx {
  s: RealtimeState
  now: () => number
  config: RealtimeConfig
  lookups: Lookups
  fx: Effect[]
  /** Categories whose positions must be re-sent once the event is done. */
  dirty: Set<string>
}

export function newCtx(
  s: RealtimeState,
  now: () => number,
  config: RealtimeConfig,
  lookups: Lookups,
): Ctx {
  return { s, now, config, lookups, fx: [], dirty: new Set() }
}

export const emit = (ctx: Ctx, to: Target, event: string, payload: unknown): void => {
  ctx.fx.push({ kind: 'emit', to, event, payload })
}
export const persist = (ctx: Ctx, call: LiveCall): void => {
  ctx.fx.push({ kind: 'persist', rec: { ...call.rec } })
}
export const schedule = (ctx: Ctx, call: LiveCall, timer: TimerKind, ms: number): void => {
  ctx.fx.push({ kind: 'schedule', callId: call.rec.id, timer, at: ctx.now() + ms })
}
export const cancelTimer = (ctx: Ctx, call: LiveCall): void => {
  ctx.fx.push({ kind: 'cancel', callId: call.rec.id })
}
export const info = (ctx: Ctx, obj: Record<string, unknown>, msg: string): void => {
  ctx.fx.push({ kind: 'log', obj, msg })
}
