import { z } from 'zod'

/**
 * Every failure that crosses the bridge is one of these codes. The renderer maps a code to a
 * sentence in the resident's language (i18n key `errors.<code>`); the message is for logs.
 */
export const BridgeErrorCode = z.enum([
  'INVALID_INPUT',
  'INVALID_OUTPUT',
  'UNKNOWN_CHANNEL',
  'FORBIDDEN_SENDER',
  'NOT_CONNECTED',
  'TIMEOUT',
  'DEVICE_UNAVAILABLE',
  'NOT_ENROLLED',
  /** The step needs the resident's ID card and none has been read in this session. */
  'NO_CARD',
  /** The centre cannot be reached right now (progress lookup, rating). */
  'OFFLINE',
  /** Handwriting recognition cannot run here (its model is missing or broken): use pinyin. */
  'RECOGNISER_UNAVAILABLE',
  /** Enrolment: the code is unknown, already used or expired. */
  'ENROL_CODE_INVALID',
  /** Technician login: wrong username or password (or a disabled account). */
  'BAD_CREDENTIALS',
  /** Technician login: the account is not a technician's or an admin's. */
  'NOT_TECHNICIAN',
  /** Too many attempts (login locked out, enrolment throttled): wait and try again. */
  'RATE_LIMITED',
  /** A technician's step without a technician logged in on this kiosk. */
  'TECHNICIAN_REQUIRED',
  'INTERNAL',
])
export type BridgeErrorCode = z.infer<typeof BridgeErrorCode>

export const BridgeErrorShape = z.object({
  code: BridgeErrorCode,
  message: z.string().max(2000),
})
export type BridgeErrorShape = z.infer<typeof BridgeErrorShape>

export class BridgeError extends Error {
  override readonly name = 'BridgeError'
  constructor(
    readonly code: BridgeErrorCode,
    message: string,
  ) {
    super(message)
  }
  toShape(): BridgeErrorShape {
    return { code: this.code, message: this.message }
  }
}

/** The result every transport carries back for one request. */
export const BridgeResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: BridgeErrorShape }),
])
export type BridgeResult = z.infer<typeof BridgeResult>
