import type { Catalog } from '../../../common/catalog/schema'
import { sampleCatalog } from '../../../common/catalog/sample'
import type { PinoLogger as Logger } from '../../../node-common/logger'
import type { CallStore, StaffStore, TerminalStore } from '../store/types'
import type { CallRatingStore } from '../store/call-ratings'
import { createCallRatings } from '../call-ratings'
import { verifiedIdentityCheck } from '../realtime/identity-check'
import { createCases, type CaseService } from './cases'
import { deriveKeys } from './crypto'
import { createApplicationsApi } from './http'
import { createRatings, type RatingService } from './ratings'
import { chineseWorkCalendar, type WorkCalendar } from '../cases/calendar'
import { createCasesApi } from '../cases/http'
import { createCaseWork } from '../cases/service'
import type { ResultSigner } from '../cases/result-notice'
import { createTerminalCasesApi, describeCases } from '../cases/terminal-http'
import { createCaseDocuments } from '../cases/documents'
import { createCaseFeed, type CaseFeed } from '../cases/feed'
import { createCaseCalls } from '../cases/calls'
import type { RecordsStore } from './records'
import { createSupervisionApi } from '../supervision/http'
import { createSupervision, withFollowUps } from '../supervision/service'
import { createCatalogService, type CatalogService } from '../catalog/service'
import { catalogAdminRoutes } from '../catalog/http'

export { DATA_KEY_ENV, loadOrCreateKeyFile, parseDataKey } from './crypto'
export { MAX_APPLICATION_BYTES } from './http'
export { seedDemoCases, DEMO_RESIDENT } from './demo'

export interface ApplicationsServiceOptions {
  /**
   * Where applications, cases and ratings are kept (chosen by the composition root,
   * store/open.ts); the service closes it.
   */
  records: RecordsStore
  /** 32-byte master data key (see docs/applications-api.md, "Encryption at rest"). */
  dataKey: Buffer
  /**
   * The signaling store, for terminal credentials and staff sessions, and the calls a case view
   * lists (cases/calls.ts).
   */
  store: TerminalStore & StaffStore & Pick<CallStore, 'callsOfVisit' | 'getCall'> & CallRatingStore
  log: Logger
  /**
   * The first catalog version when the store holds none (catalog/service.ts); defaults to the
   * sample catalog (common/catalog/sample). A store with versions serves its latest.
   */
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
  /** Working days for the cases' clocks (default: the packaged Chinese calendar). */
  calendar?: WorkCalendar
  /** Signs the result notice of each decision (signaling-server/src/results); none without it. */
  results?: ResultSigner
}

/** Applications, cases and ratings with their rules (cases.ts, ratings.ts), over the store. */
export type ApplicationRecords = CaseService & RatingService

export interface ApplicationsService {
  store: ApplicationRecords
  /** The back office's case work (cases/service.ts): its rules over the store. */
  cases: ReturnType<typeof createCaseWork>
  /** Its routes, mounted by app.ts in the centre's HTTP layer (http/router.ts). */
  routes: ReturnType<typeof createApplicationsApi>['routes']
  /** Every case submitted or changed, for the consoles' push (app.ts mounts it). */
  caseFeed: CaseFeed
  /** The published catalog: every use of the catalog on the centre reads it. */
  catalogs: CatalogService
  /** Settles once the catalog in force is read from the store; the server listens after it. */
  ready: Promise<void>
  progressUrl(caseNumber: string): string
  /** The page a receipt token's QR code opens. */
  receiptUrl(token: string): string
  close(): Promise<void>
}

