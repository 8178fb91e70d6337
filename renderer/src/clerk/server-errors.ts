import type { TFunction } from 'i18next'
import { ConnectErrorCode, ErrorCode, HttpErrorCode } from '../../../common/signaling'

/**
 * Every code the centre can answer a console with (socket acks, handshake refusals, HTTP
 * errors) and the signaling client's own (`offline`, `timeout`, `invalid_ack`), each with a
 * sentence under `clerk.serverError.<code>` in zh-CN and en. A console never shows the code.
 */
export const clientErrorCodes = ['offline', 'timeout', 'invalid_ack'] as const
type ServerErrorCode =
  ErrorCode | ConnectErrorCode | HttpErrorCode | (typeof clientErrorCodes)[number] | 'unknown'
export const serverErrorCodes: readonly string[] = [
  ...new Set<string>([
    ...ErrorCode.options,
    ...ConnectErrorCode.options,
    ...HttpErrorCode.options,
    ...clientErrorCodes,
  ]),
]

/** The sentence for a server error code; an unknown code gets the generic one, not itself. */
export function serverErrorText(t: TFunction, code: string): string {
  const known = (serverErrorCodes.includes(code) ? code : 'unknown') as ServerErrorCode
  return t(`clerk.serverError.${known}`)
}

/** The code of a thrown SignalingError / HTTP failure, for `serverErrorText`. */
export function errorCodeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : 'unknown'
}
