import type { CaseStatus } from '../../../common/applications/schema'
import type {
  Catalog,
  CaseReasons,
  LocalizedText,
  ServiceItem,
} from '../../../common/catalog/schema'
import { open, openJson, seal, sealJson } from '../../../node-common/seal'
import { hmac, type DataKeys } from '../applications/crypto'
import type { RecordsStore } from '../applications/records'
import type { WorkCalendar } from './calendar'
import type { CaseFeed } from './feed'
import { computeClocks, noticeDueOn, type CaseClocks } from './clocks'
import { addWorkingDays, chinaDay } from './days'
import { signDecision, type KeptResult, type ResultSigner } from './result-notice'
import {
  decide,
  fold,
  type Actor,
  type CaseAction,
  type CaseEvent,
  type CaseState,
  type Refusal,
} from './machine'
import { decisionFacts } from '../supervision/decisions'
import type {
  AuditPage,
  CaseFile,
  Claim,
  InboxCursor,
  InboxPage,
  InboxScope,
  MaterialChange,
  Queue,
} from './store'

/*
 * The back office's rules over the store: an action is decided by the machine on the case as
 * its events fold, sealed (free text may be personal), appended if no other event came first
 * (else decided again), and the case's place in the inbox (its earliest clock's last day)
 * updated with it. Claims are leases; searches by ID number and reveals are audited. The time
 * comes in with every call (no clock of its own); authorization is the HTTP layer's.
 */

/** How long a claim holds unless renewed (the console renews while the case is open). */
export const CLAIM_TTL_MS = 5 * 60_000
/** 临期: the earliest clock ends within this many working days. */
export const DUE_SOON_WORKING_DAYS = 2

export interface CaseWorkDeps {
  store: RecordsStore
  keys: DataKeys
  calendar: WorkCalendar
  catalog: () => Catalog
  /** Signs the result notice an approval or rejection fills; without it none is made. */
  results?: ResultSigner
  /** The applicant's name as on the card (only its mask goes into the notice). */
  applicantName?: (caseNumber: string) => Promise<string | null>
  /** Told of every recorded action (the consoles' push, push.ts). */
  feed?: CaseFeed
}

/** A kept event with what its sealed body carries besides the action. */
export interface KeptEvent extends CaseEvent {
  /** The signed result notice of an approval or rejection. */
  result?: KeptResult
  /** The kiosk's id of a 补交 (its idempotency key) and how many pages came with it. */
  supplyId?: string
  pageCount?: number
  /** The kiosk's id of a 撤回 (its idempotency key). */
  withdrawalId?: string
  /** The kiosk visit of a 补交, to link that visit's video-help calls (calls.ts). */
  visitId?: string
}

/**
 * What a kiosk's request carries besides the action: a 补交's id and pages, or a 撤回's id. The
 * id is the request's idempotency key: a repeat answers the case as it is and records nothing.
 */
export type KioskRequest =
  | { supplyId: string; visitId?: string; pages: readonly SuppliedPageInput[] }
  | { withdrawalId: string }

const requestId = (r: KioskRequest) => ('supplyId' in r ? r.supplyId : r.withdrawalId)
const eventRequestId = (e: KeptEvent) => e.supplyId ?? e.withdrawalId

/** Pages a resident supplies with a 补交 (the bytes of each photographed page). */
export interface SuppliedPageInput {
  mediaType: string
  bytes: Buffer
}

/** One supplied page as the clerk reads it back. */
export interface SuppliedPage {
  materialId: string
  /** The supply event's number. */
  seq: number
  page: number
  mediaType: string
  bytes: Buffer
}

export interface StaffUser {
  id: string
  name: string
}

export interface CaseView {
  file: Omit<CaseFile, 'events'>
  state: CaseState
  events: KeptEvent[]
  clocks: CaseClocks
  /** The latest signed result notice (approval or rejection), if any. */
  result: KeptResult | null
}

