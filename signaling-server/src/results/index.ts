import type { Catalog, LocalizedText } from '../../../common/catalog/schema'
import type { AnyRoute } from '../http/router'
import { resultRoutes } from './http'
import { openResultService, type ResultService } from './service'
import { openSqliteResultStore } from './store'

export type { ResultNotice, ResultService, SignedResult } from './service'
export { resultSealKey } from './service'

/**
 * Verifiable results (docs/result-verification.md): the signing service the case service calls
 * on a decision, and its public routes (key list, status, the /v/ verify page), mounted by app.ts.
 */
export function openResults(opts: {
  /** The results database (`--results-db`, default .data/results.db) or `:memory:`. */
  path: string
  /** `resultSealKey(dataKey)`. */
  sealKey: Buffer
  publicUrl: string
  /** The built renderer, holding verify.html and its assets. */
  rendererDir: string
  /** Its item and bundle names go out with the key list, for the verify page. */
  catalog?: Catalog
  /**
   * The names of the published catalog's versions (catalog/service.ts `names`), read for each
   * key list; until it answers, `catalog`'s. Late-bound: the results open before the catalog.
   */
  itemNames?: () => Record<string, LocalizedText> | undefined
  now?: () => number
}): ResultService & { routes: readonly AnyRoute[] } {
  const now = opts.now ?? Date.now
  const entries = [...(opts.catalog?.items ?? []), ...(opts.catalog?.bundles ?? [])]
  const fixed = Object.fromEntries(entries.map((e) => [e.code, e.name]))
  const service = openResultService({
    itemNames: () => opts.itemNames?.() ?? fixed,
    store: openSqliteResultStore(opts.path),
    sealKey: opts.sealKey,
    publicUrl: opts.publicUrl,
    now,
  })
  return Object.assign(service, {
    routes: resultRoutes({ results: service, rendererDir: opts.rendererDir, now }),
  })
}
