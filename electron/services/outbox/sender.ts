import { ApplicationConfirmation, type Application } from '../../../common/applications/schema'

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

export interface HttpSenderOptions {
  /** The centre's base URL, e.g. https://zwfw.example.gov.cn */
  serverUrl: string
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

/**
 * POST {serverUrl}/api/v1/applications with `Authorization: Bearer <terminalId>:<credential>` and
 * `Idempotency-Key: <application id>`. The server answers 200/201 with the confirmation, also for
 * a repeat of a stored key; 409 when the key was used for a different payload.
 */
export function createHttpSender(opts: HttpSenderOptions): ApplicationSender {
  const doFetch = opts.fetch ?? fetch
  const url = new URL(APPLICATIONS_PATH, opts.serverUrl).toString()
  return {
    async send(application, signal) {
      let response: Response
      try {
        response = await doFetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${await opts.credential()}`,
            'idempotency-key': application.id,
          },
          body: JSON.stringify(application),
          signal: AbortSignal.any([signal, AbortSignal.timeout(opts.timeoutMs ?? 30_000)]),
        })
      } catch (e) {
        // Offline, DNS, reset, timeout: the server may or may not have stored it.
        return { kind: 'retry', reason: `network: ${(e as Error).name}` }
      }
      // Only the status is kept: a response body could echo personal data into the log.
      if (response.ok) {
        const parsed = ApplicationConfirmation.safeParse(await response.json().catch(() => null))
        if (parsed.success && parsed.data.applicationId === application.id) {
          return { kind: 'confirmed', confirmation: parsed.data }
        }
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
