import type { ApiErrorCode } from '../../../common/applications/api'
import { BridgeError, type BridgeErrorCode } from '../../../common/bridge/errors'

/**
 * What can go wrong talking to the centre, as types the kiosk can act on. Each is a BridgeError,
 * so a handler can let it cross the bridge unchanged and the renderer shows the sentence for its
 * code: OFFLINE is "网络暂时不通" (keep what the resident entered and offer to try again).
 */
export type CentreErrorKind =
  'offline' | 'unavailable' | 'unauthorized' | 'rejected' | 'invalid-response'

export abstract class CentreApiError extends BridgeError {
  abstract readonly kind: CentreErrorKind
  constructor(
    code: BridgeErrorCode,
    message: string,
    /** HTTP status, when the centre answered. */
    readonly status: number | null = null,
    /** The centre's error code from the body, when it sent one. */
    readonly apiCode: ApiErrorCode | null = null,
  ) {
    super(code, message)
  }
}

/** No answer: no network, DNS, refused, reset, timed out. Nothing is known to have happened. */
export class CentreOfflineError extends CentreApiError {
  readonly kind = 'offline' as const
  constructor(message: string) {
    super('OFFLINE', message)
  }
}

/** The centre answered but cannot serve now (5xx, 429): for the resident the same as offline. */
export class CentreUnavailableError extends CentreApiError {
  readonly kind = 'unavailable' as const
  constructor(
    status: number,
    apiCode: ApiErrorCode | null,
    /** From Retry-After, when given. */
    readonly retryAfterMs: number | null,
  ) {
    super('OFFLINE', `centre unavailable: http ${status}`, status, apiCode)
  }
}

/** 401/403: this terminal's credential is missing, wrong or revoked (re-enrol it). */
export class CentreUnauthorizedError extends CentreApiError {
  readonly kind = 'unauthorized' as const
  constructor(status: number, apiCode: ApiErrorCode | null) {
    super('NOT_ENROLLED', `centre refused the terminal: http ${status}`, status, apiCode)
  }
}

/** 4xx other than auth: this request will never be accepted as it is (a bug or bad input). */
export class CentreRejectedError extends CentreApiError {
  readonly kind = 'rejected' as const
  constructor(status: number, apiCode: ApiErrorCode | null) {
    super(
      status === 400 || status === 422 ? 'INVALID_INPUT' : 'INTERNAL',
      `centre rejected the request: http ${status}${apiCode ? ` ${apiCode}` : ''}`,
      status,
      apiCode,
    )
  }
}

/** 2xx with a body that is not what the contract says (version skew, proxy page). */
export class CentreInvalidResponseError extends CentreApiError {
  readonly kind = 'invalid-response' as const
  constructor(status: number, what: string) {
    super('INTERNAL', `unreadable ${what} from the centre (http ${status})`, status)
  }
}

/** True for errors after which the UI should keep the data and offer "try again". */
export function isRetryable(e: unknown): e is CentreOfflineError | CentreUnavailableError {
  return e instanceof CentreOfflineError || e instanceof CentreUnavailableError
}
