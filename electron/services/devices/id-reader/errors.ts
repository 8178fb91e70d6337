import {
  readerErrorMessages,
  type ReaderErrorCode,
  type ReaderErrorShape,
} from '../../../../common/devices/reader-errors'

/** The one error type the ID-reader stack throws: a code, a Chinese + English message. */
export class ReaderError extends Error {
  override readonly name = 'ReaderError'
  readonly zh: string
  readonly en: string
  constructor(
    readonly code: ReaderErrorCode,
    readonly detail?: string,
    readonly sw3?: number,
  ) {
    const text = readerErrorMessages[code]
    super(`${text.zh}（${text.en}${detail ? `: ${detail}` : ''}）`)
    this.zh = text.zh
    this.en = text.en
  }
  toShape(): ReaderErrorShape {
    return this.sw3 === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, sw3: this.sw3 }
  }
}

/** SW3 → code, for every status GA 467 vendors document (hardware.md 1.5). */
export const sw3Codes: ReadonlyMap<number, ReaderErrorCode> = new Map([
  [0x10, 'SAM_FRAME_CHECKSUM'],
  [0x11, 'SAM_FRAME_LENGTH'],
  [0x21, 'SAM_COMMAND'],
  [0x23, 'SAM_UNAUTHORIZED_OPERATION'],
  [0x24, 'SAM_UNRECOGNIZED'],
  [0x31, 'CARD_AUTH_SAM_FAILED'],
  [0x32, 'SAM_AUTH_CARD_FAILED'],
  [0x33, 'INFO_VERIFY_FAILED'],
  [0x37, 'FINGERPRINT_VERIFY_FAILED'],
  [0x3f, 'INFO_LENGTH'],
  [0x40, 'WRONG_CARD'],
  [0x41, 'READ_FAILED'],
  [0x47, 'RANDOM_FAILED'],
  [0x60, 'SAM_SELF_TEST_FAILED'],
  [0x66, 'SAM_NOT_AUTHORIZED'],
  [0x80, 'NO_CARD'],
  [0x81, 'SELECT_FAILED'],
  [0x91, 'NO_SUCH_ITEM'],
] as const)

export const SW3_SUCCESS = 0x90
export const SW3_FIND_SUCCESS = 0x9f

/** The typed error for a non-success SW3. */
export function errorForStatus(sw3: number): ReaderError {
  return new ReaderError(
    sw3Codes.get(sw3) ?? 'SAM_STATUS_UNKNOWN',
    `SW3=0x${sw3.toString(16).padStart(2, '0')}`,
    sw3,
  )
}
