import { z } from 'zod'
import { API_V1 } from '../../../common/applications/api'
import {
  ActionParams,
  AuditQuery,
  CaseActionBodies,
  CaseParams,
  CountsQuery,
  IdSearchRequest,
  InboxQuery,
  ReassignRequest,
} from '../../../common/cases/api'
import { maskIdNumber, maskName } from '../../../common/privacy/mask'
import type { PinoLogger as Logger } from '../../../node-common/logger'
import type { ApplicationRecords } from '../applications/index'
import { staffAuth } from '../http/auth'
import { applicationsDialect, SMALL_BODY_BYTES, validate } from '../http/body'
import { HttpError, sendJson as send } from '../http/errors'
import { route, type AnyRoute } from '../http/router'
import type { StaffStore, UserRecord } from '../store/types'
import { caseDocumentRoutes } from './documents-http'
import type { CaseDocuments } from './documents'
import type { CaseCalls } from './calls'
import type { CaseFeed } from './feed'
import type { Actor, CaseAction } from './machine'
import type { CaseView, CaseWork } from './service'
import type { InboxCursor } from './store'

/*
 * The back office's HTTP API under /api/v1/cases (docs/back-office.md). Every endpoint takes a
 * staff session of a clerk or supervisor (admins and terminals are refused); a clerk reaches
 * only cases of their categories, a supervisor every case, reassignment, extension approval and
 * the audit. The applicant is masked unless revealed, and a reveal or an ID search is audited.
 */

export interface CasesApiDeps {
  store: StaffStore
  work: CaseWork
  applications: ApplicationRecords
  log: Logger
  now: () => number
  /** The submission's form, pages and signature for the case view (documents.ts). */
  documents?: CaseDocuments
  /** Claims taken, released and reassigned are told to the consoles (push.ts). */
  feed?: CaseFeed
  /** A kiosk's name, for the history of what a resident did there (补交, 撤回, 出件). */
  terminalName?: (terminalId: string) => Promise<string | null>
  /** The video-help calls linked to a case (calls.ts). */
  calls?: CaseCalls
}

const AnyObject = z.record(z.string(), z.unknown())
const CHINA_OFFSET_MS = 8 * 3600_000
const dayStart = (date: string) => Date.parse(`${date}T00:00:00Z`) - CHINA_OFFSET_MS

const encodeCursor = (c: InboxCursor) =>
  Buffer.from(JSON.stringify([c.sortDue, c.submittedAt, c.caseNumber])).toString('base64url')
function decodeCursor(s: string): InboxCursor {
  try {
    const [sortDue, submittedAt, caseNumber] = JSON.parse(
      Buffer.from(s, 'base64url').toString(),
    ) as unknown[]
    if (
      typeof sortDue === 'string' &&
      typeof submittedAt === 'number' &&
      typeof caseNumber === 'string'
    )
      return { sortDue, submittedAt, caseNumber }
  } catch {
    // fall through
  }
  throw new HttpError(400, 'invalid_body', [{ path: 'cursor', message: 'not a cursor' }])
}

const isSupervisor = (u: UserRecord) => u.role === 'supervisor'
const categoriesOf = (u: UserRecord) => (isSupervisor(u) ? null : u.categories)
const staffOf = (u: UserRecord) => ({ id: u.id, name: u.displayName })
const actorOf = (u: UserRecord): Actor => ({
  kind: 'staff',
  id: u.id,
  name: u.displayName,
  role: u.role,
})

/** The case view as the console reads it: dates as ISO, no sealed bytes. */
function viewBody(
  v: CaseView,
  applicant: { name: string; idNumber: string } | null,
  terminals: ReadonlyMap<string, string | null> = new Map(),
) {
  const iso = (ms: number) => new Date(ms).toISOString()
  const { claim, ...file } = v.file
  return {
    case: { ...file, submittedAt: iso(file.submittedAt), updatedAt: iso(file.updatedAt) },
    claim: claim ? { ...claim, until: iso(claim.until) } : null,
    applicant,
    materials: v.state.materials.map((m) => ({
      ...m,
      suppliedAt: m.suppliedAt === null ? null : iso(m.suppliedAt),
    })),
    pendingExtension: v.state.pendingExtension,
    clocks: v.clocks,
    // The signed result notice of the decision (what the kiosk prints), once there is one.
    result: v.result
      ? {
          decision: v.result.decision,
          decidedAt: iso(v.result.decidedAt),
          noticeText: v.result.noticeText,
          url: v.result.url,
        }
      : null,
    history: v.events.map((e) => ({
      at: iso(e.at),
      by:
        e.actor.kind === 'staff'
          ? { kind: 'staff', id: e.actor.id, name: e.actor.name }
          : e.actor.kind === 'terminal'
            ? { kind: 'terminal', id: e.actor.id, name: terminals.get(e.actor.id) ?? undefined }
            : { kind: 'centre' },
      action: e.action,
      from: e.from,
      to: e.to,
    })),
  }
}

