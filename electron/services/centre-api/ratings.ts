import { RatingReceipt } from '../../../common/applications/api'
import type { Rating } from '../../../common/applications/schema'
import { CentreInvalidResponseError } from './errors'
import { centreRequest, readBody, type CentreApiOptions } from './request'

export const RATINGS_PATH = '/api/v1/ratings'

export interface RatingClient {
  /**
   * Stores a rating (好差评). The rating id makes a repeat harmless: after an offline error the
   * same rating can be sent again and is stored once.
   */
  submit(rating: Rating): Promise<RatingReceipt>
}

export function createRatingClient(opts: CentreApiOptions): RatingClient {
  return {
    async submit(rating) {
      const res = await centreRequest(opts, RATINGS_PATH, {
        method: 'POST',
        body: rating,
        headers: { 'idempotency-key': rating.id },
      })
      return readBody(
        res,
        (v) => RatingReceipt.safeParse(v),
        () => new CentreInvalidResponseError(res.status, 'rating receipt'),
      )
    },
  }
}
