import type { IdentityAnswer } from '../../../common/signaling'
import type { CallRecord, CoServiceEventRecord } from '../store/types'
import { refuse } from './errors'
import { clerkOf, terminalOnline } from './presence'
import type { Side } from './relay'
import { ACTIVE, emit, info, persist, type Ctx, type LiveCall } from './state'

/**
 * Identity checked by video (身份经视频核验) between the two parties of an active call: the
 * call's clerk sends the name and ID number they checked, the call's kiosk shows them and the
 * resident confirms or rejects. The identity is relayed, never stored or logged; the steps are
 * recorded with the call (in its co-service list), so the centre can verify the mark an
 * application carries (`verifiedIdentityCheck`).
 */

/** A clerk who resends after every 不对 cannot grow the record without bound. */
const MAX_SENDS = 10

type IdentityStep = Extract<
  CoServiceEventRecord['kind'],
  'identity-sent' | 'identity-confirmed' | 'identity-rejected'
>

function record(ctx: Ctx, call: LiveCall, kind: IdentityStep): void {
  call.rec.coService = [...call.rec.coService, { at: ctx.now(), kind, clerkId: call.rec.clerkId }]
  persist(ctx, call)
  info(ctx, { callId: call.rec.id, clerkId: call.rec.clerkId, step: kind }, 'identity check')
}

const identitySteps = (rec: CallRecord) =>
  rec.coService.filter((e) => e.kind.startsWith('identity-'))

/** The call's last identity step, when it was the current clerk's `identity-sent`. */
function pending(call: LiveCall): boolean {
  const last = identitySteps(call.rec).at(-1)
  return last?.kind === 'identity-sent' && last.clerkId === call.rec.clerkId
}

/** `idcheck:send`: the clerk of the active call sends the identity they checked. */
export function sendIdentity(
  ctx: Ctx,
  call: LiveCall,
  side: Side,
  identity: { name: string; idNumber: string; address?: string | undefined },
): void {
  if (side !== 'clerk') refuse('forbidden', 'clerk only')
  if (!ACTIVE.has(call.rec.state)) refuse('wrong_state', `call is ${call.rec.state}`)
  if (call.rec.state === 'reconnecting' || !terminalOnline(ctx.s, call.rec.terminalId))
    refuse('peer_unavailable')
  const sends = identitySteps(call.rec).filter((e) => e.kind === 'identity-sent').length
  if (sends >= MAX_SENDS) refuse('rate_limited', 'too many identities sent in this call')
  record(ctx, call, 'identity-sent')
  emit(ctx, { terminal: call.rec.terminalId }, 'idcheck:proposed', {
    callId: call.rec.id,
    ...identity,
    clerkId: call.rec.clerkId,
  })
}

/** `idcheck:answer`: the resident confirms or rejects what the clerk sent. */
export function answerIdentity(ctx: Ctx, call: LiveCall, side: Side, answer: IdentityAnswer): void {
  if (side !== 'terminal') refuse('forbidden', 'the resident answers')
  if (!ACTIVE.has(call.rec.state)) refuse('wrong_state', `call is ${call.rec.state}`)
  if (!pending(call)) refuse('wrong_state', 'no identity sent by the call’s clerk')
  record(ctx, call, answer === 'confirmed' ? 'identity-confirmed' : 'identity-rejected')
  const clerk = clerkOf(ctx.s, call.rec.clerkId)
  if (clerk?.socketId)
    emit(ctx, { staff: clerk.user.id }, 'idcheck:answered', { callId: call.rec.id, answer })
}

/**
 * Whether a call's record holds the resident's confirmation of an identity `clerkId` sent, from
 * the terminal that submits: what the centre requires of an application marked as checked by
 * video (applications/cases.ts).
 */
export function verifiedIdentityCheck(
  rec: CallRecord | null,
  terminalId: string,
  clerkId: string,
): boolean {
  if (!rec || rec.terminalId !== terminalId) return false
  const steps = identitySteps(rec)
  return steps.some(
    (e, i) =>
      e.kind === 'identity-confirmed' &&
      e.clerkId === clerkId &&
      steps[i - 1]?.kind === 'identity-sent' &&
      steps[i - 1]?.clerkId === clerkId,
  )
}