/** The centre's side of resident self-service, mounted by app.ts under /api/v1/. */
export function openApplicationsService(opts: ApplicationsServiceOptions): ApplicationsService {
  const keys = deriveKeys(opts.dataKey)
  const now = opts.now ?? Date.now
  const catalogs = createCatalogService({
    store: opts.records,
    initial: opts.catalog ?? sampleCatalog,
    log: opts.log,
    now,
  })
  // Case work, documents and the kiosk's case routes follow the version in force (reasons,
  // result notices, material names); each falls back to what the case stored for an item the
  // version no longer has.
  const catalog = () => catalogs.current()
  const calendar = opts.calendar ?? chineseWorkCalendar()
  const ratings = createRatings(opts.records, keys)
  const callRatings = createCallRatings(opts.store)
  const supervision = createSupervision({ store: opts.records, keys, calendar })
  const store: ApplicationRecords = {
    ...createCases(opts.records, keys),
    // A bad rating opens its follow-up (supervision/service.ts).
    ...withFollowUps(ratings, supervision),
  }
  const caseFeed = createCaseFeed((err) => opts.log.warn({ err }, 'case feed listener failed'))
  const work = createCaseWork({
    store: opts.records,
    keys,
    calendar,
    catalog,
    ...(opts.results ? { results: opts.results } : {}),
    applicantName: async (caseNumber) => (await store.applicantOfCase(caseNumber))?.name ?? null,
    feed: caseFeed,
  })
  const terminalName = async (id: string) => (await opts.store.getTerminal(id))?.name ?? null
  const documents = createCaseDocuments({
    store: opts.records,
    keys,
    catalog,
    terminalName,
  })
  const casesRoutes = createCasesApi({
    store: opts.store,
    work,
    applications: store,
    log: opts.log,
    now,
    documents,
    feed: caseFeed,
    terminalName,
    calls: createCaseCalls({
      calls: opts.store,
      ratings: callRatings,
      staff: opts.store,
      async visitsOf(caseNumber) {
        const submitted = await documents.visitOf(caseNumber)
        const view = await work.view(caseNumber, now())
        // Each 补交 names the kiosk it came from (the event's actor) and its visit.
        const supplied = (view?.events ?? []).flatMap((e) =>
          e.visitId && e.actor.kind === 'terminal'
            ? [{ terminalId: e.actor.id, visitId: e.visitId }]
            : [],
        )
        return [...(submitted ? [submitted] : []), ...supplied]
      },
    }),
  })
  const api = createApplicationsApi({
    store: opts.store,
    applications: store,
    keys,
    catalogs,
    log: opts.log,
    now,
    progressBaseUrl: opts.progressBaseUrl.replace(/\/+$/, ''),
    publicUrl: (opts.publicUrl ?? new URL(opts.progressBaseUrl).origin).replace(/\/+$/, ''),
    lookupRate: opts.lookupRate,
    calendar,
    audit: (user, action, detail) => work.audited(user, action, null, now(), detail),
    describeCases: describeCases(work, now),
    caseFeed,
    callRatings,
    identityChecked: async (check, terminalId) =>
      verifiedIdentityCheck(await opts.store.getCall(check.callId), terminalId, check.clerkId),
  })
  const terminalRoutes = createTerminalCasesApi({
    store: opts.store,
    work,
    applications: store,
    keys,
    catalog,
    log: opts.log,
    now,
    progressUrl: api.progressUrl,
    ...(opts.lookupRate ? { lookupRate: opts.lookupRate } : {}),
  })
  const supervisionRoutes = createSupervisionApi({
    store: opts.store,
    supervision,
    audit: opts.records,
    log: opts.log,
    now,
  })
  return {
    store,
    cases: work,
    routes: [
      ...api.routes,
      ...terminalRoutes,
      ...casesRoutes,
      ...supervisionRoutes,
      ...catalogAdminRoutes({ store: opts.store, catalogs, log: opts.log, now }),
    ],
    caseFeed,
    catalogs,
    ready: catalogs.ready,
    progressUrl: api.progressUrl,
    receiptUrl: api.receiptUrl,
    async close() {
      catalogs.close()
      // A store closed before the first read settles would fail it; nobody waits then.
      await catalogs.ready.catch(() => undefined)
      await opts.records.close()
    },
  }
}
