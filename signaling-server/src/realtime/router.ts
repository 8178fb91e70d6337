import type { CallView } from '../../../common/signaling'
import { refuse } from './errors'
import { clerkOf, freeClerks, setPresence, terminalOnline } from './presence'
import { byQueueOrder, dequeue, positionsChanged, sortedQueue } from './queue'
import { sendStart } from './relay'
import {
  cancelTimer,
  emit,
  info,
  persist,
  schedule,
  type Ctx,
  type LiveCall,
  type StaffState,
} from './state'
import { announceEntry, announceRemoval, callView, entryView } from './views'

/**
 * Who talks to whom: offers to free clerks, their timeout, accept and pick. `route` runs once
 * at the end of every event (engine.ts); nothing here calls it.
 */

export type RevokeReason = 'timeout' | 'cancelled' | 'terminal_offline' | 'declined'

/**
 * Offers the longest-waiting highest-priority resident (whose kiosk is online) to the
 * longest-idle available clerk of that category, until one side runs out.
 */
export function route(ctx: Ctx): void {
  if (ctx.s.closed) return
  const free = freeClerks(ctx.s)
  if (free.length === 0) return
  const candidates: LiveCall[] = []
  for (const category of ctx.s.queues.keys()) {
    for (const c of sortedQueue(ctx.s, category)) {
      if (c.rec.state === 'queued' && terminalOnline(ctx.s, c.rec.terminalId)) candidates.push(c)
    }
  }
  candidates.sort(byQueueOrder)
  for (const call of candidates) {
    const idx = free.findIndex(
      (st) => st.user.categories.includes(call.rec.category) && !call.declinedBy.has(st.user.id),
    )
    if (idx < 0) continue
    const [clerk] = free.splice(idx, 1)
    offer(ctx, call, clerk!)
    if (free.length === 0) return
  }
}

function offer(ctx: Ctx, call: LiveCall, clerk: StaffState): void {
  const t = ctx.now()
  call.rec.state = 'offered'
  call.rec.offeredAt = t
  call.rec.clerkId = clerk.user.id
  // Both peers connect (without media) while the clerk reads the offer; accepting then only
  // switches media on. A new generation, so nothing of an earlier offer can interfere.
  call.rec.generation += 1
  call.preparedFor = clerk.user.id
  persist(ctx, call)
  clerk.offerCallId = call.rec.id
  const expiresAt = t + ctx.config.offerTimeoutMs
  schedule(ctx, call, 'offer', ctx.config.offerTimeoutMs)
  emit(ctx, { staff: clerk.user.id }, 'call:offer', { entry: entryView(ctx, call), expiresAt })
  sendStart(ctx, call, 'call:prepare')
  announceEntry(ctx, call)
  info(ctx, { callId: call.rec.id, clerkId: clerk.user.id }, 'offered')
}

/** Takes an offer back; unless the call is ending, the resident returns to the FRONT. */
export function revokeOffer(
  ctx: Ctx,
  call: LiveCall,
  reason: RevokeReason,
  backToFront: boolean,
): void {
  cancelTimer(ctx, call)
  const clerk = clerkOf(ctx.s, call.rec.clerkId)
  if (clerk && clerk.offerCallId === call.rec.id) {
    clerk.offerCallId = null
    if (clerk.socketId)
      emit(ctx, { staff: clerk.user.id }, 'call:offer-revoked', { callId: call.rec.id, reason })
  }
  if (call.preparedFor) {
    call.preparedFor = null
    if (terminalOnline(ctx.s, call.rec.terminalId))
      emit(ctx, { terminal: call.rec.terminalId }, 'call:offer-revoked', {
        callId: call.rec.id,
        reason,
      })
  }
  if (!backToFront) return
  call.rec.state = 'queued'
  call.rec.clerkId = null
  call.entry.front = true
  persist(ctx, call)
  ctx.fx.push({ kind: 'upsertEntry', entry: { ...call.entry } })
  announceEntry(ctx, call)
}

