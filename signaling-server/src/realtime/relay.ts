import { iceServersFor } from '../turn'
import { refuse } from './errors'
import { clerkOf, terminalOnline } from './presence'
import { ACTIVE, emit, type Ctx, type LiveCall, type Target } from './state'
import { callView } from './views'

/**
 * What passes between the two parties of a call: the start/prepare/renegotiate
 * announcements with their ICE servers, and SDP/ICE (`call:signal`) relayed only from one
 * party to the other, for the call's current generation.
 */

export type Side = 'terminal' | 'clerk'
export type RenegotiateReason =
  'peer-resumed' | 'ice-failed' | 'ice-disconnected' | 'media-error' | 'device-changed'

/** Who sent an event: a kiosk or a staff member. */
export type Caller = { kind: 'terminal'; terminalId: string } | { kind: 'staff'; userId: string }

const terminalTarget = (call: LiveCall): Target => ({ terminal: call.rec.terminalId })

/** Tells both parties to build a fresh peer for the call's current generation. */
export function sendStart(
  ctx: Ctx,
  call: LiveCall,
  event: 'call:prepare' | 'call:start' | 'call:renegotiate',
  reason: RenegotiateReason = 'peer-resumed',
): void {
  const view = callView(ctx, call)
  const t = ctx.now()
  const base = { call: view, generation: call.rec.generation }
  const tEvent = {
    ...base,
    initiator: false,
    iceServers: iceServersFor(ctx.config.ice, call.rec.terminalId, t),
    peer: { displayName: view.clerk?.displayName ?? '' },
  }
  const cEvent = {
    ...base,
    initiator: true,
    iceServers: iceServersFor(ctx.config.ice, `staff-${call.rec.clerkId}`, t),
    peer: { displayName: call.entry.maskedName ?? call.rec.terminalName },
  }
  const clerk = clerkOf(ctx.s, call.rec.clerkId)
  const extra = event === 'call:renegotiate' ? { reason } : {}
  if (terminalOnline(ctx.s, call.rec.terminalId))
    emit(ctx, terminalTarget(call), event, { ...tEvent, ...extra })
  if (clerk?.socketId) emit(ctx, { staff: clerk.user.id }, event, { ...cEvent, ...extra })
}

/** The same event to both parties (to those connected). */
export function emitToParties(ctx: Ctx, call: LiveCall, event: string, payload: unknown): void {
  if (terminalOnline(ctx.s, call.rec.terminalId)) emit(ctx, terminalTarget(call), event, payload)
  const clerk = clerkOf(ctx.s, call.rec.clerkId)
  if (clerk?.socketId) emit(ctx, { staff: clerk.user.id }, event, payload)
}

/** The call and the caller's side in it, or a `not_a_party` refusal (reported via `onReject`). */
export function mustBeParty(
  ctx: Ctx,
  caller: Caller,
  callId: string,
  prepared = false,
): { call: LiveCall; side: Side } | null {
  const call = ctx.s.calls.get(callId)
  const side =
    call && caller.kind === 'terminal' && call.rec.terminalId === caller.terminalId
      ? 'terminal'
      : call &&
          caller.kind === 'staff' &&
          call.rec.clerkId === caller.userId &&
          (call.rec.state !== 'offered' || (prepared && call.preparedFor === caller.userId))
        ? 'clerk'
        : null
  return call && side ? { call, side } : null
}

/** The other party's room, if that party is connected. */
function otherParty(ctx: Ctx, call: LiveCall, side: Side): Target | null {
  if (side === 'clerk')
    return terminalOnline(ctx.s, call.rec.terminalId) ? terminalTarget(call) : null
  const clerk = clerkOf(ctx.s, call.rec.clerkId)
  return clerk?.socketId ? { staff: clerk.user.id } : null
}

/** Relays SDP/ICE to the other party of the call's current generation. */
export function relaySignal(
  ctx: Ctx,
  call: LiveCall,
  side: Side,
  generation: number,
  data: unknown,
): void {
  const preparing = call.rec.state === 'offered' && call.preparedFor !== null
  if (!ACTIVE.has(call.rec.state) && !preparing) refuse('wrong_state', call.rec.state)
  if (generation !== call.rec.generation)
    refuse('stale_generation', `current ${call.rec.generation}`)
  const other = otherParty(ctx, call, side)
  if (!other || call.rec.state === 'reconnecting') return refuse('peer_unavailable')
  emit(ctx, other, 'call:signal', { callId: call.rec.id, generation: call.rec.generation, data })
}