export type ActResult =
  | { ok: true; view: CaseView; repeat?: boolean }
  | {
      ok: false
      refusal: Refusal | { code: 'missing' } | { code: 'unknown-reason'; codes: string[] }
    }

/** Which of the item's reason lists an action's codes come from (none: free text only). */
const REASON_LIST: Partial<Record<CaseAction['type'], keyof CaseReasons>> = {
  'not-accept': 'notAccepted',
  'request-supplement': 'supplement',
  reject: 'rejection',
}

const reasonOf = (a: CaseAction) => ('reason' in a ? a.reason : undefined)

export function createCaseWork(deps: CaseWorkDeps) {
  const { store, calendar } = deps
  const k = deps.keys.seal
  const itemOf = (code: string): ServiceItem | undefined =>
    deps.catalog().items.find((i) => i.code === code)
  const limitsOf = (code: string) =>
    itemOf(code)?.timeLimits ?? { statutoryWorkingDays: null, promisedWorkingDays: 0 }
  const materialName = (code: string, id: string): LocalizedText => {
    const all = [itemOf(code), ...deps.catalog().bundles].flatMap((e) => e?.materials ?? [])
    return all.find((m) => m.id === id)?.name ?? { 'zh-CN': id }
  }

  function eventsOf(file: CaseFile): KeptEvent[] {
    const submit: KeptEvent = {
      at: file.submittedAt,
      actor: { kind: 'system' },
      action: { type: 'submit', deferred: file.deferred },
      from: null,
      to: 'received',
    }
    return [
      submit,
      ...file.events.map((e) => {
        const body = openJson<{
          action: CaseAction
          actor: Actor
          result?: KeptResult
          supplyId?: string
          pageCount?: number
          withdrawalId?: string
          visitId?: string
        }>(k, e.sealed, `case-log:${file.caseNumber}:${e.seq}`)
        const kept: KeptEvent = {
          at: e.at,
          actor: body.actor,
          action: body.action,
          from: e.from,
          to: e.to,
        }
        if (body.result) kept.result = body.result
        if (body.supplyId) kept.supplyId = body.supplyId
        if (body.pageCount !== undefined) kept.pageCount = body.pageCount
        if (body.withdrawalId) kept.withdrawalId = body.withdrawalId
        if (body.visitId) kept.visitId = body.visitId
        return kept
      }),
    ]
  }

  function viewOf(file: CaseFile, now: number): CaseView {
    const events = eventsOf(file)
    const { events: _stored, ...rest } = file
    void _stored
    return {
      file: rest,
      state: fold(events),
      events,
      clocks: computeClocks(events, limitsOf(file.itemCode), calendar, now),
      result: events.findLast((e) => e.result)?.result ?? null,
    }
  }

  function unknownReasons(itemCode: string, action: CaseAction): string[] {
    const reason = reasonOf(action)
    if (!reason) return []
    const list = REASON_LIST[action.type]
    const known = new Set(list ? (itemOf(itemCode)?.reasons[list] ?? []).map((r) => r.code) : [])
    return reason.codes.filter((c) => !known.has(c))
  }

  function scopeOf(scope: Omit<InboxScope, 'today' | 'soonUntil'>): InboxScope {
    const today = chinaDay(scope.now)
    return { ...scope, today, soonUntil: addWorkingDays(calendar, today, DUE_SOON_WORKING_DAYS) }
  }

  return {
    /** The 补正 notice clock's last day for a case received now (its first place in the inbox). */
    noticeDueOn: (now: number) => noticeDueOn(calendar, now),

    async view(caseNumber: string, now: number): Promise<CaseView | null> {
      const file = await store.caseFile(caseNumber)
      return file ? viewOf(file, now) : null
    },

    /**
     * Decides and records one action; decided again when another event came first. An
     * approval or rejection fills and signs the item's result notice (kept in its event); a
     * 补交 (`supply` with `supplyId`) stores its pages with the event; a 撤回 from a kiosk keeps
     * its `withdrawalId`. A repeat of either id answers the case as it is (`repeat`) without
     * storing anything.
     */
    async act(
      caseNumber: string,
      action: CaseAction,
      actor: Actor,
      now: number,
      kiosk?: KioskRequest,
    ): Promise<ActResult> {
      // Each retry follows another event that came first: a few suffice under any real load.
      for (let attempt = 0; ; attempt++) {
        if (attempt === 10) throw new Error(`case ${caseNumber}: too many concurrent changes`)
        const file = await store.caseFile(caseNumber)
        if (!file) return { ok: false, refusal: { code: 'missing' } }
        const unknown = unknownReasons(file.itemCode, action)
        if (unknown.length > 0)
          return { ok: false, refusal: { code: 'unknown-reason', codes: unknown } }
        const events = eventsOf(file)
        if (kiosk && events.some((e) => eventRequestId(e) === requestId(kiosk)))
          return { ok: true, view: viewOf(file, now), repeat: true }
        const state = fold(events)
        // Moved by the older status endpoint (applications/http.ts), which keeps no event here:
        // nothing is decided on a case whose log no longer tells where it is.
        if (state.status !== file.status)
          return { ok: false, refusal: { code: 'wrong-status', status: file.status } }
        const limits = limitsOf(file.itemCode)
        const before = computeClocks(events, limits, calendar, now)
        const d = decide(state, action, actor, {
          at: now,
          today: chinaDay(now),
          noticePeriodOver: before.notice.state === 'lapsed',
        })
        if (!d.ok) return { ok: false, refusal: d.refusal }
        const seq = file.seq + 1
        const event: CaseEvent = { at: now, actor, action, from: state.status, to: d.to }
        const after = computeClocks([...events, event], limits, calendar, now)
        const requested =
          action.type === 'request-supplement'
            ? action.materials.map((m) => ({
                ...m,
                name: materialName(file.itemCode, m.materialId),
              }))
            : []
        const extra: {
          result?: KeptResult
          supplyId?: string
          pageCount?: number
          withdrawalId?: string
          visitId?: string
        } = {}
        if ((action.type === 'approve' || action.type === 'reject') && deps.results) {
          const name = (await deps.applicantName?.(caseNumber)) ?? ''
          extra.result = await signDecision(deps.results, deps.catalog(), {
            caseNumber,
            itemCode: file.itemCode,
            decision: action.type === 'approve' ? 'approved' : 'rejected',
            decidedAt: now,
            applicantName: name,
            reason: action.type === 'reject' ? action.reason : undefined,
          })
        }
        let pages: MaterialChange['pages']
        if (kiosk && 'withdrawalId' in kiosk && action.type === 'withdraw')
          extra.withdrawalId = kiosk.withdrawalId
        if (kiosk && 'supplyId' in kiosk && action.type === 'supply') {
          const supplied = kiosk
          extra.supplyId = supplied.supplyId
          extra.pageCount = supplied.pages.length
          if (supplied.visitId) extra.visitId = supplied.visitId
          const record = await store.getCase(caseNumber)
          if (!record) return { ok: false, refusal: { code: 'missing' } }
          const column = `supply:${caseNumber}:${seq}:${action.materialId}`
          pages = {
            applicationId: record.applicationId,
            rows: supplied.pages.map((p, i) => ({
              materialId: column,
              page: i,
              mediaType: p.mediaType,
              sealed: seal(k, p.bytes, `page:${record.applicationId}:${column}:${i}`),
            })),
          }
        }
        const outcome = await store.appendCaseEvent(
          caseNumber,
          file.seq,
          {
            seq,
            at: now,
            from: state.status,
            to: d.to,
            actorKind: actor.kind,
            actorId: actor.kind === 'system' ? 'centre' : actor.id,
            actorName: actor.kind === 'staff' ? actor.name : null,
            type: action.type,
            sealed: sealJson(k, { action, actor, ...extra }, `case-log:${caseNumber}:${seq}`),
          },
          after.earliestDueOn,
          {
            requested,
            received: action.type === 'supply' ? [action.materialId] : [],
            ...(pages ? { pages } : {}),
          },
        )
        if (outcome === 'missing') return { ok: false, refusal: { code: 'missing' } }
        if (outcome === 'appended') {
          // The facts the supervisor's statistics count (supervision/decisions.ts).
          if (d.to === 'approved' || d.to === 'rejected')
            await store.recordDecision(decisionFacts(caseNumber, d.to, actor, now, after))
          const next = await store.caseFile(caseNumber)
          deps.feed?.publish({
            caseNumber,
            itemCode: file.itemCode,
            categoryId: file.categoryId,
            status: d.to,
            change: 'moved',
          })
          return { ok: true, view: viewOf(next!, now) }
        }
      }
    },

    async inbox(
      scope: Omit<InboxScope, 'today' | 'soonUntil'>,
      queue: Queue,
      limit: number,
      after?: InboxCursor,
    ): Promise<InboxPage> {
      return store.inbox({ ...scopeOf(scope), queue, limit, ...(after ? { after } : {}) })
    },

    /** The pages residents supplied (补交) for a case, in order, opened. */
    async suppliedPages(caseNumber: string): Promise<SuppliedPage[]> {
      const record = await store.getCase(caseNumber)
      if (!record) return []
      const prefix = `supply:${caseNumber}:`
      return (await store.pages(record.applicationId))
        .filter((p) => p.materialId.startsWith(prefix))
        .map((p) => {
          const [seq, materialId] = p.materialId.slice(prefix.length).split(':') as [string, string]
          return {
            materialId,
            seq: Number(seq),
            page: p.page,
            mediaType: p.mediaType,
            bytes: open(k, p.sealed, `page:${record.applicationId}:${p.materialId}:${p.page}`),
          }
        })
        .sort((a, b) => a.seq - b.seq || a.page - b.page)
    },

    counts: (scope: Omit<InboxScope, 'today' | 'soonUntil'>) => store.queueCounts(scopeOf(scope)),

    /** Takes or renews the user's lease; a supervisor's `force` reassigns it to `to`. */
    claim(caseNumber: string, to: StaffUser, now: number, force = false) {
      const claim: Claim = { userId: to.id, name: to.name, until: now + CLAIM_TTL_MS }
      return store.claimCase(caseNumber, claim, now, force)
    },

    release: (caseNumber: string, user: StaffUser) => store.releaseCase(caseNumber, user.id),

    /**
     * Cases of the resident with this ID number (matched by its HMAC, as progress lookup does),
     * within the categories the user may see; the search itself is audited.
     */
    async searchByIdNumber(
      idNumber: string,
      user: StaffUser,
      categories: readonly string[] | null,
      now: number,
    ): Promise<{ caseNumber: string; status: CaseStatus }[]> {
      const found = await store.casesForApplicant(hmac(deps.keys.idLookup, idNumber))
      const visible: { caseNumber: string; status: CaseStatus }[] = []
      for (const c of found) {
        const index = await store.caseFile(c.caseNumber)
        if (index && (categories === null || categories.includes(index.categoryId)))
          visible.push({ caseNumber: c.caseNumber, status: c.status })
      }
      await store.appendAudit({
        at: now,
        userId: user.id,
        userName: user.name,
        action: 'search-id',
        caseNumber: null,
        detail: `found ${visible.length}`,
      })
      return visible
    },

    /** Records that the user saw the applicant unmasked (the caller then shows it). */
    audited: (
      user: StaffUser,
      action: string,
      caseNumber: string | null,
      now: number,
      detail = '',
    ) =>
      store.appendAudit({
        at: now,
        userId: user.id,
        userName: user.name,
        action,
        caseNumber,
        detail,
      }),

    auditLog: (limit: number, before?: number): Promise<AuditPage> =>
      store.auditLog({ limit, ...(before !== undefined ? { before } : {}) }),
  }
}

export type CaseWork = ReturnType<typeof createCaseWork>
