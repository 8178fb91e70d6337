import { Catalog } from '../../../common/catalog/schema'
import type { CatalogCache } from '../catalog/cache'
import { CentreInvalidResponseError } from './errors'
import { centreRequest, readBody, type CentreApiOptions } from './request'

export const CATALOG_PATH = '/api/v1/catalog'

export type CatalogRefresh =
  /** A newer catalog was received and written to the cache. */
  | { kind: 'updated'; version: string }
  /** 304, or a catalog not newer than the one in use: the cache is unchanged. */
  | { kind: 'unchanged'; version: string }

export interface CatalogClient {
  /**
   * Asks the centre for its catalog (If-None-Match with the last ETag) and offers it to the
   * cache. Throws a CentreApiError when offline: the kiosk then keeps working from the cache.
   */
  refresh(cache: CatalogCache): Promise<CatalogRefresh>
}

/** The catalog is public information (办事指南), so it is fetched without the credential. */
export function createCatalogClient(
  opts: Omit<CentreApiOptions, 'credential'> & { credential?: () => Promise<string> },
): CatalogClient {
  let etag: string | null = null
  return {
    async refresh(cache) {
      const res = await centreRequest(opts, CATALOG_PATH, {
        method: 'GET',
        headers: etag ? { 'if-none-match': etag } : {},
      })
      if (res.status === 304) return { kind: 'unchanged', version: cache.catalog.version }
      // Validated here for a typed error; the cache validates again before it writes.
      const catalog = await readBody(
        res,
        (v) => Catalog.safeParse(v),
        () => new CentreInvalidResponseError(res.status, 'catalog'),
      )
      const taken = await cache.offer(catalog)
      etag = res.headers.get('etag')
      return { kind: taken ? 'updated' : 'unchanged', version: cache.catalog.version }
    },
  }
}
