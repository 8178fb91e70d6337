/**
 * Identity checked by video (身份经视频核验): a resident without an ID card asks for video help
 * from the sign-in screen; the clerk checks who they are by questions, types the name and the
 * ID number (check digit verified) and sends them; the kiosk shows them masked and the resident
 * confirms. Only the clerk of an active call sends, only that call's kiosk answers; the server
 * validates both against these schemas and relays (docs/signaling-protocol.md, "Identity check").
 */
import { z } from 'zod'
import { idNumberCheckValid } from '../devices/id-number'

const CallId = z.string().regex(/^c_[A-Za-z0-9_-]{8,40}$/)
const strict = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape)

/** An 18-character number whose GB 11643 check character holds (resident, J and Y numbers). */
export const CheckedIdNumber = z
  .string()
  .regex(/^[1-9][0-9]{16}[0-9X]$/, 'not an 18-character ID number')
  .refine(idNumberCheckValid, 'check digit does not match')

/** A Chinese name as the clerk types it (the card's field is at most 15 characters; 50 here). */
export const CheckedName = z
  .string()
  .min(1)
  .max(50)
  .regex(/^[^\s\d<>{}[\]"\\]+(?:[ ·•][^\s\d<>{}[\]"\\]+)*$/, 'not a name')

/** The resident's answer on the kiosk: 确认无误, or 信息不对. */
export const IdentityAnswer = z.enum(['confirmed', 'rejected'])
export type IdentityAnswer = z.infer<typeof IdentityAnswer>

// Inbound (client → server)

/**
 * The registered (hukou) address as the resident tells it, optional: a card's address prefills
 * the form and decides hukou conditions; without it the resident types it on the form.
 */
export const CheckedAddress = z.string().trim().min(2).max(70)

/** Clerk → server: the identity checked by video, for the resident to confirm. */
export const IdentitySendPayload = strict({
  callId: CallId,
  name: CheckedName,
  idNumber: CheckedIdNumber,
  address: CheckedAddress.optional(),
})
export type IdentitySendPayload = z.infer<typeof IdentitySendPayload>

/** Kiosk → server: the resident's answer to the identity the clerk sent. */
export const IdentityAnswerPayload = strict({ callId: CallId, answer: IdentityAnswer })
export type IdentityAnswerPayload = z.infer<typeof IdentityAnswerPayload>

// Outbound (server → the other party)

/** To the kiosk: what the clerk typed, and who the clerk is (their id goes with the application). */
export const IdentityProposedEvent = z.object({
  callId: CallId,
  name: CheckedName,
  idNumber: CheckedIdNumber,
  address: CheckedAddress.optional(),
  clerkId: z.string().min(1).max(64),
})
export type IdentityProposedEvent = z.infer<typeof IdentityProposedEvent>

/** To the clerk: the resident's answer. */
export const IdentityAnsweredEvent = z.object({ callId: CallId, answer: IdentityAnswer })
export type IdentityAnsweredEvent = z.infer<typeof IdentityAnsweredEvent>

/**
 * What the application carries when the identity was checked by video instead of read from a
 * card (in `applicant.identityCheck`): the call and the clerk who checked, and when the resident
 * confirmed. The centre verifies it against the call's record before it stores the application.
 */
export const VideoIdentityCheck = z.strictObject({
  method: z.literal('video'),
  callId: CallId,
  clerkId: z.string().min(1).max(64),
  checkedAt: z.iso.datetime({ offset: true }),
})
export type VideoIdentityCheck = z.infer<typeof VideoIdentityCheck>
