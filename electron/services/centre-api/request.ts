import { ApiError } from '../../../common/applications/api'
import {
  CentreOfflineError,
  CentreRejectedError,
  CentreUnauthorizedError,
  CentreUnavailableError,
} from './errors'

/** The centre's address, or where to read it from on each request. */
export type ServerUrl = string | (() => string)

export const serverUrlOf = (url: ServerUrl): string => (typeof url === 'function' ? url() : url)

/** What every centre API client takes. */
export interface CentreApiOptions {
  /**
   * The centre's base URL, e.g. https://zwfw.example.gov.cn; a function where it can change
   * while the kiosk runs (enrolment from the kiosk's screen names the centre).
   */
  serverUrl: ServerUrl
  /**
   * The terminal's bearer token `<terminalId>:<credential>` (see `terminalBearer`), asked for
   * on each request so a re-enrolled terminal needs no restart.
   */
  credential: () => Promise<string>
  /** Per request; the resident is waiting at the screen. Default 10 s. */
  timeoutMs?: number
  fetch?: typeof fetch
}

/**
 * One request; resolves with a 2xx (or 304) response and maps every failure to a typed error.
 * Bodies of error answers are read only for the error code: they never carry personal data.
 */
export async function centreRequest(
  opts: Omit<CentreApiOptions, 'credential'> & { credential?: () => Promise<string> },
  path: string,
  init: { method: 'GET' | 'POST'; body?: unknown; headers?: Record<string, string> },
): Promise<Response> {
  const doFetch = opts.fetch ?? fetch
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers }
  // The credential is read first: NOT_ENROLLED from the file reader passes through untouched.
  if (opts.credential) headers.authorization = `Bearer ${await opts.credential()}`
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  let res: Response
  try {
    res = await doFetch(new URL(path, serverUrlOf(opts.serverUrl)), {
      method: init.method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    })
  } catch (e) {
    throw new CentreOfflineError(`centre unreachable: ${(e as Error).name}`)
  }
  if (res.ok || res.status === 304) return res
  const code = ApiError.safeParse(await res.json().catch(() => null))
  const apiCode = code.success ? code.data.error : null
  if (res.status === 401 || res.status === 403)
    throw new CentreUnauthorizedError(res.status, apiCode)
  if (res.status >= 500 || res.status === 429 || res.status === 408)
    throw new CentreUnavailableError(
      res.status,
      apiCode,
      retryAfterMs(res.headers.get('retry-after')),
    )
  throw new CentreRejectedError(res.status, apiCode)
}

function retryAfterMs(value: string | null): number | null {
  if (!value) return null
  const seconds = Number(value)
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 3600) * 1000 : null
}

/** Reads and validates a JSON body; a body that does not match is an invalid response. */
export async function readBody<T>(
  res: Response,
  parse: (v: unknown) => { success: true; data: T } | { success: false },
  onInvalid: () => Error,
): Promise<T> {
  const parsed = parse(await res.json().catch(() => undefined))
  if (!parsed.success) throw onInvalid()
  return parsed.data
}
