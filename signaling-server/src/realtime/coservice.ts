import type { ConsentDecision, Mirror } from '../../../common/signaling'
import type { CoServiceEventRecord } from '../store/types'
import { refuse } from './errors'
import { clerkOf, terminalOnline } from './presence'
import type { Side } from './relay'
import { ACTIVE, emit, info, persist, type Ctx, type LiveCall } from './state'

/**
 * Co-service (键对键) between the two parties of an active call: the clerk asks to see the
 * application, the resident consents (or not, or withdraws), and only while consent holds the
 * kiosk's mirror is relayed to that clerk. Consent belongs to the call and its current clerk:
 * it ends with the call and when the call goes back to the queue. The steps are recorded with
 * the call; the mirror itself is relayed, never stored or logged (it is personal).
 */

/** More steps than any real call takes; a kiosk that loops cannot grow the record. */
const MAX_RECORDED = 40

function record(ctx: Ctx, call: LiveCall, kind: CoServiceEventRecord['kind']): void {
  if (call.rec.coService.length < MAX_RECORDED) {
    call.rec.coService = [...call.rec.coService, { at: ctx.now(), kind, clerkId: call.rec.clerkId }]
    persist(ctx, call)
  }
  info(ctx, { callId: call.rec.id, clerkId: call.rec.clerkId, step: kind }, 'co-service')
}

function mustBeActive(call: LiveCall): void {
  if (!ACTIVE.has(call.rec.state)) refuse('wrong_state', `call is ${call.rec.state}`)
}

/** The consent state that holds for the call's current clerk, if any. */
function current(call: LiveCall): LiveCall['coService'] {
  const cs = call.coService
  return cs && cs.clerkId === call.rec.clerkId ? cs : null
}

/** Whether the resident's consent holds right now (for the mirror and tests). */
export function consentHolds(call: LiveCall): boolean {
  return ACTIVE.has(call.rec.state) && current(call)?.state === 'granted'
}

/** `cosvc:request`: the clerk asks to see; the kiosk asks the resident. */
export function requestView(ctx: Ctx, call: LiveCall, side: Side): void {
  if (side !== 'clerk') refuse('forbidden', 'clerk only')
  mustBeActive(call)
  if (call.rec.state === 'reconnecting' || !terminalOnline(ctx.s, call.rec.terminalId))
    refuse('peer_unavailable')
  // Already shared: nothing to ask (the console has the mirror).
  if (current(call)?.state === 'granted') return
  call.coService = { clerkId: call.rec.clerkId!, state: 'requested' }
  record(ctx, call, 'requested')
  emit(ctx, { terminal: call.rec.terminalId }, 'cosvc:request', { callId: call.rec.id })
}

/** `cosvc:consent`: 同意 / 不同意 on the kiosk, or 停止共享 later. */
export function decide(ctx: Ctx, call: LiveCall, side: Side, decision: ConsentDecision): void {
  if (side !== 'terminal') refuse('forbidden', 'the resident decides')
  mustBeActive(call)
  const cs = current(call)
  if (decision === 'granted') {
    if (!cs) refuse('wrong_state', 'the clerk has not asked to see')
    if (cs!.state === 'granted') return
    cs!.state = 'granted'
  } else if (decision === 'declined') {
    if (cs?.state !== 'requested') refuse('wrong_state', 'nothing asked')
    call.coService = null
  } else {
    // Withdrawing what was never given is harmless: the kiosk may say it twice.
    if (cs?.state !== 'granted') return
    call.coService = null
  }
  record(ctx, call, decision)
  const clerk = clerkOf(ctx.s, call.rec.clerkId)
  if (clerk?.socketId)
    emit(ctx, { staff: clerk.user.id }, 'cosvc:consent', { callId: call.rec.id, decision })
}

/** `cosvc:mirror`: relayed to the call's clerk while consent holds. */
export function relayMirror(
  ctx: Ctx,
  call: LiveCall,
  side: Side,
  seq: number,
  mirror: Mirror,
): void {
  if (side !== 'terminal') refuse('forbidden', 'the kiosk mirrors')
  mustBeActive(call)
  if (!consentHolds(call)) refuse('wrong_state', 'no consent to share')
  const clerk = clerkOf(ctx.s, call.rec.clerkId)
  if (call.rec.state === 'reconnecting' || !clerk?.socketId) return refuse('peer_unavailable')
  emit(ctx, { staff: clerk.user.id }, 'cosvc:mirror', { callId: call.rec.id, seq, mirror })
}

/** The call ended or went back to the queue: consent ends with it. */
export function endCoService(ctx: Ctx, call: LiveCall): void {
  const held = current(call)?.state === 'granted'
  call.coService = null
  if (held) record(ctx, call, 'ended')
}
