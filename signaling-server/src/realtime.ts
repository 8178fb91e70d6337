import type { Namespace, Server, Socket } from 'socket.io'
import type { z } from 'zod'
import { maskName } from '../../common/privacy/mask'
import {
  compareQueueEntries,
  HandshakeAuth,
  STAFF_NAMESPACE,
  staffInbound,
  TERMINAL_NAMESPACE,
  terminalInbound,
  type Ack,
  type CallPartyServerEvents,
  type CallView,
  type ErrorCode,
  type PositionInfo,
  type Presence,
  type QueueEntryView,
  type QueueOverview,
  type QueueSnapshot,
  type StaffClientToServer,
  type StaffServerToClient,
  type StaffSessionState,
  type TerminalClientToServer,
  type TerminalServerToClient,
  type TerminalSessionState,
} from '../../common/signaling'
import { credentialMatches, newId, userForToken } from './auth'
import { describeIssue, nestedDeeperThan, tooDeepMessage } from './json-limits'
import { createWarnOnce } from './log-throttle'
import type { PinoLogger as Logger } from '../../node-common/logger'
import { buildOverview } from './overview'
import { priorityOf, priorityReasons } from './priority'
import { IdentityBudgets, defaultRateLimits, type RateLimitConfig } from './rate-limit'
import type { CallRecord, QueueEntryRecord, Store, TerminalRecord, UserRecord } from './store/types'
import type { TerminalTokens } from './terminal-token'
import { iceServersFor, type IceConfig } from './turn'

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
  ice: IceConfig
  rateLimits: RateLimitConfig
}

export const defaultRealtimeConfig: RealtimeConfig = {
  offerTimeoutMs: 20_000,
  graceMs: 60_000,
  queueHoldMs: 5 * 60_000,
  defaultHandleSeconds: 300,
  renegotiateMinGapMs: 2_000,
  ice: { stunUrls: [], turnUrls: [], turnSecret: null, turnTtlSeconds: 6 * 3600 },
  rateLimits: defaultRateLimits,
}

type TerminalData = {
  kind: 'terminal'
  terminalId: string
  name: string
  hall: string
}
type StaffData = { kind: 'staff'; userId: string }

type TerminalSocket = Socket<
  TerminalClientToServer,
  TerminalServerToClient,
  Record<string, never>,
  TerminalData
>
type StaffSocket = Socket<
  StaffClientToServer,
  StaffServerToClient,
  Record<string, never>,
  StaffData
>
type AnySocket = TerminalSocket | StaffSocket
/** What both kinds of party socket can be sent. */
type PartyEmitter = {
  emit<E extends keyof CallPartyServerEvents>(
    ev: E,
    ...args: Parameters<CallPartyServerEvents[E]>
  ): boolean
}

interface LiveCall {
  rec: CallRecord
  entry: QueueEntryRecord
  timer: NodeJS.Timeout | null
  graceEndsAt: number | null
  declinedBy: Set<string>
  lastRenegotiateAt: number
  /** The clerk for whom the current generation's peers were prepared while offered. */
  preparedFor: string | null
  /** Last position info sent to the kiosk, to send only changes. */
  lastPosition: PositionInfo | null
}

interface StaffState {
  user: UserRecord
  socket: StaffSocket | null
  presence: Presence
  idleSince: number
  offerCallId: string | null
  /** The call in progress, or the ended call awaiting its wrap-up (outcome). */
  callId: string | null
}

/** The router's order (front, priority, joined), the same the consoles use to list the queue. */
function byQueueOrder(a: LiveCall, b: LiveCall): number {
  const key = (c: LiveCall) => ({
    front: c.entry.front,
    priority: c.rec.priority,
    joinedAt: c.rec.queuedAt,
    callId: c.rec.id,
  })
  return compareQueueEntries(key(a), key(b))
}

class Refusal extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
  }
}

const messages: Record<ErrorCode, string> = {
  invalid_payload: '请求格式不正确 (invalid payload)',
  rate_limited: '请求过于频繁，请稍后再试 (rate limited)',
  unknown_event: '未知请求 (unknown event)',
  not_found: '找不到该通话 (call not found)',
  not_a_party: '您不是该通话的参与方 (not a party of this call)',
  wrong_state: '当前状态下不能执行此操作 (wrong state)',
  forbidden: '没有权限 (forbidden)',
  stale_generation: '连接已过期，请按最新协商重连 (stale peer generation)',
  peer_unavailable: '对方正在重新连接 (peer unavailable)',
  internal: '服务器内部错误 (internal error)',
}

const refuse = (code: ErrorCode, detail?: string): never => {
  throw new Refusal(code, detail ? `${messages[code]}: ${detail}` : messages[code])
}

const ACTIVE = new Set(['connecting', 'connected', 'reconnecting'])
const QUEUED = new Set(['queued', 'offered'])

function ageOn(birthDate: string, now: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number]
  let age = now.getFullYear() - y
  if (now.getMonth() + 1 < m || (now.getMonth() + 1 === m && now.getDate() < d)) age -= 1
  return age
}

export interface Realtime {
  /** Number of open calls (queued or active), for health and tests. */
  stats(): { queued: number; active: number; terminalsOnline: number; staffOnline: number }
  close(): void
}

/**
 * The queue, routing and call state machine over socket.io. In-memory state is authoritative
 * while the process runs and written through to the store on every transition, so a restart
 * rebuilds it (see `rebuild`).
 */
