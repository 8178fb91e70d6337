import type { ServerResponse } from 'node:http'
import { z } from 'zod'
import { chineseWorkCalendar, type WorkCalendar } from '../cases/calendar'
import { noticeDueOn } from '../cases/clocks'
import {
  API_V1,
  CaseLookupRequestAccepted,
  CaseStatusChange,
  type CaseLookupResponse,
  type CentreInfo,
  type PublicCase,
  type ReceiptProgress,
} from '../../../common/applications/api'
import {
  Application,
  CaseNumber,
  Rating,
  ReceiptToken,
  type CaseProgress,
} from '../../../common/applications/schema'
import { findEntry, type Catalog } from '../../../common/catalog/schema'
import { bucketsPerKey, staffAuth, terminalAuth } from '../http/auth'
import { APPLICATION_BODY_BYTES, SMALL_BODY_BYTES } from '../http/body'
import { HttpError, sendJson as send } from '../http/errors'
import { route, type AnyRoute } from '../http/router'
import type { PinoLogger as Logger } from '../../../node-common/logger'
import type { StaffStore, TerminalStore } from '../store/types'
import { handleCatalog, type ServedCatalog } from './catalog'
import type { CatalogSource } from '../catalog/service'
import { canonicalJson, hmac, sameMac, type DataKeys } from './crypto'
import { createCardChecker } from './card-check'
import { createFormChecker } from './form-check'
import { planCases } from './plans'
import { fanOut } from './cases'
import type { CaseFeed } from '../cases/feed'
import { receiptPageCsp, renderCasePage, renderReceiptPage } from './receipt-page'
import type { ApplicationRecords } from './index'
import type { CallRatings } from '../call-ratings'
import type { VideoIdentityCheck } from '../../../common/signaling/identity-check'

/** A few photographed pages as base64 JSON (4/3 of the bytes): ~18 MB of images. */
export const MAX_APPLICATION_BYTES = APPLICATION_BODY_BYTES

export interface ApplicationsApiDeps {
  /** The signaling store: terminals and staff sessions live there. */
  store: TerminalStore & StaffStore
  applications: ApplicationRecords
  keys: DataKeys
  /** The published catalog (catalog/service.ts): the version in force and earlier ones. */
  catalogs: CatalogSource & { served(): ServedCatalog }
  log: Logger
  now: () => number
  /** Public base of the case-number progress URL (JSON), without trailing slash. */
  progressBaseUrl: string
  /** The centre's public address (residents' phones reach it): receipts' QR codes point here. */
  publicUrl: string
  /** Progress lookups per terminal: burst and refill per second. */
  lookupRate?: { burst: number; perSecond: number }
  /** Working days for the cases' clocks (default: the packaged Chinese calendar). */
  calendar?: WorkCalendar
  /** Adds each case's timeline, promised day and notice (the back office's case work). */
  describeCases?: (cases: CaseLookupResponse['cases']) => Promise<CaseLookupResponse['cases']>
  /** Records a staff member's read of personal data in the audit a supervisor lists. */
  audit(user: { id: string; name: string }, action: string, detail: string): Promise<void>
  /** Told of each case a new submission opens (the consoles' push, cases/push.ts). */
  caseFeed?: CaseFeed
  /**
   * Whether the call of an application's video identity check (common/signaling/identity-check.ts)
   * holds the resident's confirmation of that clerk's check, from this terminal; without it such
   * an application is refused.
   */
  identityChecked?: (check: VideoIdentityCheck, terminalId: string) => Promise<boolean>
  /** Ratings of video-help calls (call-ratings.ts); without it a call's rating is refused. */
  callRatings?: CallRatings
}

// Params at the edge: a value outside its schema is 404 `not_found`, as an unknown path is.
// (The application id is also in the path pattern: a malformed id is 404 before auth, as before.)
const TokenParam = z.object({ token: ReceiptToken })
const CaseParam = z.object({ caseNumber: CaseNumber })
const ApplicationIdParam = z.object({ id: z.string().regex(/^[0-9a-f-]{36}$/) })
const IdempotencyKey = z.string().min(1)
/** The progress link's token; a missing one is refused by the MAC check as before. */
const ProgressQuery = z.object({ t: z.string().max(200).default('') })

/**
 * The centre's applications API (docs/applications-api.md): submissions from terminals,
 * progress lookup, ratings, the catalog, and a clerk's status change. Routes for the HTTP
 * layer (http/router.ts); the handlers call the stores and checkers.
 */
