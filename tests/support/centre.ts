// The centre as `npm run server` composes it (signaling-server/src/cli.ts): the signaling
// store, the applications service on it, and the app with the service mounted; for the test
// harnesses that run a real centre in the test process.
import type { Logger } from 'pino'
import { sampleCatalog } from '../../common/catalog/sample'
import type { Catalog } from '../../common/catalog/schema'
import { createApplication, type Application } from '../../signaling-server/src/app'
import {
  openApplicationsService,
  type ApplicationsService,
} from '../../signaling-server/src/applications'
import { openSqliteRecordsStore } from '../../signaling-server/src/applications/sqlite-store'
import { openSqliteStore } from '../../signaling-server/src/store/sqlite'
import { openResults, resultSealKey } from '../../signaling-server/src/results'
import type { Store } from '../../signaling-server/src/store/types'

export interface CentreParts {
  app: Application
  store: Store
  service: ApplicationsService
  /** Result notices' signing (an in-memory results database): approvals are signed. */
  results: ReturnType<typeof openResults>
  /** Cuts open connections, closes the app, then the store and the service. */
  close(): Promise<void>
}

export function composeCentre(opts: {
  signalingDb: string
  applicationsDb: string
  dataKey: Buffer
  log: Logger
  version: string
  rendererDir: string
  progressBaseUrl: string
  catalog?: Catalog
  now?: () => number
  lookupRate?: { burst: number; perSecond: number }
  signalingTokenKey?: Buffer
}): CentreParts {
  // SQLite files, the default store/open.ts chooses (opened directly: they open synchronously).
  const store = openSqliteStore(opts.signalingDb)
  // The verify page names items as the published catalog does (bound once the service exists).
  const late: { catalogNames?: () => ReturnType<ApplicationsService['catalogs']['names']> } = {}
  const results = openResults({
    path: ':memory:',
    sealKey: resultSealKey(opts.dataKey),
    publicUrl: new URL(opts.progressBaseUrl).origin,
    rendererDir: opts.rendererDir,
    catalog: opts.catalog ?? sampleCatalog,
    itemNames: () => late.catalogNames?.(),
    ...(opts.now ? { now: opts.now } : {}),
  })
  const service = openApplicationsService({
    records: openSqliteRecordsStore(opts.applicationsDb),
    dataKey: opts.dataKey,
    store,
    log: opts.log,
    now: opts.now,
    progressBaseUrl: opts.progressBaseUrl,
    lookupRate: opts.lookupRate,
    catalog: opts.catalog,
    results,
  })
  late.catalogNames = () => service.catalogs.names()
  const app = createApplication({
    log: opts.log,
    version: opts.version,
    rendererDir: opts.rendererDir,
    store,
    applications: service,
    results,
    now: opts.now,
    signalingTokenKey: opts.signalingTokenKey,
  })
  return {
    app,
    store,
    service,
    results,
    async close() {
      app.http.closeAllConnections()
      await app.close()
      await store.close()
      await service.close()
      await results.close()
    },
  }
}
