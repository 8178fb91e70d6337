import { CaseLookupResponse, type CaseLookupRequest } from '../../../common/applications/api'
import type { CaseProgress } from '../../../common/applications/schema'
import { CentreInvalidResponseError } from './errors'
import { centreRequest, readBody, type CentreApiOptions } from './request'

export const CASES_LOOKUP_PATH = '/api/v1/cases/lookup'

export interface ProgressClient {
  /**
   * The resident's cases, newest first, for the ID number just read from their card. Sent in
   * the body of a POST (never in a URL); the centre matches a keyed hash of it.
   */
  lookup(idNumber: string): Promise<CaseProgress[]>
}

export function createProgressClient(opts: CentreApiOptions): ProgressClient {
  return {
    async lookup(idNumber) {
      const body: CaseLookupRequest = { idNumber }
      const res = await centreRequest(opts, CASES_LOOKUP_PATH, { method: 'POST', body })
      const answer = await readBody(
        res,
        (v) => CaseLookupResponse.safeParse(v),
        () => new CentreInvalidResponseError(res.status, 'case list'),
      )
      return answer.cases
    },
  }
}