/** The offer timer fired: the resident goes back to the front, the silent console away. */
export function offerTimedOut(ctx: Ctx, callId: string): void {
  const call = ctx.s.calls.get(callId)
  if (!call || call.rec.state !== 'offered') return
  const clerk = clerkOf(ctx.s, call.rec.clerkId)
  revokeOffer(ctx, call, 'timeout', true)
  // A console that ignores offers is unattended: stop offering to it until the clerk is back.
  if (clerk) setPresence(ctx, clerk, 'away', 'offer_timeout')
  info(ctx, { callId, clerkId: clerk?.user.id }, 'offer timed out; resident back to the front')
  positionsChanged(ctx, call.rec.category)
}

/** The clerk takes the call: it leaves the queue and both parties start their peers. */
export function startCall(ctx: Ctx, call: LiveCall, clerk: StaffState): void {
  cancelTimer(ctx, call)
  const t = ctx.now()
  call.rec.state = 'connecting'
  call.rec.clerkId = clerk.user.id
  call.rec.acceptedAt ??= t
  // Accepting the offer this clerk's peers were prepared for keeps their generation.
  if (call.preparedFor !== clerk.user.id) call.rec.generation += 1
  call.preparedFor = null
  persist(ctx, call)
  dequeue(ctx.s, call)
  clerk.offerCallId = null
  clerk.callId = call.rec.id
  setPresence(ctx, clerk, 'busy', 'in_call')
  announceRemoval(ctx, call)
  sendStart(ctx, call, 'call:start')
  positionsChanged(ctx, call.rec.category)
  info(
    ctx,
    { callId: call.rec.id, clerkId: clerk.user.id, generation: call.rec.generation },
    'call accepted',
  )
}

function clerkOnly(st: StaffState): void {
  if (st.user.role !== 'clerk') refuse('forbidden', 'clerk role required')
}

/** `call:accept` (the clerk's own offer) or `queue:pick` (any waiting resident). */
export function takeCall(
  ctx: Ctx,
  st: StaffState,
  callId: string,
  viaPick: boolean,
): { call: CallView } {
  clerkOnly(st)
  const call = ctx.s.calls.get(callId)
  if (!call || !st.user.categories.includes(call.rec.category)) return refuse('not_found')
  if (st.callId) refuse('wrong_state', 'finish the current call first')
  if (viaPick) {
    if (st.presence === 'away') refuse('wrong_state', 'set presence to available first')
    if (call.rec.state === 'offered' && call.rec.clerkId !== st.user.id)
      refuse('wrong_state', 'offered to another clerk')
    if (call.rec.state !== 'queued' && call.rec.state !== 'offered')
      refuse('wrong_state', call.rec.state)
    if (!terminalOnline(ctx.s, call.rec.terminalId)) refuse('peer_unavailable')
    if (st.offerCallId && st.offerCallId !== callId) {
      const other = ctx.s.calls.get(st.offerCallId)
      if (other) revokeOffer(ctx, other, 'declined', true)
    }
  } else if (call.rec.state !== 'offered' || call.rec.clerkId !== st.user.id) {
    refuse('wrong_state', call.rec.state)
  }
  startCall(ctx, call, st)
  return { call: callView(ctx, call) }
}

/** The clerk declines an offer: never offered to them again, back to the front. */
export function decline(ctx: Ctx, st: StaffState, callId: string): void {
  clerkOnly(st)
  const call = ctx.s.calls.get(callId)
  if (!call || call.rec.state !== 'offered' || call.rec.clerkId !== st.user.id)
    return refuse('wrong_state')
  call.declinedBy.add(st.user.id)
  revokeOffer(ctx, call, 'declined', true)
}

/** `presence:set`: refused in a call; going away hands a pending offer back. */
export function requestPresence(ctx: Ctx, st: StaffState, presence: StaffState['presence']): void {
  clerkOnly(st)
  const call = st.callId ? ctx.s.calls.get(st.callId) : undefined
  if (call && call.rec.state !== 'ended') refuse('wrong_state', 'in a call')
  if (st.offerCallId && presence === 'away') {
    const offered = ctx.s.calls.get(st.offerCallId)
    if (offered) revokeOffer(ctx, offered, 'declined', true)
  }
  st.callId = null // leaving wrap-up without an outcome is allowed
  setPresence(ctx, st, presence, 'requested')
}

export { clerkOnly }
