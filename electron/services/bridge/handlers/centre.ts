import { z } from 'zod'
import { CaseProgress, type Rating } from '../../../../common/applications/schema'
import { BridgeError } from '../../../../common/bridge/errors'

/**
 * The kiosk's calls to the centre that are not applications (those go through the outbox):
 * progress lookup and ratings. Authenticated as the terminal. Any network failure is OFFLINE, so
 * the UI can say "暂时查不到，请稍后再试" instead of an error code.
 */
export interface CentreClient {
  /** Only the ID number leaves the kiosk. */
  lookupCases(applicant: { idNumber: string }): Promise<CaseProgress[]>
  submitRating(rating: Rating): Promise<void>
}

export const CASES_LOOKUP_PATH = '/api/v1/cases/lookup'
export const RATINGS_PATH = '/api/v1/ratings'

export function createCentreClient(opts: {
  serverUrl: string
  credential: () => Promise<string>
  timeoutMs?: number
  fetch?: typeof fetch
}): CentreClient {
  const doFetch = opts.fetch ?? fetch
  async function post(path: string, body: unknown, key?: string): Promise<unknown> {
    let res: Response
    try {
      res = await doFetch(new URL(path, opts.serverUrl), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await opts.credential()}`,
          ...(key ? { 'idempotency-key': key } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 8000),
      })
    } catch (e) {
      if (e instanceof BridgeError) throw e
      throw new BridgeError('OFFLINE', `centre unreachable: ${(e as Error).name}`)
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => {})
      throw new BridgeError(
        res.status >= 500 ? 'OFFLINE' : 'INTERNAL',
        `centre answered ${res.status}`,
      )
    }
    return res.json().catch(() => null)
  }
  return {
    async lookupCases(applicant) {
      const parsed = z
        .object({ cases: z.array(CaseProgress) })
        .safeParse(await post(CASES_LOOKUP_PATH, { applicant }))
      if (!parsed.success) throw new BridgeError('INTERNAL', 'unreadable case list')
      return parsed.data.cases
    },
    async submitRating(rating) {
      await post(RATINGS_PATH, rating, rating.id)
    },
  }
}
