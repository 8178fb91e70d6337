import { SignalingTokenResponse } from '../../../common/signaling'
import { CentreInvalidResponseError } from './errors'
import { centreRequest, readBody, type CentreApiOptions } from './request'

export const SIGNALING_TOKEN_PATH = '/api/terminals/signaling-token'

export interface SignalingTokenSource {
  /**
   * A token for the renderer's `/terminal` socket: the cached one while it has more than
   * `refreshBeforeMs` left, else a new one from the centre. The terminal credential it is
   * traded for stays in this process.
   */
  get(): Promise<SignalingTokenResponse>
}

export function createSignalingTokenSource(
  opts: CentreApiOptions & { now?: () => number; refreshBeforeMs?: number },
): SignalingTokenSource {
  const now = opts.now ?? Date.now
  // A socket.io reconnect asks again: a minute's margin covers the handshake on a slow link.
  const refreshBeforeMs = opts.refreshBeforeMs ?? 60_000
  let cached: SignalingTokenResponse | null = null
  let pending: Promise<SignalingTokenResponse> | null = null

  async function fetchToken(): Promise<SignalingTokenResponse> {
    const res = await centreRequest(opts, SIGNALING_TOKEN_PATH, { method: 'POST' })
    return readBody(
      res,
      (v) => SignalingTokenResponse.safeParse(v),
      () => new CentreInvalidResponseError(res.status, 'signaling token'),
    )
  }

  return {
    async get() {
      if (cached && cached.expiresAt - now() > refreshBeforeMs) return cached
      // Concurrent asks (two renderers, a reconnect during a refresh) share one request.
      pending ??= fetchToken().then(
        (t) => {
          pending = null
          cached = t
          return t
        },
        (err: unknown) => {
          pending = null
          throw err
        },
      )
      return pending
    },
  }
}