export function createApplicationsApi(deps: ApplicationsApiDeps) {
  const { store, applications, keys, log, now } = deps
  const { catalogs } = deps
  // One form and card checker per catalog version (each compiles its forms once).
  const checkers = new WeakMap<Catalog, ReturnType<typeof checkersOf>>()
  const checkersOf = (c: Catalog) => ({
    form: createFormChecker(c),
    card: createCardChecker(c, now),
  })
  const checkersFor = (c: Catalog) => {
    let found = checkers.get(c)
    if (!found) checkers.set(c, (found = checkersOf(c)))
    return found
  }
  /**
   * An item's category for a staff check: from the version the application was filled in from
   * when given (what its case was opened with), else the version in force.
   */
  async function categoryOf(code: string, version?: string): Promise<string | undefined> {
    const made = version ? await catalogs.atVersion(version) : null
    return findEntry(made ?? catalogs.current(), code)?.entry.categoryId
  }
  const lookupRate = deps.lookupRate ?? { burst: 20, perSecond: 0.2 }
  // A stolen credential must not become an ID-number oracle at machine speed.
  const lookupBudget = bucketsPerKey(lookupRate.burst, lookupRate.perSecond, now)
  const terminal = terminalAuth({ store, log, now, failures: { burst: 10, perSecond: 0.2 } })
  const staff = staffAuth({ store, now, roles: ['clerk', 'supervisor'] })
  const calendar = deps.calendar ?? chineseWorkCalendar()

  const progressToken = (caseNumber: string) => hmac(keys.progressToken, caseNumber).slice(0, 16)
  const progressUrl = (caseNumber: string) =>
    `${deps.progressBaseUrl}/${caseNumber}?t=${progressToken(caseNumber)}`
  /** Stored instead of the token itself, so the database holds no live receipt link. */
  const receiptKey = (token: string) => hmac(keys.progressToken, `receipt:${token}`)
  const receiptUrl = (token: string) => `${deps.publicUrl}/p/${token}`
  const centreInfo: CentreInfo = { publicUrl: deps.publicUrl, receiptPath: '/p/' }

  /** What a receipt's QR key (a valid `ReceiptToken`) answers. */
  async function receiptProgress(token: string): Promise<ReceiptProgress> {
    const found = await applications.receiptCases(receiptKey(token))
    // Unknown keys answer "not received yet": the application may still be in a kiosk's outbox,
    // and the answer tells a guesser nothing.
    if (!found) return { received: false }
    const name = findEntry(catalogs.current(), found.code)?.entry.name ??
      found.cases[0]?.name ?? { 'zh-CN': found.code }
    return {
      received: true,
      kind: found.kind,
      code: found.code,
      name: { 'zh-CN': name['zh-CN'], ...(name.en ? { en: name.en } : {}) },
      caseNumber: found.caseNumber,
      receivedAt: found.receivedAt,
      cases: found.cases.map(publicCase),
    }
  }

  const routes: AnyRoute[] = [
    route({
      method: ['GET', 'HEAD'],
      path: '/p/:token',
      params: TokenParam,
      async handler({ req, res, params }) {
        // The page the receipt's QR code opens on a phone (its JSON twin: /api/v1/receipts/…).
        const page =
          req.method === 'HEAD' ? undefined : renderReceiptPage(await receiptProgress(params.token))
        sendPage(res, 200, page)
      },
    }),
    route({
      method: 'GET',
      path: `${API_V1}/centre`,
      handler: ({ res }) => send(res, 200, centreInfo),
    }),
    route({
      method: 'GET',
      path: `${API_V1}/receipts/:token`,
      params: TokenParam,
      handler: async ({ res, params }) => send(res, 200, await receiptProgress(params.token)),
    }),
    route({
      method: ['GET', 'HEAD'],
      path: `${API_V1}/catalog`,
      handler: ({ req, res }) => handleCatalog(catalogs.served(), req, res),
    }),
    route({
      method: 'POST',
      path: `${API_V1}/applications`,
      auth: terminal,
      before({ req }) {
        if (!IdempotencyKey.safeParse(req.headers['idempotency-key']).success)
          throw new HttpError(400, 'idempotency_key_required')
      },
      body: { schema: Application, limit: APPLICATION_BODY_BYTES },
      async handler({ req, res, caller, body: app }) {
        if (app.id !== req.headers['idempotency-key'])
          throw new HttpError(400, 'idempotency_key_mismatch')
        // A terminal submits only as itself; 422 so the kiosk keeps it for staff, no retry.
        if (app.terminalId !== caller.id) throw new HttpError(422, 'terminal_mismatch')
        // The application follows the catalog version it was filled in from, when the centre
        // published it (what the resident saw and signed: its items, fan-out, form and
        // conditions); one from a version unknown here follows the version in force, its form
        // unchecked (form-check.ts).
        const catalog = (await catalogs.atVersion(app.catalogVersion)) ?? catalogs.current()
        const plans = planCases(catalog, app)
        if (!plans) throw new HttpError(422, 'unknown_code')
        const check = checkersFor(catalog)
        const form = check.form(app)
        if (form.kind === 'invalid') throw new HttpError(422, 'invalid_form_data', form.issues)
        // What the card decides (age, validity, hukou region) is checked here too: 422, so the
        // kiosk's outbox keeps it for staff instead of retrying.
        const card = check.card(app)
        if (card.length > 0) throw new HttpError(422, 'not_eligible', card)
        // 身份经视频核验: only a call of this terminal whose clerk's check the resident confirmed.
        const video = app.applicant.identityCheck
        if (video && !(await deps.identityChecked?.(video, caller.id))) {
          log.warn(
            { terminalId: caller.id, applicationId: app.id, callId: video.callId },
            'identity check not found for the application',
          )
          throw new HttpError(422, 'identity_not_checked')
        }
        const t = now()
        const result = await applications.insertApplication({
          app,
          applicantKey: hmac(keys.idLookup, app.applicant.idNumber),
          fingerprint: hmac(keys.fingerprint, canonicalJson(app)),
          receiptKey: app.receiptToken ? receiptKey(app.receiptToken) : null,
          plans,
          progressUrl,
          now: t,
          hall: caller.hall,
          noticeDueOn: noticeDueOn(calendar, t),
        })
        if (result.kind === 'conflict') {
          log.warn({ terminalId: caller.id, applicationId: app.id }, 'idempotency key reused')
          throw new HttpError(409, 'idempotency_conflict')
        }
        if (result.kind === 'created')
          for (const c of fanOut(app, result.confirmation.caseNumber, plans))
            deps.caseFeed?.publish({
              caseNumber: c.caseNumber,
              itemCode: c.itemCode,
              categoryId: c.categoryId ?? '',
              status: 'received',
              change: 'submitted',
            })
        log.info(
          {
            terminalId: caller.id,
            applicationId: app.id,
            caseNumber: result.confirmation.caseNumber,
            code: app.code,
            repeat: result.kind === 'repeat',
          },
          result.kind === 'created' ? 'application stored' : 'application repeat answered',
        )
        // The stored confirmation keeps the case-number URL; a kiosk that made a receipt token
        // prints the page of that token, so the answer (first or repeat) names it.
        const confirmation = app.receiptToken
          ? { ...result.confirmation, progressUrl: receiptUrl(app.receiptToken) }
          : result.confirmation
        send(res, result.kind === 'created' ? 201 : 200, confirmation)
      },
    }),
    route({
      method: 'POST',
      path: `${API_V1}/cases/lookup`,
      auth: terminal,
      before({ caller }) {
        if (!lookupBudget(caller.id)) throw new HttpError(429, 'rate_limited')
      },
      body: { schema: CaseLookupRequestAccepted, limit: SMALL_BODY_BYTES },
      async handler({ res, caller, body }) {
        const found = await applications.casesForApplicant(hmac(keys.idLookup, body.idNumber))
        const cases = deps.describeCases ? await deps.describeCases(found) : found
        log.info({ terminalId: caller.id, found: cases.length }, 'progress lookup')
        const answer: CaseLookupResponse = { cases }
        send(res, 200, answer)
      },
    }),
    route({
      method: 'POST',
      path: `${API_V1}/ratings`,
      auth: terminal,
      body: { schema: Rating, limit: SMALL_BODY_BYTES },
      async handler({ res, caller, body: rating }) {
        if (rating.terminalId !== caller.id) throw new HttpError(422, 'terminal_mismatch')
        if (rating.subject.kind === 'call') {
          // Kept beside the call's record, under the call's own rules (call-ratings.ts).
          const fingerprint = hmac(keys.fingerprint, canonicalJson(rating))
          const rated = deps.callRatings
            ? await deps.callRatings.submit(rating, fingerprint, now())
            : ({ kind: 'refused', status: 404, code: 'not_found' } as const)
          if (rated.kind === 'refused') {
            log.warn(
              { terminalId: caller.id, callId: rating.subject.callId, code: rated.code },
              'call rating refused',
            )
            throw new HttpError(rated.status, rated.code)
          }
          log.info(
            { terminalId: caller.id, callId: rating.subject.callId, level: rating.level },
            rated.kind === 'created' ? 'call rating stored' : 'call rating repeat answered',
          )
          return send(res, rated.kind === 'created' ? 201 : 200, rated.receipt)
        }
        const result = await applications.insertRating(
          rating,
          hmac(keys.fingerprint, canonicalJson(rating)),
          now(),
        )
        if (result.kind === 'conflict') throw new HttpError(409, 'idempotency_conflict')
        log.info(
          { terminalId: caller.id, ratingId: rating.id, level: rating.level },
          result.kind === 'created' ? 'rating stored' : 'rating repeat answered',
        )
        send(res, result.kind === 'created' ? 201 : 200, result.receipt)
      },
    }),
    route({
      method: 'POST',
      path: `${API_V1}/cases/:caseNumber/status`,
      auth: staff,
      params: CaseParam,
      body: { schema: CaseStatusChange, limit: SMALL_BODY_BYTES },
      async handler({ res, caller, params: { caseNumber }, body: change }) {
        // A clerk changes only cases of their categories, as on every other case endpoint.
        if (caller.role === 'clerk') {
          const known = await applications.getCase(caseNumber)
          if (!known) throw new HttpError(404, 'not_found')
          const category = await categoryOf(known.code)
          if (!(category && caller.categories.includes(category)))
            throw new HttpError(403, 'forbidden')
        }
        const updated = await applications.updateCase(
          caseNumber,
          { ...change, byUser: caller.id },
          now(),
        )
        if (updated === null) throw new HttpError(404, 'not_found')
        if (updated === 'final') throw new HttpError(409, 'invalid_transition')
        log.info({ caseNumber, status: change.status, by: caller.id }, 'case status changed')
        send(res, 200, { case: updated })
      },
    }),
    route({
      method: 'GET',
      path: `${API_V1}/applications/:id(^[0-9a-f-]{36}$)`,
      auth: staff,
      params: ApplicationIdParam,
      async handler({ res, caller, params }) {
        // Clerks read the full application (decrypted) to decide the case: a clerk only of
        // their own categories, a supervisor any; admins and technicians decide no cases.
        // Every read is audited.
        if (caller.role !== 'clerk' && caller.role !== 'supervisor')
          throw new HttpError(403, 'forbidden')
        const app = await applications.getApplication(params.id)
        if (!app) throw new HttpError(404, 'not_found')
        const category = await categoryOf(app.code, app.catalogVersion)
        if (caller.role === 'clerk' && !(category && caller.categories.includes(category)))
          throw new HttpError(403, 'forbidden')
        await deps.audit(
          { id: caller.id, name: caller.displayName },
          'read-application',
          `application ${app.id}`,
        )
        log.info({ applicationId: app.id, by: caller.id }, 'application read by staff')
        send(res, 200, app)
      },
    }),
    route({
      method: 'GET',
      path: `${API_V1}/progress/:caseNumber`,
      params: CaseParam,
      query: ProgressQuery,
      async handler({ req, res, params: { caseNumber }, query }) {
        // A reprinted receipt's QR code: the token proves the number came from a receipt, and
        // the answer carries no name, note or result text, so a leaked receipt leaks only the
        // status. A phone's browser gets it as a page, a program as JSON.
        const known = await applications.getCase(caseNumber)
        const found = known && sameMac(query.t, progressToken(caseNumber)) ? known : null
        const visible = found && publicCase(found)
        if (wantsHtml(req.headers.accept))
          return sendPage(res, visible ? 200 : 404, renderCasePage(visible))
        if (!visible) throw new HttpError(404, 'not_found')
        send(res, 200, visible)
      },
    }),
  ]

  return { progressUrl, receiptUrl, routes }
}

/** A case as anyone holding its receipt may see it: no note, no result text. */
const publicCase = ({ note: _n, result: _r, ...visible }: CaseProgress): PublicCase => visible

/** A browser asks for HTML first; `fetch`, curl and the kiosk ask for JSON or anything. */
const wantsHtml = (accept: string | undefined): boolean => /^\s*text\/html\b/.test(accept ?? '')

/** A receipt page: no cache, its own CSP, not for search engines. `HEAD` gets no body. */
function sendPage(res: ServerResponse, status: number, page: string | undefined): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': receiptPageCsp,
    'x-robots-tag': 'noindex',
  })
  res.end(page)
}