export function createCasesApi(deps: CasesApiDeps): AnyRoute[] {
  const { work, log, now } = deps
  const staff = staffAuth({ store: deps.store, now, roles: ['clerk', 'supervisor'] })
  const supervisor = staffAuth({ store: deps.store, now, roles: ['supervisor'] })
  const base = `${API_V1}/cases`
  // The number's pattern in the path, so a word (…/cases/lookup) stays an unknown path (404).
  const one = `${base}/:caseNumber(^[A-Z0-9][A-Z0-9-]{5,39}$)`

  /** The case if the user may see it: 404 when there is none, 403 when not theirs. */
  async function visibleCase(user: UserRecord, caseNumber: string): Promise<CaseView> {
    const v = await work.view(caseNumber, now())
    if (!v) throw new HttpError(404, 'not_found')
    if (!isSupervisor(user) && !user.categories.includes(v.file.categoryId))
      throw new HttpError(403, 'forbidden')
    return v
  }
  const applicant = (caseNumber: string) => deps.applications.applicantOfCase(caseNumber)
  /** The names of the kiosks where the resident acted on the case, by terminal id. */
  async function terminalsOf(v: CaseView): Promise<Map<string, string | null>> {
    const ids = new Set(v.events.flatMap((e) => (e.actor.kind === 'terminal' ? [e.actor.id] : [])))
    const names = new Map<string, string | null>()
    for (const id of ids) names.set(id, (await deps.terminalName?.(id)) ?? null)
    return names
  }
  const submission = (v: CaseView, masked: boolean) =>
    deps.documents
      ? deps.documents.submission(v.file.caseNumber, v.file, { masked })
      : Promise.resolve(null)
  const claimChanged = (v: CaseView) =>
    deps.feed?.publish({
      caseNumber: v.file.caseNumber,
      itemCode: v.file.itemCode,
      categoryId: v.file.categoryId,
      status: v.file.status,
      change: 'claimed',
    })
  const scope = (
    u: UserRecord,
    q: { item?: string; hall?: string; from?: string; to?: string },
  ) => ({
    categories: categoriesOf(u),
    userId: u.id,
    now: now(),
    ...(q.item ? { itemCode: q.item } : {}),
    ...(q.hall ? { hall: q.hall } : {}),
    ...(q.from ? { submittedFrom: dayStart(q.from) } : {}),
    ...(q.to ? { submittedBefore: dayStart(q.to) + 86_400_000 } : {}),
  })

  return [
    route({
      method: 'GET',
      path: base,
      auth: staff,
      query: InboxQuery,
      async handler({ res, caller, query }) {
        const page = await work.inbox(
          scope(caller, query),
          query.queue,
          query.limit,
          query.cursor ? decodeCursor(query.cursor) : undefined,
        )
        send(res, 200, {
          rows: page.rows.map((r) => ({
            ...r,
            submittedAt: new Date(r.submittedAt).toISOString(),
            updatedAt: new Date(r.updatedAt).toISOString(),
            claim: r.claim ? { ...r.claim, until: new Date(r.claim.until).toISOString() } : null,
          })),
          next: page.next ? encodeCursor(page.next) : null,
        })
      },
    }),
    route({
      method: 'GET',
      path: `${base}/counts`,
      auth: staff,
      query: CountsQuery,
      async handler({ res, caller, query }) {
        send(res, 200, await work.counts(scope(caller, query)))
      },
    }),
    route({
      method: 'POST',
      path: `${base}/search-id`,
      auth: staff,
      body: { schema: IdSearchRequest, limit: SMALL_BODY_BYTES },
      async handler({ res, caller, body }) {
        const cases = await work.searchByIdNumber(
          body.idNumber,
          staffOf(caller),
          categoriesOf(caller),
          now(),
        )
        log.info({ by: caller.id, found: cases.length }, 'case search by ID number')
        send(res, 200, { cases })
      },
    }),
    route({
      method: 'GET',
      path: `${base}/audit`,
      auth: supervisor,
      query: AuditQuery,
      async handler({ res, query }) {
        const page = await work.auditLog(query.limit, query.before)
        send(res, 200, {
          rows: page.rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() })),
          next: page.next,
        })
      },
    }),
    route({
      method: 'GET',
      path: one,
      auth: staff,
      params: CaseParams,
      async handler({ res, caller, params }) {
        const v = await visibleCase(caller, params.caseNumber)
        const a = await applicant(params.caseNumber)
        const masked = a ? { name: maskName(a.name), idNumber: maskIdNumber(a.idNumber) } : null
        const video = a?.identityCheck
        send(res, 200, {
          ...viewBody(v, masked, await terminalsOf(v)),
          identityCheck: video
            ? {
                ...video,
                clerkName: (await deps.store.getUser(video.clerkId))?.displayName ?? null,
              }
            : null,
          submission: await submission(v, true),
        })
      },
    }),
    route({
      method: 'GET',
      path: `${one}/calls`,
      auth: staff,
      params: CaseParams,
      async handler({ res, caller, params }) {
        await visibleCase(caller, params.caseNumber)
        send(res, 200, { calls: deps.calls ? await deps.calls.linked(params.caseNumber) : [] })
      },
    }),
    route({
      method: 'POST',
      path: `${one}/reveal`,
      auth: staff,
      params: CaseParams,
      async handler({ res, caller, params }) {
        await visibleCase(caller, params.caseNumber)
        const a = await applicant(params.caseNumber)
        await work.audited(staffOf(caller), 'reveal', params.caseNumber, now())
        log.info({ by: caller.id, caseNumber: params.caseNumber }, 'applicant revealed')
        send(res, 200, {
          applicant: a ? { name: a.name, idNumber: a.idNumber } : null,
          // The form's personal answers too (name, number, address, phone, account).
          ...(deps.documents ? { answers: await deps.documents.answers(params.caseNumber) } : {}),
        })
      },
    }),
    route({
      method: 'POST',
      path: `${one}/actions/:action`,
      auth: staff,
      params: ActionParams,
      // Each action's own body schema, checked in the handler (the route takes any object).
      body: { schema: AnyObject, limit: SMALL_BODY_BYTES },
      async handler({ res, caller, params, body }) {
        const v = await visibleCase(caller, params.caseNumber)
        const claim = v.file.claim
        if (claim && claim.userId !== caller.id) throw new HttpError(409, 'claimed')
        // The shared body check (bounded issues that never echo the client's keys or values).
        const parsed = validate(body, CaseActionBodies[params.action], applicationsDialect)
        const action = { type: params.action, ...parsed } as CaseAction
        const r = await work.act(params.caseNumber, action, actorOf(caller), now())
        if (!r.ok) {
          const f = r.refusal
          if (f.code === 'missing') throw new HttpError(404, 'not_found')
          if (f.code === 'actor') throw new HttpError(403, 'forbidden')
          if (f.code === 'wrong-status') throw new HttpError(409, 'invalid_transition')
          if (f.code === 'unknown-reason')
            throw new HttpError(422, 'unknown_reason', [
              { path: 'reason.codes', message: f.codes.join(',') },
            ])
          throw new HttpError(409, 'rule_broken', [{ path: 'rule', message: f.rule }])
        }
        log.info(
          {
            by: caller.id,
            caseNumber: params.caseNumber,
            action: params.action,
            to: r.view.state.status,
          },
          'case action',
        )
        const a = await applicant(params.caseNumber)
        send(res, 200, {
          ...viewBody(
            r.view,
            a ? { name: maskName(a.name), idNumber: maskIdNumber(a.idNumber) } : null,
            await terminalsOf(r.view),
          ),
          submission: await submission(r.view, true),
        })
      },
    }),
    route({
      method: 'POST',
      path: `${one}/claim`,
      auth: staff,
      params: CaseParams,
      async handler({ res, caller, params }) {
        const v = await visibleCase(caller, params.caseNumber)
        const held = v.file.claim
        const r = await work.claim(params.caseNumber, staffOf(caller), now())
        // A renewal changes nothing another console shows; a new holder does.
        if (r.ok && !(held && held.userId === caller.id && held.until > now())) claimChanged(v)
        if (!r.ok) {
          send(res, 409, {
            error: 'claimed',
            heldBy: r.heldBy
              ? { name: r.heldBy.name, until: new Date(r.heldBy.until).toISOString() }
              : null,
          })
          return
        }
        send(res, 200, { claim: { ...r.claim, until: new Date(r.claim.until).toISOString() } })
      },
    }),
    route({
      method: 'DELETE',
      path: `${one}/claim`,
      auth: staff,
      params: CaseParams,
      async handler({ res, caller, params }) {
        const v = await visibleCase(caller, params.caseNumber)
        const released = await work.release(params.caseNumber, staffOf(caller))
        if (!released) throw new HttpError(409, 'claimed')
        claimChanged(v)
        res.statusCode = 204
        res.end()
      },
    }),
    route({
      method: 'POST',
      path: `${one}/reassign`,
      auth: supervisor,
      params: CaseParams,
      body: { schema: ReassignRequest, limit: SMALL_BODY_BYTES },
      async handler({ res, caller, params, body }) {
        const v = await visibleCase(caller, params.caseNumber)
        const to = await deps.store.getUser(body.userId)
        // Only to someone who may work the case: a clerk of its category, or a supervisor.
        if (
          !to ||
          !(
            to.role === 'supervisor' ||
            (to.role === 'clerk' && to.categories.includes(v.file.categoryId))
          )
        )
          throw new HttpError(422, 'invalid_body', [
            { path: 'userId', message: 'cannot work this case' },
          ])
        const r = await work.claim(params.caseNumber, staffOf(to), now(), true)
        log.info({ by: caller.id, caseNumber: params.caseNumber, to: to.id }, 'case reassigned')
        claimChanged(v)
        send(res, 200, {
          claim: r.ok ? { ...r.claim, until: new Date(r.claim.until).toISOString() } : null,
        })
      },
    }),
    ...(deps.documents
      ? caseDocumentRoutes({
          one,
          staff,
          supervisor,
          store: deps.store,
          visibleCase,
          documents: deps.documents,
          work,
          log,
          now,
        })
      : []),
  ]
}
