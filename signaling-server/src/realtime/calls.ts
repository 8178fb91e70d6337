import type { CallView, PositionInfo } from '../../../common/signaling'
import type { CallRecord, QueueEntryRecord } from '../store/types'
import { endCoService } from './coservice'
import { refuse } from './errors'
import { clerkOf, setPresence, terminalOnline } from './presence'
import { dequeue, enqueue, positionOf, positionsChanged } from './queue'
import { emitToParties, sendStart, type RenegotiateReason, type Side } from './relay'
import { offerTimedOut, revokeOffer, clerkOnly } from './router'
import {
  ACTIVE,
  cancelTimer,
  emit,
  FORGET_ENDED_MS,
  info,
  liveCall,
  persist,
  QUEUED,
  schedule,
  type Ctx,
  type LiveCall,
  type StaffState,
  type TimerKind,
} from './state'
import { announceEntry, announceRemoval, callView } from './views'

/**
 * The call state machine: queued → offered → connecting → connected ⇄ reconnecting → ended,
 * with its reasons (why a call ended, why it went back to the queue).
 */

export type EndReason = CallRecord['endReason'] & string

/** A new request in the queue (`queue:join`), written to the store before anything else. */
export function join(
  ctx: Ctx,
  rec: CallRecord,
  entry: QueueEntryRecord,
): { call: CallView; position: PositionInfo | null } {
  ctx.fx.push({ kind: 'insertCall', rec: { ...rec }, entry: { ...entry } })
  const call = liveCall(rec, entry)
  ctx.s.calls.set(rec.id, call)
  ctx.s.terminalCall.set(rec.terminalId, rec.id)
  enqueue(ctx.s, call)
  announceEntry(ctx, call)
  const position = positionOf(ctx, call)
  info(
    ctx,
    { callId: rec.id, terminalId: rec.terminalId, category: rec.category, priority: rec.priority },
    'joined queue',
  )
  return { call: callView(ctx, call), position }
}

/** The terminal's open request, for an idempotent join. */
export { positionOf as positionOfCall } from './queue'

export function openCallOf(ctx: Ctx, terminalId: string): LiveCall | undefined {
  const existing = ctx.s.terminalCall.get(terminalId)
  return existing ? ctx.s.calls.get(existing) : undefined
}

export function endCall(ctx: Ctx, call: LiveCall, reason: EndReason): void {
  cancelTimer(ctx, call)
  const wasQueued = QUEUED.has(call.rec.state)
  if (call.rec.state === 'offered') revokeOffer(ctx, call, 'cancelled', false)
  endCoService(ctx, call)
  call.rec.state = 'ended'
  call.rec.endReason = reason
  call.rec.endedAt = ctx.now()
  call.graceEndsAt = null
  persist(ctx, call)
  ctx.fx.push({ kind: 'deleteEntry', callId: call.rec.id })
  call.entry.maskedName = null
  if (wasQueued) {
    dequeue(ctx.s, call)
    announceRemoval(ctx, call)
  }
  ctx.s.terminalCall.delete(call.rec.terminalId)
  keepEnded(ctx, call, FORGET_ENDED_MS)
  emitToParties(ctx, call, 'call:ended', { callId: call.rec.id, reason })
  const clerk = clerkOf(ctx.s, call.rec.clerkId)
  if (clerk && clerk.callId === call.rec.id && wasQueued) clerk.callId = null
  if (call.rec.connectedAt) ctx.s.handleSecondsCache.delete(call.rec.category)
  positionsChanged(ctx, call.rec.category)
  info(ctx, { callId: call.rec.id, reason }, 'call ended')
}

