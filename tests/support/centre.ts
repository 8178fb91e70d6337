// The centre as `npm run server` composes it (signaling-server/src/cli.ts): the signaling
// store, the applications service on it, and the app with the service mounted; for the test
// harnesses that run a real centre in the test process.
import type { Logger } from 'pino'
import type { Catalog } from '../../common/catalog/schema'
import { createApplication, type Application } from '../../signaling-server/src/app'
import {
  openApplicationsService,
  type ApplicationsService,
} from '../../signaling-server/src/applications'
import { openRecordsStore, openSignalingStore } from '../../signaling-server/src/store/open'
import type { Store } from '../../signaling-server/src/store/types'

export interface CentreParts {
  app: Application
  store: Store
  service: ApplicationsService
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
  // SQLite files, chosen where the centre chooses (store/open.ts).
  const store = openSignalingStore({ kind: 'sqlite', path: opts.signalingDb })
  const service = openApplicationsService({
    records: openRecordsStore({ kind: 'sqlite', path: opts.applicationsDb }),
    dataKey: opts.dataKey,
    store,
    log: opts.log,
    now: opts.now,
    progressBaseUrl: opts.progressBaseUrl,
    lookupRate: opts.lookupRate,
    catalog: opts.catalog,
  })
  const app = createApplication({
    log: opts.log,
    version: opts.version,
    rendererDir: opts.rendererDir,
    store,
    applications: service,
    now: opts.now,
    signalingTokenKey: opts.signalingTokenKey,
  })
  return {
    app,
    store,
    service,
    async close() {
      app.http.closeAllConnections()
      await app.close()
      await store.close()
      await service.close()
    },
  }
}
