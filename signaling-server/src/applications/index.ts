import type { Catalog } from '../../../common/catalog/schema'
import { sampleCatalog } from '../../../common/catalog/sample'
import type { PinoLogger as Logger } from '../../../node-common/logger'
import type { Store } from '../store/types'
import { deriveKeys } from './crypto'
import { createApplicationsApi } from './http'
import { openApplicationsStore, type ApplicationsStore } from './store'

export { DATA_KEY_ENV, loadOrCreateKeyFile, parseDataKey } from './crypto'
export { MAX_APPLICATION_BYTES } from './http'
export { seedDemoCases, DEMO_RESIDENT } from './demo'

export interface ApplicationsServiceOptions {
  /** The applications database file (or ':memory:'). */
  dbPath: string
  /** 32-byte master data key (see docs/applications-api.md, "Encryption at rest"). */
  dataKey: Buffer
  /** The signaling store, for terminal credentials and staff sessions. */
  store: Store
  log: Logger
  /** Defaults to the sample catalog (common/catalog/sample). */
  catalog?: Catalog
  now?: () => number
  /** Base of the case-number progress URL (JSON); `${base}/${caseNumber}?t=…`. */
  progressBaseUrl: string
  /**
   * The centre's public address, where receipts' QR codes point (`${publicUrl}/p/{token}`);
   * defaults to the origin of `progressBaseUrl`.
   */
  publicUrl?: string
  lookupRate?: { burst: number; perSecond: number }
}

export interface ApplicationsService {
  store: ApplicationsStore
  /** Its routes, mounted by app.ts in the centre's HTTP layer (http/router.ts). */
  routes: ReturnType<typeof createApplicationsApi>['routes']
  progressUrl(caseNumber: string): string
  /** The page a receipt token's QR code opens. */
  receiptUrl(token: string): string
  close(): void
}

/** The centre's side of resident self-service, mounted by app.ts under /api/v1/. */
export function openApplicationsService(opts: ApplicationsServiceOptions): ApplicationsService {
  const keys = deriveKeys(opts.dataKey)
  const store = openApplicationsStore(opts.dbPath, keys)
  const api = createApplicationsApi({
    store: opts.store,
    applications: store,
    keys,
    catalog: opts.catalog ?? sampleCatalog,
    log: opts.log,
    now: opts.now ?? Date.now,
    progressBaseUrl: opts.progressBaseUrl.replace(/\/+$/, ''),
    publicUrl: (opts.publicUrl ?? new URL(opts.progressBaseUrl).origin).replace(/\/+$/, ''),
    lookupRate: opts.lookupRate,
  })
  return {
    store,
    routes: api.routes,
    progressUrl: api.progressUrl,
    receiptUrl: api.receiptUrl,
    close: () => store.close(),
  }
}
