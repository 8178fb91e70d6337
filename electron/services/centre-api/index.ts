import type { CaseProgress, Rating } from '../../../common/applications/schema'
import { createCatalogClient, type CatalogClient } from './catalog'
import { createProgressClient, type ProgressClient } from './progress'
import { createRatingClient, type RatingClient } from './ratings'
import { createResidentCasesClient, type ResidentCasesClient } from './resident-cases'
import type { CentreApiOptions } from './request'

export * from './errors'
export {
  CATALOG_PATH,
  createCatalogClient,
  type CatalogClient,
  type CatalogRefresh,
} from './catalog'
export { CASES_LOOKUP_PATH, createProgressClient, type ProgressClient } from './progress'
export { RATINGS_PATH, createRatingClient, type RatingClient } from './ratings'
export { createResidentCasesClient, type ResidentCasesClient } from './resident-cases'
export type { CentreApiOptions } from './request'
export {
  SIGNALING_TOKEN_PATH,
  createSignalingTokenSource,
  type SignalingTokenSource,
} from './signaling-token'
export { terminalBearer } from './terminal'

/**
 * The kiosk main process's clients for the centre's API (docs/applications-api.md), in one
 * object. `lookupCases` and `submitRating` have the shape the bridge's centre handlers use; only
 * the ID number leaves the kiosk for a lookup, not the name.
 */
export interface CentreApi extends CentreClient {
  catalog: CatalogClient
  progress: ProgressClient
  ratings: RatingClient
}

/** What the bridge's handlers call: progress lookup and ratings, authenticated as the terminal. */
export interface CentreClient {
  /** Only the ID number leaves the kiosk. */
  lookupCases(applicant: { idNumber: string }): Promise<CaseProgress[]>
  submitRating(rating: Rating): Promise<void>
  /** The tapped card's decided cases and receipts (打印结果, 补打回执). */
  residentCases?: ResidentCasesClient
}

export function createCentreApi(opts: CentreApiOptions): CentreApi {
  // Public data: an unenrolled kiosk still gets catalog updates.
  const catalog = createCatalogClient({ ...opts, credential: undefined })
  const progress = createProgressClient(opts)
  const ratings = createRatingClient(opts)
  const residentCases = createResidentCasesClient(opts)
  return {
    residentCases,
    catalog,
    progress,
    ratings,
    lookupCases: (applicant) => progress.lookup(applicant.idNumber),
    async submitRating(rating) {
      await ratings.submit(rating)
    },
  }
}
