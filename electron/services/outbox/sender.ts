import { serverUrlOf, type ServerUrl } from '../centre-api/request'
import { RatingReceipt } from '../../../common/applications/api'
import { SupplyReceipt, type SupplyRequest } from '../../../common/cases/terminal'
import {
  ApplicationConfirmation,
  type Application,
  type Rating,
} from '../../../common/applications/schema'

/**
 * The outcome of one attempt to hand an application to the server.
 * - confirmed: the server stored it (now or on an earlier attempt with the same key);
 * - retry: the outcome is unknown or temporary (offline, timeout, 5xx, 429): send again later;
 * - rejected: the server will never accept this payload (400/409/422); retrying cannot help.
 */
export type SendResult =
  | { kind: 'confirmed'; confirmation: ApplicationConfirmation }
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  | { kind: 'rejected'; reason: string }

/** Delivers one application; the outbox calls it again with the same id until it is confirmed. */
export interface ApplicationSender {
  send(application: Application, signal: AbortSignal): Promise<SendResult>
}

export type RatingSendResult =
  { kind: 'confirmed'; receipt: RatingReceipt } | Exclude<SendResult, { kind: 'confirmed' }>

/** Delivers one rating (好差评); its id is the idempotency key, so a resend is stored once. */
export interface RatingSender {
  send(rating: Rating, signal: AbortSignal): Promise<RatingSendResult>
}

export type SupplySendResult =
  { kind: 'confirmed'; receipt: SupplyReceipt } | Exclude<SendResult, { kind: 'confirmed' }>

/** Delivers one 补交; its supplyId is the idempotency key, so a resend is stored once. */
export interface SupplySender {
  send(
    supply: SupplyRequest & { caseNumber: string },
    signal: AbortSignal,
  ): Promise<SupplySendResult>
}

export interface HttpSenderOptions {
  /** The centre's base URL, e.g. https://zwfw.example.gov.cn (read per attempt when a function). */
  serverUrl: ServerUrl
  /**
   * The terminal's bearer token, `<terminalId>:<credential>` from enrolment (the centre stores
   * credentials hashed per terminal id, so the id travels with the secret; see
   * docs/applications-api.md). Fetched per attempt so it can rotate; `terminalBearer()` in
   * electron/services/centre-api builds it from the credential file.
   */
  credential: () => Promise<string>
  timeoutMs?: number
  fetch?: typeof fetch
}

export const APPLICATIONS_PATH = '/api/v1/applications'
export const RATINGS_PATH = '/api/v1/ratings'

/**
 * One idempotent POST with the terminal's bearer and `Idempotency-Key`, its answer mapped the
 * way the outbox needs: 2xx → the parsed body, else retry (offline, timeout, 5xx, 429, 401/403)
 * or rejected (400/409/413/422: retrying cannot help).
 */
async function postIdempotent<T>(
  opts: HttpSenderOptions,
  path: string,
  key: string,
  body: unknown,
  parse: (v: unknown) => T | null,
  signal: AbortSignal,
): Promise<{ kind: 'ok'; value: T } | Exclude<SendResult, { kind: 'confirmed' }>> {
  const doFetch = opts.fetch ?? fetch
  let response: Response
  try {
    response = await doFetch(new URL(path, serverUrlOf(opts.serverUrl)).toString(), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await opts.credential()}`,
        'idempotency-key': key,
      },
      body: JSON.stringify(body),
      signal: AbortSignal.any([signal, AbortSignal.timeout(opts.timeoutMs ?? 30_000)]),
    })
  } catch (e) {
    // Offline, DNS, reset, timeout: the server may or may not have stored it.
    return { kind: 'retry', reason: `network: ${(e as Error).name}` }
  }
  // Only the status is kept: a response body could echo personal data into the log.
  if (response.ok) {
    const value = parse(await response.json().catch(() => null))
    if (value !== null) return { kind: 'ok', value }
    return { kind: 'retry', reason: `http ${response.status}: unreadable confirmation` }
  }
  await response.body?.cancel().catch(() => {})
  if ([400, 409, 413, 422].includes(response.status)) {
    return { kind: 'rejected', reason: `http ${response.status}` }
  }
  return {
    kind: 'retry',
    reason: `http ${response.status}`,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
  }
}

/**
 * POST {serverUrl}/api/v1/applications with `Authorization: Bearer <terminalId>:<credential>` and
 * `Idempotency-Key: <application id>`. The server answers 200/201 with the confirmation, also for
 * a repeat of a stored key; 409 when the key was used for a different payload.
 */
export function createHttpSender(opts: HttpSenderOptions): ApplicationSender {
  return {
    async send(application, signal) {
      const r = await postIdempotent(
        opts,
        APPLICATIONS_PATH,
        application.id,
        application,
        (v) => {
          const parsed = ApplicationConfirmation.safeParse(v)
          return parsed.success && parsed.data.applicationId === application.id ? parsed.data : null
        },
        signal,
      )
      return r.kind === 'ok' ? { kind: 'confirmed', confirmation: r.value } : r
    },
  }
}

/** POST {serverUrl}/api/v1/ratings, the same way (the rating id is the key). */
export function createHttpRatingSender(opts: HttpSenderOptions): RatingSender {
  return {
    async send(rating, signal) {
      const r = await postIdempotent(
        opts,
        RATINGS_PATH,
        rating.id,
        rating,
        (v) => {
          const parsed = RatingReceipt.safeParse(v)
          return parsed.success && parsed.data.ratingId === rating.id ? parsed.data : null
        },
        signal,
      )
      return r.kind === 'ok' ? { kind: 'confirmed', receipt: r.value } : r
    },
  }
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 3600) * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now())
}

/** POST {serverUrl}/api/v1/cases/{n}/supply, the same way (the supplyId is the key). */
export function createHttpSupplySender(opts: HttpSenderOptions): SupplySender {
  return {
    async send({ caseNumber, ...supply }, signal) {
      const r = await postIdempotent(
        opts,
        `/api/v1/cases/${encodeURIComponent(caseNumber)}/supply`,
        supply.supplyId,
        supply,
        (v) => {
          const parsed = SupplyReceipt.safeParse(v)
          return parsed.success && parsed.data.supplyId === supply.supplyId ? parsed.data : null
        },
        signal,
      )
      return r.kind === 'ok' ? { kind: 'confirmed', receipt: r.value } : r
    },
  }
}
