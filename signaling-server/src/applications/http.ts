import type { IncomingMessage, ServerResponse } from 'node:http'
import type { z } from 'zod'
import {
  API_V1,
  CaseLookupRequestAccepted,
  CaseStatusChange,
  type ApiError,
  type ApiErrorCode,
  type CaseLookupResponse,
  type CentreInfo,
  type ReceiptProgress,
} from '../../../common/applications/api'
import { Application, CaseNumber, Rating, ReceiptToken } from '../../../common/applications/schema'
import { findEntry, type Catalog } from '../../../common/catalog/schema'
import { credentialMatches, userForToken } from '../auth'
import { describeIssue, nestedDeeperThan, tooDeepMessage } from '../json-limits'
import type { PinoLogger as Logger } from '../../../node-common/logger'
import { TokenBucket } from '../../../node-common/token-bucket'
import type { Store, TerminalRecord, UserRecord } from '../store/types'
import { handleCatalog, serveCatalog } from './catalog'
import { canonicalJson, hmac, sameMac, type DataKeys } from './crypto'
import { createCardChecker } from './card-check'
import { createFormChecker } from './form-check'
import { planCases } from './plans'
import { receiptPageCsp, renderReceiptPage } from './receipt-page'
import type { ApplicationsStore } from './store'

/** A few photographed pages as base64 JSON (4/3 of the bytes): ~18 MB of images. */
export const MAX_APPLICATION_BYTES = 25 * 1024 * 1024
const MAX_SMALL_BODY_BYTES = 64 * 1024

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    readonly issues?: ApiError['issues'],
  ) {
    super(code)
  }
}

export interface ApplicationsApiDeps {
  /** The signaling store: terminals and staff sessions live there. */
  store: Store
  applications: ApplicationsStore
  keys: DataKeys
  catalog: Catalog
  log: Logger
  now: () => number
  /** Public base of the case-number progress URL (JSON), without trailing slash. */
  progressBaseUrl: string
  /** The centre's public address (residents' phones reach it): receipts' QR codes point here. */
  publicUrl: string
  /** Progress lookups per terminal: burst and refill per second. */
  lookupRate?: { burst: number; perSecond: number }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  })
  res.end(JSON.stringify(body))
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const type = req.headers['content-type'] ?? ''
  if (!type.startsWith('application/json')) throw new ApiFailure(400, 'invalid_content_type')
  if (Number(req.headers['content-length'] ?? 0) > limit)
    throw new ApiFailure(413, 'body_too_large')
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) throw new ApiFailure(413, 'body_too_large')
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

/**
 * Bounded paths and messages only (`describeIssue`): issues never carry the rejected values
 * or keys. Too deep a body is refused before anything recursive sees it.
 */
function parseWith<T extends z.ZodType>(schema: T, raw: Buffer): z.infer<T> {
  let value: unknown
  try {
    value = JSON.parse(raw.toString('utf8'))
  } catch {
    throw new ApiFailure(400, 'invalid_json')
  }
  if (nestedDeeperThan(value))
    throw new ApiFailure(400, 'invalid_body', [{ path: '(root)', message: tooDeepMessage }])
  const parsed = schema.safeParse(value)
  if (!parsed.success)
    throw new ApiFailure(400, 'invalid_body', parsed.error.issues.slice(0, 20).map(describeIssue))
  return parsed.data
}

/**
 * The centre's applications API (docs/applications-api.md): submissions from terminals,
 * progress lookup, ratings, the catalog, and a clerk's status change.
 */