/** Back to the FRONT of the queue with the same call id, e.g. after the grace period. */
export function requeue(ctx: Ctx, call: LiveCall, reason: 'clerk_lost' | 'terminal_lost'): void {
  cancelTimer(ctx, call)
  endCoService(ctx, call)
  const clerk = clerkOf(ctx.s, call.rec.clerkId)
  if (clerk && clerk.callId === call.rec.id) {
    clerk.callId = null
    if (clerk.socketId) {
      emit(ctx, { staff: clerk.user.id }, 'call:requeued', { callId: call.rec.id, reason })
      setPresence(ctx, clerk, 'available', 'restored')
    } else clerk.presence = 'away'
  }
  call.rec.state = 'queued'
  call.rec.clerkId = null
  call.rec.requeueCount += 1
  call.graceEndsAt = null
  call.entry.front = true
  persist(ctx, call)
  ctx.fx.push({ kind: 'upsertEntry', entry: { ...call.entry } })
  enqueue(ctx.s, call)
  if (terminalOnline(ctx.s, call.rec.terminalId))
    emit(ctx, { terminal: call.rec.terminalId }, 'call:requeued', { callId: call.rec.id, reason })
  else holdForOfflineTerminal(ctx, call)
  announceEntry(ctx, call)
  positionsChanged(ctx, call.rec.category)
  info(ctx, { callId: call.rec.id, reason }, 'requeued at the front')
}

/** A waiting resident whose kiosk is offline keeps the place for `queueHoldMs`. */
export function holdForOfflineTerminal(ctx: Ctx, call: LiveCall): void {
  schedule(ctx, call, 'hold', ctx.config.queueHoldMs)
}

/** A party's link dropped during a call: the grace period starts. */
export function partyLost(ctx: Ctx, call: LiveCall): void {
  if (call.rec.state === 'reconnecting') return // the grace timer is already running
  call.rec.state = 'reconnecting'
  persist(ctx, call)
  call.graceEndsAt = ctx.now() + ctx.config.graceMs
  schedule(ctx, call, 'grace', ctx.config.graceMs)
  emitToParties(ctx, call, 'call:peer-reconnecting', {
    callId: call.rec.id,
    graceEndsAt: call.graceEndsAt,
  })
}

function graceExpired(ctx: Ctx, callId: string): void {
  const call = ctx.s.calls.get(callId)
  if (!call || call.rec.state !== 'reconnecting') return
  const clerkOnline = !!clerkOf(ctx.s, call.rec.clerkId)?.socketId
  requeue(ctx, call, clerkOnline ? 'terminal_lost' : 'clerk_lost')
}

/**
 * Both parties online again: new generation, both sides build a new peer, clerk re-offers.
 * Returns the announcement (`call:renegotiate` to both), which the arriving socket sends only
 * after its `session:state`: that event comes first on every connection.
 */
export function tryResume(ctx: Ctx, call: LiveCall | undefined): () => void {
  const nothing = () => {}
  if (call?.rec.state !== 'reconnecting') return nothing
  const clerk = clerkOf(ctx.s, call.rec.clerkId)
  if (!clerk?.socketId || !terminalOnline(ctx.s, call.rec.terminalId)) return nothing
  cancelTimer(ctx, call)
  call.graceEndsAt = null
  call.rec.state = 'connecting'
  call.rec.generation += 1
  persist(ctx, call)
  clerk.callId = call.rec.id
  clerk.presence = 'busy'
  info(ctx, { callId: call.rec.id, generation: call.rec.generation }, 'call resumed')
  return () => sendStart(ctx, call, 'call:renegotiate', 'peer-resumed')
}

/**
 * An ended call stays reachable for `forMs` (until its `forget`): for quality reports, the
 * clerk's wrap-up, and as its kiosk's last call in the kiosk's session state.
 */
export function keepEnded(ctx: Ctx, call: LiveCall, forMs: number): void {
  ctx.s.terminalEnded.set(call.rec.terminalId, call.rec.id)
  schedule(ctx, call, 'forget', forMs)
}

