import type {
  ClerkAction,
  ConsentDecision,
  CoServiceOutcomePayload,
  CoServicePagePayload,
  Mirror,
} from '../../../common/signaling'
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
const MAX_RECORDED = 200
/** Actions open under one consent: far more than a call takes, bounded all the same. */
const MAX_ACTIONS = 200

type Extra = Pick<CoServiceEventRecord, 'actionId' | 'action' | 'outcome' | 'reason'>

function record(
  ctx: Ctx,
  call: LiveCall,
  kind: CoServiceEventRecord['kind'],
  extra: Extra = {},
): void {
  if (call.rec.coService.length < MAX_RECORDED) {
    const step = { at: ctx.now(), kind, clerkId: call.rec.clerkId, ...extra }
    call.rec.coService = [...call.rec.coService, step]
    persist(ctx, call)
  }
  info(ctx, { callId: call.rec.id, clerkId: call.rec.clerkId, step: kind, ...extra }, 'co-service')
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

/** Consent holds, the other side is reachable: or the refusal that says which is missing. */
function mustShare(ctx: Ctx, call: LiveCall): void {
  mustBeActive(call)
  if (!consentHolds(call)) refuse('wrong_state', 'no consent to share')
  if (call.rec.state === 'reconnecting') refuse('peer_unavailable')
}

/**
 * `cosvc:action`: the clerk's request is relayed to the kiosk with the clerk's id as the centre
 * knows it (the kiosk records that, not anything the console claims). Only while the resident
 * shares the application with this clerk. Recorded by kind, never with its values.
 */
export function relayAction(
  ctx: Ctx,
  call: LiveCall,
  side: Side,
  actionId: string,
  action: ClerkAction,
): void {
  if (side !== 'clerk') refuse('forbidden', 'clerk only')
  mustShare(ctx, call)
  if (!terminalOnline(ctx.s, call.rec.terminalId)) refuse('peer_unavailable')
  const cs = current(call)!
  cs.actions ??= new Set()
  if (cs.actions.has(actionId)) refuse('wrong_state', 'action already sent')
  if (cs.actions.size >= MAX_ACTIONS) refuse('wrong_state', 'too many actions')
  cs.actions.add(actionId)
  record(ctx, call, 'action', { actionId, action: action.kind })
  emit(ctx, { terminal: call.rec.terminalId }, 'cosvc:action', {
    callId: call.rec.id,
    actionId,
    clerkId: cs.clerkId,
    action,
  })
}

/** `cosvc:outcome`: what the resident (or the kiosk) did with one of this consent's actions. */
export function relayOutcome(
  ctx: Ctx,
  call: LiveCall,
  side: Side,
  p: CoServiceOutcomePayload,
): void {
  if (side !== 'terminal') refuse('forbidden', 'the kiosk answers')
  mustShare(ctx, call)
  if (!current(call)!.actions?.has(p.actionId)) refuse('wrong_state', 'no such action')
  record(ctx, call, 'outcome', {
    actionId: p.actionId,
    outcome: p.outcome,
    ...(p.reason ? { reason: p.reason } : {}),
  })
  const clerk = clerkOf(ctx.s, call.rec.clerkId)
  if (clerk?.socketId) emit(ctx, { staff: clerk.user.id }, 'cosvc:outcome', p)
}

/** `cosvc:page`: a piece of a kept page, relayed like the mirror (never stored or logged). */
export function relayPage(ctx: Ctx, call: LiveCall, side: Side, p: CoServicePagePayload): void {
  if (side !== 'terminal') refuse('forbidden', 'the kiosk mirrors')
  mustShare(ctx, call)
  const clerk = clerkOf(ctx.s, call.rec.clerkId)
  if (!clerk?.socketId) return refuse('peer_unavailable')
  emit(ctx, { staff: clerk.user.id }, 'cosvc:page', p)
}

/** The call ended or went back to the queue: consent ends with it. */
export function endCoService(ctx: Ctx, call: LiveCall): void {
  const held = current(call)?.state === 'granted'
  call.coService = null
  if (held) record(ctx, call, 'ended')
}