export function createApplicationsApi(deps: ApplicationsApiDeps) {
  const { store, applications, keys, log, now } = deps
  const served = serveCatalog(deps.catalog)
  const checkForm = createFormChecker(deps.catalog)
  const checkCard = createCardChecker(deps.catalog, now)
  const lookupRate = deps.lookupRate ?? { burst: 20, perSecond: 0.2 }
  const lookupBuckets = new Map<string, TokenBucket>()
  const failedAuth = new Map<string, TokenBucket>()

  const progressToken = (caseNumber: string) => hmac(keys.progressToken, caseNumber).slice(0, 16)
  const progressUrl = (caseNumber: string) =>
    `${deps.progressBaseUrl}/${caseNumber}?t=${progressToken(caseNumber)}`
  /** Stored instead of the token itself, so the database holds no live receipt link. */
  const receiptKey = (token: string) => hmac(keys.progressToken, `receipt:${token}`)
  const receiptUrl = (token: string) => `${deps.publicUrl}/p/${token}`
  const centreInfo: CentreInfo = { publicUrl: deps.publicUrl, receiptPath: '/p/' }

  /** What a receipt's QR key answers; null for a malformed token. */
  function receiptProgress(token: string): ReceiptProgress | null {
    if (!ReceiptToken.safeParse(token).success) return null
    const found = applications.receiptCases(receiptKey(token))
    // Unknown keys answer "not received yet": the application may still be in a kiosk's outbox,
    // and the answer tells a guesser nothing.
    if (!found) return { received: false }
    const name = findEntry(deps.catalog, found.code)?.entry.name ??
      found.cases[0]?.name ?? { 'zh-CN': found.code }
    return {
      received: true,
      kind: found.kind,
      code: found.code,
      name: { 'zh-CN': name['zh-CN'], ...(name.en ? { en: name.en } : {}) },
      caseNumber: found.caseNumber,
      receivedAt: found.receivedAt,
      cases: found.cases.map(({ note: _n, result: _r, ...visible }) => visible),
    }
  }

  /**
   * `Authorization: Bearer <terminalId>:<credential>`. The stored credential is a SHA-256 hash
   * looked up by terminal id, so the id travels with the secret (as in the socket handshake).
   */
  function authTerminal(req: IncomingMessage): TerminalRecord {
    const address = req.socket.remoteAddress ?? '?'
    const auth = req.headers.authorization ?? ''
    const token = auth.startsWith('Bearer ') ? auth.slice(7).trim() : ''
    const sep = token.indexOf(':')
    const terminal = sep > 0 ? store.getTerminal(token.slice(0, sep)) : null
    if (
      terminal &&
      terminal.revokedAt === null &&
      credentialMatches(token.slice(sep + 1), terminal.credentialHash)
    )
      return terminal
    // Slow down guessing from one address; the kiosk itself never fails twice in a row.
    let bucket = failedAuth.get(address)
    if (!bucket) {
      if (failedAuth.size > 10_000) failedAuth.clear()
      failedAuth.set(address, (bucket = new TokenBucket(10, 0.2, now())))
    }
    log.warn({ terminalId: sep > 0 ? token.slice(0, sep).slice(0, 64) : null }, 'terminal refused')
    if (!bucket.take(now())) throw new ApiFailure(429, 'rate_limited')
    throw new ApiFailure(401, 'unauthorized')
  }

  function authStaff(req: IncomingMessage): UserRecord {
    const auth = req.headers.authorization ?? ''
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : ''
    const user = token ? userForToken(store, token, now()) : null
    if (!user) throw new ApiFailure(401, 'unauthorized')
    return user
  }

  async function submit(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const terminal = authTerminal(req)
    const key = req.headers['idempotency-key']
    if (typeof key !== 'string' || key.length === 0)
      throw new ApiFailure(400, 'idempotency_key_required')
    const app = parseWith(Application, await readBody(req, MAX_APPLICATION_BYTES))
    if (app.id !== key) throw new ApiFailure(400, 'idempotency_key_mismatch')
    // A terminal submits only as itself; 422 so the kiosk keeps it for staff instead of retrying.
    if (app.terminalId !== terminal.id) throw new ApiFailure(422, 'terminal_mismatch')
    const plans = planCases(deps.catalog, app)
    if (!plans) throw new ApiFailure(422, 'unknown_code')
    const form = checkForm(app)
    if (form.kind === 'invalid') throw new ApiFailure(422, 'invalid_form_data', form.issues)
    // What the card decides (age, validity, hukou region) is checked here too: 422, so the
    // kiosk's outbox keeps it for staff instead of retrying.
    const card = checkCard(app)
    if (card.length > 0) throw new ApiFailure(422, 'not_eligible', card)
    const result = applications.insertApplication({
      app,
      applicantKey: hmac(keys.idLookup, app.applicant.idNumber),
      fingerprint: hmac(keys.fingerprint, canonicalJson(app)),
      receiptKey: app.receiptToken ? receiptKey(app.receiptToken) : null,
      plans,
      progressUrl,
      now: now(),
    })
    if (result.kind === 'conflict') {
      log.warn({ terminalId: terminal.id, applicationId: app.id }, 'idempotency key reused')
      throw new ApiFailure(409, 'idempotency_conflict')
    }
    log.info(
      {
        terminalId: terminal.id,
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
  }

  async function lookup(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const terminal = authTerminal(req)
    // A stolen credential must not become an ID-number oracle at machine speed.
    let bucket = lookupBuckets.get(terminal.id)
    if (!bucket)
      lookupBuckets.set(
        terminal.id,
        (bucket = new TokenBucket(lookupRate.burst, lookupRate.perSecond, now())),
      )
    if (!bucket.take(now())) throw new ApiFailure(429, 'rate_limited')
    const body = parseWith(CaseLookupRequestAccepted, await readBody(req, MAX_SMALL_BODY_BYTES))
    const cases = applications.casesForApplicant(hmac(keys.idLookup, body.idNumber))
    log.info({ terminalId: terminal.id, found: cases.length }, 'progress lookup')
    const answer: CaseLookupResponse = { cases }
    send(res, 200, answer)
  }

  async function changeStatus(
    req: IncomingMessage,
    res: ServerResponse,
    caseNumber: string,
  ): Promise<void> {
    const user = authStaff(req)
    const change = parseWith(CaseStatusChange, await readBody(req, MAX_SMALL_BODY_BYTES))
    const updated = applications.updateCase(caseNumber, { ...change, byUser: user.id }, now())
    if (updated === null) throw new ApiFailure(404, 'not_found')
    if (updated === 'final') throw new ApiFailure(409, 'invalid_transition')
    log.info({ caseNumber, status: change.status, by: user.id }, 'case status changed')
    send(res, 200, { case: updated })
  }

  async function rate(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const terminal = authTerminal(req)
    const rating = parseWith(Rating, await readBody(req, MAX_SMALL_BODY_BYTES))
    if (rating.terminalId !== terminal.id) throw new ApiFailure(422, 'terminal_mismatch')
    const result = applications.insertRating(
      rating,
      hmac(keys.fingerprint, canonicalJson(rating)),
      now(),
    )
    if (result.kind === 'conflict') throw new ApiFailure(409, 'idempotency_conflict')
    log.info(
      { terminalId: terminal.id, ratingId: rating.id, level: rating.level },
      result.kind === 'created' ? 'rating stored' : 'rating repeat answered',
    )
    send(res, result.kind === 'created' ? 201 : 200, result.receipt)
  }

  async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = req.method ?? 'GET'
    let m = /^\/p\/([^/]+)$/.exec(path)
    if (m && (method === 'GET' || method === 'HEAD')) {
      // The page the receipt's QR code opens on a phone (its JSON twin: /api/v1/receipts/…).
      const progress = receiptProgress(decodeURIComponent(m[1]!))
      if (!progress) throw new ApiFailure(404, 'not_found')
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': receiptPageCsp,
        'x-robots-tag': 'noindex',
      })
      res.end(method === 'HEAD' ? undefined : renderReceiptPage(progress))
      return
    }
    const sub = path.slice(API_V1.length)
    if (sub === '/centre' && method === 'GET') return send(res, 200, centreInfo)
    m = /^\/receipts\/([^/]+)$/.exec(sub)
    if (m && method === 'GET') {
      const progress = receiptProgress(decodeURIComponent(m[1]!))
      if (!progress) throw new ApiFailure(404, 'not_found')
      return send(res, 200, progress)
    }
    if (sub === '/catalog' && (method === 'GET' || method === 'HEAD'))
      return handleCatalog(served, req, res)
    if (sub === '/applications' && method === 'POST') return submit(req, res)
    if (sub === '/cases/lookup' && method === 'POST') return lookup(req, res)
    if (sub === '/ratings' && method === 'POST') return rate(req, res)
    m = /^\/cases\/([^/]+)\/status$/.exec(sub)
    if (m && method === 'POST') return changeStatus(req, res, decodeURIComponent(m[1]!))
    m = /^\/applications\/([0-9a-f-]{36})$/.exec(sub)
    if (m && method === 'GET') {
      // Clerks read the full application (decrypted) to decide the case.
      const user = authStaff(req)
      const app = applications.getApplication(m[1]!)
      if (!app) throw new ApiFailure(404, 'not_found')
      log.info({ applicationId: app.id, by: user.id }, 'application read by staff')
      return send(res, 200, app)
    }
    m = /^\/progress\/([^/]+)$/.exec(sub)
    if (m && method === 'GET') {
      // The receipt's QR code: the token proves the number came from a receipt, and the answer
      // carries no name, note or result text, so a leaked receipt leaks only the status.
      const caseNumber = decodeURIComponent(m[1]!)
      const token = new URL(req.url ?? '', 'http://local').searchParams.get('t') ?? ''
      const known = CaseNumber.safeParse(caseNumber).success
        ? applications.getCase(caseNumber)
        : null
      if (!known || !sameMac(token, progressToken(caseNumber)))
        throw new ApiFailure(404, 'not_found')
      const { note: _note, result: _result, ...visible } = known
      return send(res, 200, visible)
    }
    throw new ApiFailure(404, 'not_found')
  }

  return {
    progressUrl,
    receiptUrl,
    async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
      try {
        await route(req, res, path)
      } catch (err) {
        if (err instanceof ApiFailure) {
          // An oversized body is not read to its end: answer and close the connection.
          if (err.status === 413 && !res.headersSent) res.setHeader('connection', 'close')
          const body: ApiError = { error: err.code, ...(err.issues ? { issues: err.issues } : {}) }
          if (!res.headersSent) send(res, err.status, body)
          return
        }
        log.error({ err, path }, 'applications api failed')
        if (!res.headersSent) send(res, 500, { error: 'internal' })
      }
    },
  }
}