export function attachRealtime(
  io: Server,
  deps: {
    store: Store
    log: Logger
    now: () => number
    config: RealtimeConfig
    /** Short-lived terminal tokens (terminal-token.ts), accepted on `/terminal`. */
    tokens?: TerminalTokens
    /** The catalog's category ids: `queue:join` refuses any other. */
    categories: ReadonlySet<string>
  },
): Realtime {
  const { store, log, now, config } = deps
  // Rate limits and repeated warnings are per identity, so reconnecting resets neither.
  const budgets = new IdentityBudgets(config.rateLimits, now)
  const warnOnce = createWarnOnce(log)
  const identityOf = (sock: AnySocket): string =>
    sock.data.kind === 'terminal' ? `terminal:${sock.data.terminalId}` : `staff:${sock.data.userId}`
  const calls = new Map<string, LiveCall>()
  const terminalCall = new Map<string, string>()
  const terminalSockets = new Map<string, TerminalSocket>()
  const staff = new Map<string, StaffState>()
  const queues = new Map<string, Set<string>>()
  const handleSecondsCache = new Map<string, number>()
  let closed = false

  const tns = io.of(TERMINAL_NAMESPACE) as unknown as Namespace<
    TerminalClientToServer,
    TerminalServerToClient,
    Record<string, never>,
    TerminalData
  >
  const sns = io.of(STAFF_NAMESPACE) as unknown as Namespace<
    StaffClientToServer,
    StaffServerToClient,
    Record<string, never>,
    StaffData
  >

  // ------------------------------------------------------------------------------ helpers

  function safely(what: string, fn: () => void): void {
    try {
      fn()
    } catch (err) {
      log.error({ err, what }, 'handler failed')
    }
  }

  function setTimer(call: LiveCall, ms: number, what: string, fn: () => void): void {
    clearTimer(call)
    call.timer = setTimeout(() => {
      call.timer = null
      if (!closed) safely(what, fn)
    }, ms)
    call.timer.unref?.()
  }
  function clearTimer(call: LiveCall): void {
    if (call.timer) clearTimeout(call.timer)
    call.timer = null
  }

  function liveCall(rec: CallRecord, entry: QueueEntryRecord): LiveCall {
    return {
      rec,
      entry,
      timer: null,
      graceEndsAt: null,
      declinedBy: new Set(),
      lastRenegotiateAt: 0,
      preparedFor: null,
      lastPosition: null,
    }
  }

  function persist(call: LiveCall): void {
    store.updateCall(call.rec)
  }

  function staffState(user: UserRecord): StaffState {
    let s = staff.get(user.id)
    if (!s) {
      s = {
        user,
        socket: null,
        presence: 'away',
        idleSince: now(),
        offerCallId: null,
        callId: null,
      }
      staff.set(user.id, s)
    }
    return s
  }

  function clerkName(call: LiveCall): string | null {
    if (!call.rec.clerkId) return null
    return (
      staff.get(call.rec.clerkId)?.user.displayName ??
      store.getUser(call.rec.clerkId)?.displayName ??
      null
    )
  }

  function callView(call: LiveCall): CallView {
    const r = call.rec
    const name = ACTIVE.has(r.state) || r.state === 'ended' ? clerkName(call) : null
    return {
      callId: r.id,
      state: r.state,
      category: r.category,
      hall: r.hall,
      terminalName: r.terminalName,
      maskedName: call.entry.maskedName,
      item: { id: r.itemId, title: r.itemTitle },
      step: { id: r.stepId, label: r.stepLabel },
      mode: r.mode,
      priority: r.priority,
      priorityReasons: r.priorityReasons,
      clerk: name ? { displayName: name } : null,
      generation: r.generation,
      queuedAt: r.queuedAt,
      endReason: r.endReason,
    }
  }

  function entryView(call: LiveCall): QueueEntryView {
    const r = call.rec
    return {
      callId: r.id,
      category: r.category,
      hall: r.hall,
      terminalName: r.terminalName,
      maskedName: call.entry.maskedName,
      item: { id: r.itemId, title: r.itemTitle },
      step: { id: r.stepId, label: r.stepLabel },
      mode: r.mode,
      priority: r.priority,
      priorityReasons: r.priorityReasons,
      front: call.entry.front,
      joinedAt: r.queuedAt,
      state: r.state === 'offered' ? 'offered' : 'queued',
      terminalOnline: terminalSockets.has(r.terminalId),
    }
  }

  function sortedQueue(category: string): LiveCall[] {
    const ids = queues.get(category)
    if (!ids) return []
    const list: LiveCall[] = []
    for (const id of ids) {
      const c = calls.get(id)
      if (c) list.push(c)
    }
    return list.sort(byQueueOrder)
  }

  function staffRoomsFor(category: string): string[] {
    return [`cat:${category}`, 'all-categories']
  }

  function announceEntry(call: LiveCall): void {
    sns
      .to(staffRoomsFor(call.rec.category))
      .emit('queue:entry', { op: 'upsert', entry: entryView(call) })
  }
  function announceRemoval(call: LiveCall): void {
    sns
      .to(staffRoomsFor(call.rec.category))
      .emit('queue:entry', { op: 'remove', category: call.rec.category, callId: call.rec.id })
  }

  function enqueue(call: LiveCall): void {
    let set = queues.get(call.rec.category)
    if (!set) queues.set(call.rec.category, (set = new Set()))
    set.add(call.rec.id)
  }
  function dequeue(call: LiveCall): void {
    queues.get(call.rec.category)?.delete(call.rec.id)
    call.lastPosition = null
  }

  function clerksOnline(category: string): { online: number; available: number } {
    let online = 0
    let available = 0
    for (const s of staff.values()) {
      if (s.user.role !== 'clerk' || !s.socket || !s.user.categories.includes(category)) continue
      if (s.presence === 'away') continue
      online++
      if (s.presence === 'available' && !s.callId && !s.offerCallId) available++
    }
    return { online, available }
  }

  function handleSeconds(category: string): number {
    let v = handleSecondsCache.get(category)
    if (v === undefined) {
      v = store.averageHandleSeconds(category, 20) ?? config.defaultHandleSeconds
      handleSecondsCache.set(category, v)
    }
    return v
  }

  /**
   * Sends each waiting kiosk of the category its position and estimate, but only when it
   * changed (position) or moved by 30 s or more (estimate), so a long queue costs little.
   */
  function refreshPositions(category: string): void {
    const list = sortedQueue(category)
    if (list.length === 0) return
    const { online, available } = clerksOnline(category)
    const avg = handleSeconds(category)
    list.forEach((call, i) => {
      const position = i + 1
      const estimate =
        online === 0
          ? null
          : Math.round((((position - 1) / online) * avg + (available > 0 ? 0 : avg / 2)) / 10) * 10
      const info: PositionInfo = {
        callId: call.rec.id,
        position,
        estimatedWaitSeconds: estimate,
        clerksOnline: online,
      }
      const last = call.lastPosition
      const changed =
        !last ||
        last.position !== position ||
        last.clerksOnline !== online ||
        (last.estimatedWaitSeconds === null) !== (estimate === null) ||
        Math.abs((last.estimatedWaitSeconds ?? 0) - (estimate ?? 0)) >= 30
      if (!changed) return
      call.lastPosition = info
      terminalSockets.get(call.rec.terminalId)?.emit('queue:position', info)
    })
  }

  function positionOf(call: LiveCall): PositionInfo | null {
    if (!QUEUED.has(call.rec.state)) return null
    refreshPositions(call.rec.category)
    return call.lastPosition
  }

  // ------------------------------------------------------------------------------ routing

  /**
   * Offers the longest-waiting highest-priority resident (whose kiosk is online) to the
   * longest-idle available clerk of that category, until one side runs out.
   */
  function route(): void {
    if (closed) return
    const free = [...staff.values()]
      .filter(
        (s) =>
          s.user.role === 'clerk' &&
          s.socket &&
          s.presence === 'available' &&
          !s.callId &&
          !s.offerCallId,
      )
      .sort((a, b) => a.idleSince - b.idleSince)
    if (free.length === 0) return
    const candidates: LiveCall[] = []
    for (const category of queues.keys()) {
      for (const c of sortedQueue(category)) {
        if (c.rec.state === 'queued' && terminalSockets.has(c.rec.terminalId)) candidates.push(c)
      }
    }
    candidates.sort(byQueueOrder)
    for (const call of candidates) {
      const idx = free.findIndex(
        (s) => s.user.categories.includes(call.rec.category) && !call.declinedBy.has(s.user.id),
      )
      if (idx < 0) continue
      const [clerk] = free.splice(idx, 1)
      offer(call, clerk!)
      if (free.length === 0) return
    }
  }

  function offer(call: LiveCall, clerk: StaffState): void {
    const t = now()
    call.rec.state = 'offered'
    call.rec.offeredAt = t
    call.rec.clerkId = clerk.user.id
    // Both peers connect (without media) while the clerk reads the offer; accepting then only
    // switches media on. A new generation, so nothing of an earlier offer can interfere.
    call.rec.generation += 1
    call.preparedFor = clerk.user.id
    persist(call)
    clerk.offerCallId = call.rec.id
    const expiresAt = t + config.offerTimeoutMs
    setTimer(call, config.offerTimeoutMs, 'offer timeout', () => offerTimedOut(call.rec.id))
    clerk.socket?.emit('call:offer', { entry: entryView(call), expiresAt })
    sendStart(call, 'call:prepare')
    announceEntry(call)
    log.info({ callId: call.rec.id, clerkId: clerk.user.id }, 'offered')
  }

  /** Takes an offer back; unless the call is ending, the resident returns to the FRONT. */
  function revokeOffer(
    call: LiveCall,
    reason: 'timeout' | 'cancelled' | 'terminal_offline' | 'declined',
    backToFront: boolean,
  ): void {
    const clerkId = call.rec.clerkId
    clearTimer(call)
    const clerk = clerkId ? staff.get(clerkId) : undefined
    if (clerk && clerk.offerCallId === call.rec.id) {
      clerk.offerCallId = null
      clerk.socket?.emit('call:offer-revoked', { callId: call.rec.id, reason })
    }
    if (call.preparedFor) {
      call.preparedFor = null
      terminalSockets.get(call.rec.terminalId)?.emit('call:offer-revoked', {
        callId: call.rec.id,
        reason,
      })
    }
    if (!backToFront) return
    call.rec.state = 'queued'
    call.rec.clerkId = null
    call.entry.front = true
    persist(call)
    store.upsertQueueEntry(call.entry)
    announceEntry(call)
  }

  function offerTimedOut(callId: string): void {
    const call = calls.get(callId)
    if (!call || call.rec.state !== 'offered') return
    const clerk = call.rec.clerkId ? staff.get(call.rec.clerkId) : undefined
    revokeOffer(call, 'timeout', true)
    // A console that ignores offers is unattended: stop offering to it until the clerk is back.
    if (clerk) setPresence(clerk, 'away', 'offer_timeout')
    log.info({ callId, clerkId: clerk?.user.id }, 'offer timed out; resident back to the front')
    refreshPositions(call.rec.category)
    route()
  }

  function setPresence(
    s: StaffState,
    presence: Presence,
    reason: 'requested' | 'in_call' | 'wrapup_done' | 'offer_timeout' | 'restored',
  ): void {
    const was = s.presence
    s.presence = presence
    if (presence === 'available' && was !== 'available') s.idleSince = now()
    s.socket?.emit('presence:changed', { presence, reason })
    if (was !== presence) for (const c of s.user.categories) refreshPositions(c)
  }

  // ------------------------------------------------------------------------------ call transitions

  function startCall(call: LiveCall, clerk: StaffState): void {
    clearTimer(call)
    const t = now()
    call.rec.state = 'connecting'
    call.rec.clerkId = clerk.user.id
    call.rec.acceptedAt ??= t
    // Accepting the offer this clerk's peers were prepared for keeps their generation.
    if (call.preparedFor !== clerk.user.id) call.rec.generation += 1
    call.preparedFor = null
    persist(call)
    dequeue(call)
    clerk.offerCallId = null
    clerk.callId = call.rec.id
    setPresence(clerk, 'busy', 'in_call')
    announceRemoval(call)
    sendStart(call, 'call:start')
    refreshPositions(call.rec.category)
    log.info(
      { callId: call.rec.id, clerkId: clerk.user.id, generation: call.rec.generation },
      'call accepted',
    )
  }

  /** Tells both parties to build a fresh peer for the call's current generation. */
  function sendStart(
    call: LiveCall,
    event: 'call:prepare' | 'call:start' | 'call:renegotiate',
    reason:
      | 'peer-resumed'
      | 'ice-failed'
      | 'ice-disconnected'
      | 'media-error'
      | 'device-changed' = 'peer-resumed',
  ): void {
    const view = callView(call)
    const t = now()
    const clerk = call.rec.clerkId ? staff.get(call.rec.clerkId) : undefined
    const term = terminalSockets.get(call.rec.terminalId)
    const base = { call: view, generation: call.rec.generation }
    const tEvent = {
      ...base,
      initiator: false,
      iceServers: iceServersFor(config.ice, call.rec.terminalId, t),
      peer: { displayName: view.clerk?.displayName ?? '' },
    }
    const cEvent = {
      ...base,
      initiator: true,
      iceServers: iceServersFor(config.ice, `staff-${call.rec.clerkId}`, t),
      peer: { displayName: call.entry.maskedName ?? call.rec.terminalName },
    }
    if (event !== 'call:renegotiate') {
      term?.emit(event, tEvent)
      clerk?.socket?.emit(event, cEvent)
    } else {
      term?.emit('call:renegotiate', { ...tEvent, reason })
      clerk?.socket?.emit('call:renegotiate', { ...cEvent, reason })
    }
  }

  function emitToParties(call: LiveCall, fn: (s: PartyEmitter) => void): void {
    const term = terminalSockets.get(call.rec.terminalId)
    if (term) fn(term as unknown as PartyEmitter)
    const clerk = call.rec.clerkId ? staff.get(call.rec.clerkId)?.socket : null
    if (clerk) fn(clerk as unknown as PartyEmitter)
  }

  function endCall(call: LiveCall, reason: CallRecord['endReason'] & string): void {
    clearTimer(call)
    const wasQueued = QUEUED.has(call.rec.state)
    if (call.rec.state === 'offered') revokeOffer(call, 'cancelled', false)
    call.rec.state = 'ended'
    call.rec.endReason = reason
    call.rec.endedAt = now()
    call.graceEndsAt = null
    store.updateCall(call.rec)
    store.deleteQueueEntry(call.rec.id)
    call.entry.maskedName = null
    if (wasQueued) {
      dequeue(call)
      announceRemoval(call)
    }
    terminalCall.delete(call.rec.terminalId)
    emitToParties(call, (s) => s.emit('call:ended', { callId: call.rec.id, reason }))
    const clerk = call.rec.clerkId ? staff.get(call.rec.clerkId) : undefined
    if (clerk && clerk.callId === call.rec.id && wasQueued) clerk.callId = null
    // An ended call stays reachable a while for quality reports and the clerk's wrap-up.
    setTimer(call, 30 * 60_000, 'forget call', () => calls.delete(call.rec.id))
    if (call.rec.connectedAt) handleSecondsCache.delete(call.rec.category)
    refreshPositions(call.rec.category)
    log.info({ callId: call.rec.id, reason }, 'call ended')
    route()
  }

  /** Back to the FRONT of the queue with the same call id, e.g. after the grace period. */
  function requeue(call: LiveCall, reason: 'clerk_lost' | 'terminal_lost'): void {
    clearTimer(call)
    const clerk = call.rec.clerkId ? staff.get(call.rec.clerkId) : undefined
    if (clerk && clerk.callId === call.rec.id) {
      clerk.callId = null
      clerk.socket?.emit('call:requeued', { callId: call.rec.id, reason })
      if (clerk.socket) setPresence(clerk, 'available', 'restored')
      else clerk.presence = 'away'
    }
    call.rec.state = 'queued'
    call.rec.clerkId = null
    call.rec.requeueCount += 1
    call.graceEndsAt = null
    call.entry.front = true
    persist(call)
    store.upsertQueueEntry(call.entry)
    enqueue(call)
    terminalSockets.get(call.rec.terminalId)?.emit('call:requeued', { callId: call.rec.id, reason })
    if (!terminalSockets.has(call.rec.terminalId)) holdForOfflineTerminal(call)
    announceEntry(call)
    refreshPositions(call.rec.category)
    log.info({ callId: call.rec.id, reason }, 'requeued at the front')
    route()
  }

  function holdForOfflineTerminal(call: LiveCall): void {
    setTimer(call, config.queueHoldMs, 'queue hold', () => {
      if (QUEUED.has(call.rec.state) && !terminalSockets.has(call.rec.terminalId))
        endCall(call, 'abandoned')
    })
  }

  function partyLost(call: LiveCall): void {
    if (call.rec.state === 'reconnecting') return // the grace timer is already running
    call.rec.state = 'reconnecting'
    persist(call)
    call.graceEndsAt = now() + config.graceMs
    setTimer(call, config.graceMs, 'grace expiry', () => graceExpired(call.rec.id))
    const graceEndsAt = call.graceEndsAt
    emitToParties(call, (s) =>
      s.emit('call:peer-reconnecting', { callId: call.rec.id, graceEndsAt }),
    )
  }

  function graceExpired(callId: string): void {
    const call = calls.get(callId)
    if (!call || call.rec.state !== 'reconnecting') return
    const clerkOnline = !!(call.rec.clerkId && staff.get(call.rec.clerkId)?.socket)
    requeue(call, clerkOnline ? 'terminal_lost' : 'clerk_lost')
  }

  /**
   * Both parties online again: new generation, both sides build a new peer, clerk re-offers.
   * Returns the announcement (`call:renegotiate` to both), which the arriving socket sends only
   * after its `session:state`: that event comes first on every connection.
   */
  function tryResume(call: LiveCall | undefined): () => void {
    const nothing = () => {}
    if (call?.rec.state !== 'reconnecting') return nothing
    const clerk = call.rec.clerkId ? staff.get(call.rec.clerkId) : undefined
    if (!clerk?.socket || !terminalSockets.has(call.rec.terminalId)) return nothing
    clearTimer(call)
    call.graceEndsAt = null
    call.rec.state = 'connecting'
    call.rec.generation += 1
    persist(call)
    clerk.callId = call.rec.id
    clerk.presence = 'busy'
    log.info({ callId: call.rec.id, generation: call.rec.generation }, 'call resumed')
    return () => sendStart(call, 'call:renegotiate', 'peer-resumed')
  }

  /** `prepared`: the clerk an offer's peers are being prepared for counts as a party. */
  function mustBeParty(
    sock: AnySocket,
    callId: string,
    prepared = false,
  ): { call: LiveCall; side: 'terminal' | 'clerk' } {
    const call = calls.get(callId)
    const d = sock.data
    const side =
      call && d.kind === 'terminal' && call.rec.terminalId === d.terminalId
        ? 'terminal'
        : call &&
            d.kind === 'staff' &&
            call.rec.clerkId === d.userId &&
            (call.rec.state !== 'offered' || (prepared && call.preparedFor === d.userId))
          ? 'clerk'
          : null
    if (!call || !side) {
      warnOnce.warn(
        `non-party ${identityOf(sock)}`,
        { callId, from: d.kind === 'terminal' ? d.terminalId : d.userId },
        'rejected call event from a non-party',
      )
      // Same answer whether the call exists or not: a third party learns nothing.
      return refuse('not_a_party')
    }
    return { call, side }
  }

  function otherSocket(call: LiveCall, side: 'terminal' | 'clerk'): PartyEmitter | null {
    const s =
      side === 'clerk'
        ? terminalSockets.get(call.rec.terminalId)
        : call.rec.clerkId
          ? staff.get(call.rec.clerkId)?.socket
          : undefined
    return (s as unknown as PartyEmitter | undefined) ?? null
  }

  // ------------------------------------------------------------------------------ state snapshots

  function terminalState(sock: TerminalSocket): TerminalSessionState {
    const callId = terminalCall.get(sock.data.terminalId)
    const call = callId ? calls.get(callId) : undefined
    return {
      terminalId: sock.data.terminalId,
      hall: sock.data.hall,
      call: call ? callView(call) : null,
      position: call ? positionOf(call) : null,
    }
  }

  function staffSessionState(s: StaffState): StaffSessionState {
    const call = s.callId ? calls.get(s.callId) : undefined
    return {
      userId: s.user.id,
      role: s.user.role,
      displayName: s.user.displayName,
      categories: s.user.categories,
      presence: s.presence,
      call: call ? callView(call) : null,
    }
  }

  function snapshotFor(s: StaffState): QueueSnapshot {
    const cats = s.user.role === 'clerk' ? s.user.categories : [...queues.keys()]
    return {
      categories: cats.map((category) => ({
        category,
        entries: sortedQueue(category).map(entryView),
      })),
    }
  }

  // ------------------------------------------------------------------------------ inbound plumbing

  type Handler<S> = { schema: z.ZodType; fn: (sock: S, payload: never) => unknown }
  const on = <S, T extends z.ZodType>(
    schema: T,
    fn: (sock: S, payload: z.infer<T>) => unknown,
  ): Handler<S> => ({
    schema,
    fn: fn as Handler<S>['fn'],
  })

  /**
   * One listener per socket (`onAny`) dispatches to a shared handler table: rate limit, zod
   * validation, handler, ack. Any failure becomes an error ack; nothing thrown here reaches
   * socket.io or the process. A single closure per socket keeps idle sockets cheap.
   */
  function dispatch<S extends AnySocket>(
    sock: S,
    table: Record<string, Handler<S>>,
    event: string,
    args: unknown[],
  ): void {
    const last = args[args.length - 1]
    const ackFn = typeof last === 'function' ? (last as (a: Ack<unknown>) => void) : null
    const payload = ackFn ? (args.length > 1 ? args[0] : undefined) : args[0]
    const ack = (a: Ack<unknown>): void => {
      try {
        ackFn?.(a)
      } catch (err) {
        log.warn({ err, event }, 'ack failed')
      }
    }
    const fail = (code: ErrorCode, message: string = messages[code]): void =>
      ack({ ok: false, error: { code, message } })
    // Events already buffered when the socket was disconnected for flooding get no answer.
    if (!sock.connected) return
    try {
      const b = budgets.of(identityOf(sock))
      const bucket = event === 'call:signal' ? b.signal : b.control
      if (!bucket.take(now())) {
        if (!b.violations.take(now())) {
          warnOnce.warn(
            `flood ${identityOf(sock)}`,
            { event, identity: identityOf(sock) },
            'disconnecting a socket that keeps exceeding its rate limit',
          )
          sock.disconnect(true)
        }
        return fail('rate_limited')
      }
      const handler = Object.hasOwn(table, event) ? table[event] : undefined
      if (!handler) return fail('unknown_event')
      // Bounded before zod and the relay, whose recursion overflows on deep nesting.
      if (nestedDeeperThan(payload))
        return fail('invalid_payload', `${messages.invalid_payload}: ${tooDeepMessage}`)
      const parsed = handler.schema.safeParse(payload === undefined ? {} : payload)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        const where = issue ? describeIssue(issue) : null
        return fail(
          'invalid_payload',
          where ? `${messages.invalid_payload} ${where.path}: ${where.message}` : undefined,
        )
      }
      const data = handler.fn(sock, parsed.data as never)
      ack({ ok: true, data: data ?? {} })
    } catch (err) {
      if (err instanceof Refusal) return fail(err.code, err.message)
      log.error({ err, event }, 'handler threw')
      fail('internal')
    }
  }

  // Handlers shared by both parties of a call.
  const callHandlers = {
    'call:signal': on(staffInbound['call:signal'], (sock: AnySocket, p) => {
      const { call, side } = mustBeParty(sock, p.callId, true)
      const preparing = call.rec.state === 'offered' && call.preparedFor !== null
      if (!ACTIVE.has(call.rec.state) && !preparing) refuse('wrong_state', call.rec.state)
      if (p.generation !== call.rec.generation)
        refuse('stale_generation', `current ${call.rec.generation}`)
      const other = otherSocket(call, side)
      if (!other || call.rec.state === 'reconnecting') return refuse('peer_unavailable')
      other.emit('call:signal', {
        callId: call.rec.id,
        generation: call.rec.generation,
        data: p.data,
      })
      return {}
    }),
    'call:connected': on(staffInbound['call:connected'], (sock: AnySocket, p) => {
      const { call } = mustBeParty(sock, p.callId)
      if (p.generation !== call.rec.generation)
        refuse('stale_generation', `current ${call.rec.generation}`)
      if (call.rec.state === 'connecting') {
        call.rec.state = 'connected'
        call.rec.connectedAt ??= now()
        persist(call)
        const view = callView(call)
        emitToParties(call, (s) => s.emit('call:state', { call: view }))
      } else if (call.rec.state !== 'connected') refuse('wrong_state', call.rec.state)
      return { call: callView(call) }
    }),
    'call:renegotiate': on(staffInbound['call:renegotiate'], (sock: AnySocket, p) => {
      const { call } = mustBeParty(sock, p.callId)
      if (call.rec.state !== 'connecting' && call.rec.state !== 'connected')
        refuse('wrong_state', call.rec.state)
      const t = now()
      if (t - call.lastRenegotiateAt < config.renegotiateMinGapMs) refuse('rate_limited')
      const clerk = call.rec.clerkId ? staff.get(call.rec.clerkId) : undefined
      if (!clerk?.socket || !terminalSockets.has(call.rec.terminalId)) refuse('peer_unavailable')
      call.lastRenegotiateAt = t
      call.rec.state = 'connecting'
      call.rec.generation += 1
      persist(call)
      sendStart(call, 'call:renegotiate', p.reason)
      return { call: callView(call) }
    }),
    'call:hangup': on(staffInbound['call:hangup'], (sock: AnySocket, p) => {
      const { call, side } = mustBeParty(sock, p.callId)
      if (call.rec.state === 'ended') refuse('wrong_state', 'ended')
      if (QUEUED.has(call.rec.state)) {
        if (side !== 'terminal') refuse('wrong_state', call.rec.state)
        endCall(call, 'cancelled')
      } else endCall(call, side === 'terminal' ? 'hangup_terminal' : 'hangup_clerk')
      return { call: callView(call) }
    }),
    'call:quality': on(staffInbound['call:quality'], (sock: AnySocket, p) => {
      const { call, side } = mustBeParty(sock, p.callId)
      if (side === 'terminal') call.rec.qualityTerminal = p.summary
      else call.rec.qualityClerk = p.summary
      persist(call)
      return {}
    }),
  }

  // ------------------------------------------------------------------------------ terminals

  const terminalHandlers: Record<keyof typeof terminalInbound, Handler<TerminalSocket>> = {
    ...callHandlers,
    'session:resume': on(terminalInbound['session:resume'], (sock: TerminalSocket, p) => {
      if (p.callId) {
        const call = calls.get(p.callId)
        if (call && call.rec.terminalId === sock.data.terminalId)
          return { ...terminalState(sock), call: callView(call) }
      }
      return terminalState(sock)
    }),

    'queue:join': on(terminalInbound['queue:join'], (sock: TerminalSocket, p) => {
      if (!deps.categories.has(p.category))
        refuse('invalid_payload', 'category: not in the centre’s catalog')
      const id = sock.data.terminalId
      const existing = terminalCall.get(id)
      const open = existing ? calls.get(existing) : undefined
      // Idempotent: a retried or repeated join returns the open request.
      if (open) return { call: callView(open), position: positionOf(open) }
      const t = now()
      const reasons = priorityReasons(
        p.birthDate ? ageOn(p.birthDate, new Date(t)) : null,
        p.disability,
      )
      const rec: CallRecord = {
        id: newId('c'),
        terminalId: id,
        hall: sock.data.hall,
        terminalName: sock.data.name,
        category: p.category,
        itemId: p.item.id,
        itemTitle: p.item.title,
        stepId: p.step.id,
        stepLabel: p.step.label,
        mode: p.mode,
        priority: priorityOf(reasons),
        priorityReasons: reasons,
        state: 'queued',
        endReason: null,
        clerkId: null,
        generation: 0,
        requeueCount: 0,
        queuedAt: t,
        offeredAt: null,
        acceptedAt: null,
        connectedAt: null,
        endedAt: null,
        outcome: null,
        notes: null,
        qualityTerminal: null,
        qualityClerk: null,
      }
      const entry: QueueEntryRecord = {
        callId: rec.id,
        maskedName: p.residentName ? maskName(p.residentName) : null,
        front: false,
      }
      store.insertCall(rec, entry)
      const call = liveCall(rec, entry)
      calls.set(rec.id, call)
      terminalCall.set(id, rec.id)
      enqueue(call)
      announceEntry(call)
      refreshPositions(rec.category)
      const position = call.lastPosition
      log.info(
        { callId: rec.id, terminalId: id, category: rec.category, priority: rec.priority },
        'joined queue',
      )
      route()
      return { call: callView(call), position }
    }),

    'queue:cancel': on(terminalInbound['queue:cancel'], (sock: TerminalSocket, p) => {
      const { call } = mustBeParty(sock, p.callId)
      if (!QUEUED.has(call.rec.state)) refuse('wrong_state', call.rec.state)
      endCall(call, 'cancelled')
      return {}
    }),
  }

  function terminalDisconnected(sock: TerminalSocket): void {
    const id = sock.data.terminalId
    if (terminalSockets.get(id) !== sock) return // replaced by a newer socket
    terminalSockets.delete(id)
    const callId = terminalCall.get(id)
    const call = callId ? calls.get(callId) : undefined
    if (!call) return
    if (call.rec.state === 'offered') revokeOffer(call, 'terminal_offline', true)
    if (QUEUED.has(call.rec.state)) {
      holdForOfflineTerminal(call)
      announceEntry(call)
      route()
    } else if (ACTIVE.has(call.rec.state)) partyLost(call)
  }

  function terminalByCredential(terminalId: string, credential: string): TerminalRecord | null {
    const t = store.getTerminal(terminalId)
    return t && t.revokedAt === null && credentialMatches(credential, t.credentialHash) ? t : null
  }

  tns.use((sock, next) => {
    try {
      const auth = HandshakeAuth.safeParse(sock.handshake.auth)
      if (!auth.success) return next(connectError('unauthorized'))
      if (auth.data.kind === 'staff') return next(connectError('wrong_role'))
      const t =
        auth.data.kind === 'terminal-token'
          ? (deps.tokens?.verify(auth.data.token, auth.data.terminalId) ?? null)
          : terminalByCredential(auth.data.terminalId, auth.data.credential)
      if (!t) {
        warnOnce.warn(
          'terminal handshake refused',
          { terminalId: auth.data.terminalId },
          'terminal handshake refused',
        )
        return next(connectError('unauthorized'))
      }
      sock.data = { kind: 'terminal', terminalId: t.id, name: t.name, hall: t.hall }
      next()
    } catch (err) {
      log.error({ err }, 'terminal handshake failed')
      next(connectError('unauthorized'))
    }
  })

  tns.on('connection', (sock) =>
    safely('terminal connection', () => {
      const id = sock.data.terminalId
      const previous = terminalSockets.get(id)
      terminalSockets.set(id, sock)
      if (previous && previous !== sock) previous.disconnect(true)
      sock.onAny((event: string, ...args: unknown[]) =>
        dispatch(sock, terminalHandlers, event, args),
      )
      sock.on('disconnect', () => safely('terminal disconnect', () => terminalDisconnected(sock)))

      // Arrival: restore whatever this terminal had open.
      const callId = terminalCall.get(id)
      const call = callId ? calls.get(callId) : undefined
      if (call && QUEUED.has(call.rec.state)) {
        clearTimer(call)
        call.lastPosition = null
        announceEntry(call)
      }
      const announceResume = tryResume(call)
      sock.emit('session:state', terminalState(sock))
      announceResume()
      if (call && QUEUED.has(call.rec.state)) route()
    }),
  )

  // ------------------------------------------------------------------------------ staff

  const me = (sock: StaffSocket): StaffState => staff.get(sock.data.userId)!
  function clerkOnly(s: StaffState): void {
    if (s.user.role !== 'clerk') refuse('forbidden', 'clerk role required')
  }

  function takeCall(s: StaffState, callId: string, viaPick: boolean): { call: CallView } {
    clerkOnly(s)
    const call = calls.get(callId)
    if (!call || !s.user.categories.includes(call.rec.category)) return refuse('not_found')
    if (s.callId) refuse('wrong_state', 'finish the current call first')
    if (viaPick) {
      if (s.presence === 'away') refuse('wrong_state', 'set presence to available first')
      if (call.rec.state === 'offered' && call.rec.clerkId !== s.user.id)
        refuse('wrong_state', 'offered to another clerk')
      if (call.rec.state !== 'queued' && call.rec.state !== 'offered')
        refuse('wrong_state', call.rec.state)
      if (!terminalSockets.has(call.rec.terminalId)) refuse('peer_unavailable')
      if (s.offerCallId && s.offerCallId !== callId) {
        const other = calls.get(s.offerCallId)
        if (other) revokeOffer(other, 'declined', true)
      }
    } else if (call.rec.state !== 'offered' || call.rec.clerkId !== s.user.id) {
      refuse('wrong_state', call.rec.state)
    }
    startCall(call, s)
    route()
    return { call: callView(call) }
  }

  const staffHandlers: Record<keyof typeof staffInbound, Handler<StaffSocket>> = {
    ...callHandlers,
    'session:resume': on(staffInbound['session:resume'], (sock: StaffSocket) =>
      staffSessionState(me(sock)),
    ),
    'queue:list': on(staffInbound['queue:list'], (sock: StaffSocket) => snapshotFor(me(sock))),
    'queue:overview': on(staffInbound['queue:overview'], (sock: StaffSocket) => {
      if (me(sock).user.role === 'clerk') refuse('forbidden', 'supervisor or admin role required')
      return overview()
    }),

    'presence:set': on(staffInbound['presence:set'], (sock: StaffSocket, p) => {
      const s = me(sock)
      clerkOnly(s)
      const call = s.callId ? calls.get(s.callId) : undefined
      if (call && call.rec.state !== 'ended') refuse('wrong_state', 'in a call')
      if (s.offerCallId && p.presence === 'away') {
        const offered = calls.get(s.offerCallId)
        if (offered) revokeOffer(offered, 'declined', true)
      }
      s.callId = null // leaving wrap-up without an outcome is allowed
      setPresence(s, p.presence, 'requested')
      route()
      return { presence: s.presence }
    }),

    'call:accept': on(staffInbound['call:accept'], (sock: StaffSocket, p) =>
      takeCall(me(sock), p.callId, false),
    ),
    'queue:pick': on(staffInbound['queue:pick'], (sock: StaffSocket, p) =>
      takeCall(me(sock), p.callId, true),
    ),

    'call:decline': on(staffInbound['call:decline'], (sock: StaffSocket, p) => {
      const s = me(sock)
      clerkOnly(s)
      const call = calls.get(p.callId)
      if (!call || call.rec.state !== 'offered' || call.rec.clerkId !== s.user.id)
        return refuse('wrong_state')
      call.declinedBy.add(s.user.id)
      revokeOffer(call, 'declined', true)
      route()
      return {}
    }),

    'call:wrapup': on(staffInbound['call:wrapup'], (sock: StaffSocket, p) => {
      const s = me(sock)
      clerkOnly(s)
      const call = calls.get(p.callId)
      if (!call || call.rec.clerkId !== s.user.id) return refuse('not_a_party')
      if (ACTIVE.has(call.rec.state)) endCall(call, 'completed')
      else if (call.rec.state !== 'ended') refuse('wrong_state', call.rec.state)
      call.rec.outcome = p.outcome
      call.rec.notes = p.notes ?? null
      persist(call)
      if (s.callId === call.rec.id) {
        s.callId = null
        setPresence(s, 'available', 'wrapup_done')
        route()
      }
      return { call: callView(call) }
    }),
  }

  function staffDisconnected(sock: StaffSocket): void {
    const s = me(sock)
    if (s.socket !== sock) return
    s.socket = null
    if (s.offerCallId) {
      const offered = calls.get(s.offerCallId)
      if (offered) revokeOffer(offered, 'declined', true)
      s.offerCallId = null
    }
    const call = s.callId ? calls.get(s.callId) : undefined
    if (call && ACTIVE.has(call.rec.state)) partyLost(call)
    for (const c of s.user.categories) refreshPositions(c)
    route()
  }

  sns.use((sock, next) => {
    try {
      const auth = HandshakeAuth.safeParse(sock.handshake.auth)
      if (!auth.success) return next(connectError('unauthorized'))
      if (auth.data.kind !== 'staff') return next(connectError('wrong_role'))
      const user = userForToken(store, auth.data.token, now())
      if (!user) return next(connectError('unauthorized'))
      sock.data = { kind: 'staff', userId: user.id }
      staffState(user).user = user
      next()
    } catch (err) {
      log.error({ err }, 'staff handshake failed')
      next(connectError('unauthorized'))
    }
  })

  sns.on('connection', (sock) =>
    safely('staff connection', () => {
      const s = me(sock)
      const previous = s.socket
      s.socket = sock
      if (previous && previous !== sock) previous.disconnect(true)
      if (s.user.role === 'clerk') void sock.join(s.user.categories.map((c) => `cat:${c}`))
      else void sock.join('all-categories')
      sock.onAny((event: string, ...args: unknown[]) => dispatch(sock, staffHandlers, event, args))
      sock.on('disconnect', () => safely('staff disconnect', () => staffDisconnected(sock)))

      const announceResume = tryResume(s.callId ? calls.get(s.callId) : undefined)
      sock.emit('session:state', staffSessionState(s))
      sock.emit('queue:snapshot', snapshotFor(s))
      if (s.user.role !== 'clerk') sock.emit('queue:overview', overview())
      announceResume()
      for (const c of s.user.categories) refreshPositions(c)
      route()
    }),
  )

  // ------------------------------------------------------------------------------ overview

  /** The supervisors' view (overview.ts), from the live queues and the connected clerks. */
  function overview(): QueueOverview {
    const waiting = new Map<string, number[]>()
    for (const [category, ids] of queues) {
      const joined: number[] = []
      for (const id of ids) {
        const c = calls.get(id)
        if (c && QUEUED.has(c.rec.state)) joined.push(c.rec.queuedAt)
      }
      waiting.set(category, joined)
    }
    const clerks = [...staff.values()]
      .filter((s) => s.user.role === 'clerk' && s.socket)
      .map((s) => ({ categories: s.user.categories, presence: s.presence }))
    return buildOverview({ waiting, clerks })
  }

  // Recomputed once a second while a supervisor or admin is connected, sent only when it
  // changed: one place instead of a hook in every transition, and cheap (queues and clerks).
  let lastOverview = ''
  const overviewTimer = setInterval(
    () =>
      safely('overview', () => {
        if (closed || !sns.adapter.rooms.get('all-categories')?.size) return
        const next = overview()
        const text = JSON.stringify(next)
        if (text === lastOverview) return
        lastOverview = text
        sns.to('all-categories').emit('queue:overview', next)
      }),
    1_000,
  )
  overviewTimer.unref?.()

  // Only the two namespaces above exist; the default one is refused.
  io.use((_sock, next) => next(connectError('wrong_namespace')))

  // ------------------------------------------------------------------------------ rebuild

  /**
   * After a restart: open calls come back from the store. An offer in flight is lost, so that
   * resident goes to the front; calls in progress wait for both parties (grace period) and then
   * renegotiate; waiting entries hold their place while their kiosks reconnect.
   */
  function rebuild(): void {
    const entries = new Map(store.listQueueEntries().map((e) => [e.callId, e]))
    for (const rec of store.listOpenCalls()) {
      const entry = entries.get(rec.id) ?? { callId: rec.id, maskedName: null, front: false }
      const call = liveCall(rec, entry)
      calls.set(rec.id, call)
      terminalCall.set(rec.terminalId, rec.id)
      if (rec.state === 'offered') {
        rec.state = 'queued'
        rec.clerkId = null
        entry.front = true
        persist(call)
        store.upsertQueueEntry(entry)
      }
      if (rec.state === 'queued') {
        enqueue(call)
        holdForOfflineTerminal(call)
      } else if (ACTIVE.has(rec.state)) {
        const user = rec.clerkId ? store.getUser(rec.clerkId) : null
        if (user) {
          const s = staffState(user)
          s.callId = rec.id
          s.presence = 'busy'
        }
        rec.state = 'connecting' // let partyLost move it to reconnecting with a fresh grace
        partyLost(call)
      }
    }
    if (calls.size) log.info({ open: calls.size }, 'rebuilt open calls from the store')
  }
  rebuild()

  return {
    stats() {
      let queued = 0
      let active = 0
      for (const c of calls.values()) {
        if (QUEUED.has(c.rec.state)) queued++
        else if (ACTIVE.has(c.rec.state)) active++
      }
      let staffOnline = 0
      for (const s of staff.values()) if (s.socket) staffOnline++
      return { queued, active, terminalsOnline: terminalSockets.size, staffOnline }
    },
    close() {
      closed = true
      clearInterval(overviewTimer)
      for (const c of calls.values()) clearTimer(c)
      warnOnce.flush()
    },
  }
}

function connectError(code: 'unauthorized' | 'wrong_role' | 'wrong_namespace'): Error {
  const err = new Error(code) as Error & { data?: unknown }
  err.data = { code }
  return err
}