/** A timer the scheduler kept for the call has come due. */
export function timerFired(ctx: Ctx, callId: string, timer: TimerKind): void {
  const call = ctx.s.calls.get(callId)
  if (timer === 'offer') offerTimedOut(ctx, callId)
  else if (timer === 'grace') graceExpired(ctx, callId)
  else if (timer === 'forget') {
    if (call && ctx.s.terminalEnded.get(call.rec.terminalId) === callId)
      ctx.s.terminalEnded.delete(call.rec.terminalId)
    ctx.s.calls.delete(callId)
  } else if (call && QUEUED.has(call.rec.state) && !terminalOnline(ctx.s, call.rec.terminalId))
    endCall(ctx, call, 'abandoned')
}

// ------------------------------------------------------------------ events of the parties

export function connected(ctx: Ctx, call: LiveCall, generation: number): { call: CallView } {
  if (generation !== call.rec.generation)
    refuse('stale_generation', `current ${call.rec.generation}`)
  if (call.rec.state === 'connecting') {
    call.rec.state = 'connected'
    call.rec.connectedAt ??= ctx.now()
    persist(ctx, call)
    emitToParties(ctx, call, 'call:state', { call: callView(ctx, call) })
  } else if (call.rec.state !== 'connected') refuse('wrong_state', call.rec.state)
  return { call: callView(ctx, call) }
}

export function renegotiate(
  ctx: Ctx,
  call: LiveCall,
  reason: RenegotiateReason,
): { call: CallView } {
  if (call.rec.state !== 'connecting' && call.rec.state !== 'connected')
    refuse('wrong_state', call.rec.state)
  const t = ctx.now()
  if (t - call.lastRenegotiateAt < ctx.config.renegotiateMinGapMs) refuse('rate_limited')
  const clerk = clerkOf(ctx.s, call.rec.clerkId)
  if (!clerk?.socketId || !terminalOnline(ctx.s, call.rec.terminalId)) refuse('peer_unavailable')
  call.lastRenegotiateAt = t
  call.rec.state = 'connecting'
  call.rec.generation += 1
  persist(ctx, call)
  sendStart(ctx, call, 'call:renegotiate', reason)
  return { call: callView(ctx, call) }
}

export function hangup(ctx: Ctx, call: LiveCall, side: Side): { call: CallView } {
  if (call.rec.state === 'ended') refuse('wrong_state', 'ended')
  if (QUEUED.has(call.rec.state)) {
    if (side !== 'terminal') refuse('wrong_state', call.rec.state)
    endCall(ctx, call, 'cancelled')
  } else endCall(ctx, call, side === 'terminal' ? 'hangup_terminal' : 'hangup_clerk')
  return { call: callView(ctx, call) }
}

export function cancel(ctx: Ctx, call: LiveCall): void {
  if (!QUEUED.has(call.rec.state)) refuse('wrong_state', call.rec.state)
  endCall(ctx, call, 'cancelled')
}

export function quality(ctx: Ctx, call: LiveCall, side: Side, summary: unknown): void {
  if (side === 'terminal') call.rec.qualityTerminal = summary as CallRecord['qualityTerminal']
  else call.rec.qualityClerk = summary as CallRecord['qualityClerk']
  persist(ctx, call)
}

/** The clerk records the outcome (ending the call if still open) and is available again. */
export function wrapup(
  ctx: Ctx,
  st: StaffState,
  callId: string,
  outcome: CallRecord['outcome'],
  notes: string | null,
): { call: CallView } {
  clerkOnly(st)
  const call = ctx.s.calls.get(callId)
  if (!call || call.rec.clerkId !== st.user.id) return refuse('not_a_party')
  if (ACTIVE.has(call.rec.state)) endCall(ctx, call, 'completed')
  else if (call.rec.state !== 'ended') refuse('wrong_state', call.rec.state)
  call.rec.outcome = outcome
  call.rec.notes = notes
  persist(ctx, call)
  if (st.callId === call.rec.id) {
    st.callId = null
    setPresence(ctx, st, 'available', 'wrapup_done')
  }
  return { call: callView(ctx, call) }
}
