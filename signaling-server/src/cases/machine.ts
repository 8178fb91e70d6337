import type { CaseStatus } from '../../../common/applications/schema'
import type { StaffRole } from '../../../common/signaling'

/*
 * The case lifecycle as a plain state machine: a case is the fold of its events, and `decide`
 * says whether an action may happen to it now and what status follows. No I/O and no clock of
 * its own: the caller passes the time and whether the 补正 notice period has run out (the
 * calendar lives in clocks.ts). `TRANSITIONS` is the table docs/back-office.md shows; `decide`
 * never yields a (from, action, to) the table does not list (tests/unit/signaling-server/cases).
 */

/** The staff roles (only clerks and supervisors reach the case routes). */
export type StaffKind = StaffRole

/** Who caused an event: a staff account, a terminal (the resident at a kiosk), the centre. */
export type Actor =
  | { kind: 'staff'; id: string; name: string; role: StaffKind }
  | { kind: 'terminal'; id: string }
  | { kind: 'system' }

/** Why: codes from the item's catalog reasons, and free text the clerk adds. */
export interface Reason {
  codes: string[]
  text?: string
}

export type IssueChannel = 'kiosk-print' | 'collected' | 'mailed'

export interface RequestedMaterial {
  materialId: string
  /** YYYY-MM-DD */
  dueDate: string
}

export type CaseAction =
  | { type: 'accept' }
  | { type: 'not-accept'; reason: Reason }
  | { type: 'request-supplement'; reason: Reason; materials: RequestedMaterial[] }
  | { type: 'supply'; materialId: string }
  | { type: 'start-review' }
  | { type: 'request-extension'; days: number; reason: Reason }
  | { type: 'approve-extension' }
  | { type: 'refuse-extension'; reason: Reason }
  | { type: 'approve' }
  | { type: 'reject'; reason: Reason }
  | { type: 'issue'; channel: IssueChannel }
  | { type: 'close' }
  | { type: 'withdraw'; reason?: Reason }

export type ActionType = CaseAction['type']

/** The first event of every case: the application arrived, with its deferred materials. */
export interface SubmitAction {
  type: 'submit'
  deferred: RequestedMaterial[]
}

/** One kept event: who, when, what and why, with the status before and after. */
export interface CaseEvent {
  at: number
  actor: Actor
  action: CaseAction | SubmitAction
  from: CaseStatus | null
  to: CaseStatus
}

export interface TrackedMaterial extends RequestedMaterial {
  /** 容缺 at submission, or asked for in the 补正 notice. */
  kind: 'deferred' | 'supplement'
  suppliedAt: number | null
}

export interface CaseState {
  status: CaseStatus
  receivedAt: number
  materials: TrackedMaterial[]
  /** 一次性告知: a case gets one 补正 notice. */
  supplementRequested: boolean
  /** Where a 补正 case goes back to when everything asked for is in. */
  resumeTo: 'received' | 'in-review' | null
  pendingExtension: { days: number; requestedBy: string } | null
  extensionDays: number
}

/** Every transition there is: [from, action, to]. */
export const TRANSITIONS: readonly (readonly [CaseStatus, ActionType, CaseStatus])[] = [
  ['received', 'accept', 'accepted'],
  ['received', 'not-accept', 'not-accepted'],
  ['received', 'request-supplement', 'awaiting-materials'],
  ['received', 'supply', 'received'],
  ['received', 'withdraw', 'withdrawn'],
  ['awaiting-materials', 'supply', 'awaiting-materials'],
  ['awaiting-materials', 'supply', 'received'],
  ['awaiting-materials', 'supply', 'in-review'],
  ['awaiting-materials', 'not-accept', 'not-accepted'],
  ['awaiting-materials', 'withdraw', 'withdrawn'],
  ['accepted', 'start-review', 'in-review'],
  ['accepted', 'supply', 'accepted'],
  ['accepted', 'request-extension', 'accepted'],
  ['accepted', 'approve-extension', 'accepted'],
  ['accepted', 'refuse-extension', 'accepted'],
  ['accepted', 'withdraw', 'withdrawn'],
  ['in-review', 'request-supplement', 'awaiting-materials'],
  ['in-review', 'supply', 'in-review'],
  ['in-review', 'request-extension', 'in-review'],
  ['in-review', 'approve-extension', 'in-review'],
  ['in-review', 'refuse-extension', 'in-review'],
  ['in-review', 'approve', 'approved'],
  ['in-review', 'reject', 'rejected'],
  ['in-review', 'withdraw', 'withdrawn'],
  ['approved', 'issue', 'issued'],
  ['rejected', 'issue', 'issued'],
  ['issued', 'close', 'closed'],
]

/** Statuses nothing happens to any more. */
export const FINAL_STATUSES: ReadonlySet<CaseStatus> = new Set([
  'not-accepted',
  'closed',
  'withdrawn',
])

/** Longest single extension, in working days (行政许可法 Art. 42: 10, joint handling 15). */
export const MAX_EXTENSION_DAYS = 15

export type Refusal =
  /** The action does not apply to a case in this status (HTTP 409). */
  | { code: 'wrong-status'; status: CaseStatus }
  /** A rule of the action is broken (HTTP 409 or 422); `rule` names it. */
  | { code: 'rule'; rule: RuleBroken }
  /** This kind of actor may never take this action (HTTP 403). */
  | { code: 'actor' }

export type RuleBroken =
  | 'reason-required'
  | 'materials-required'
  | 'supplement-once'
  | 'notice-period-over'
  | 'unknown-material'
  | 'already-supplied'
  | 'materials-outstanding'
  | 'extension-pending'
  | 'no-extension-pending'
  | 'extension-days'
  | 'four-eyes'
  | 'due-date-past'

export type Decision =
  { ok: true; to: CaseStatus; state: CaseState } | { ok: false; refusal: Refusal }

export interface DecideContext {
  at: number
  /** Today in China Standard Time, YYYY-MM-DD. */
  today: string
  /** The 5-working-day 补正 notice period is over (clocks.ts): no notice may be sent now. */
  noticePeriodOver: boolean
}

const STAFF_ACTIONS: ReadonlySet<ActionType> = new Set([
  'accept',
  'not-accept',
  'request-supplement',
  'start-review',
  'request-extension',
  'refuse-extension',
  'approve-extension',
  'approve',
  'reject',
  'close',
])

/** Who may take an action at all (categories are checked at the edge, by the HTTP layer). */
function actorMay(actor: Actor, type: ActionType): boolean {
  if (actor.kind === 'system') return false
  if (type === 'approve-extension' || type === 'refuse-extension')
    return actor.kind === 'staff' && actor.role === 'supervisor'
  if (STAFF_ACTIONS.has(type)) return actor.kind === 'staff'
  // supply, withdraw, issue: the resident at a kiosk, or staff at the counter.
  return true
}

const hasReason = (r: Reason) => r.codes.length > 0 || (r.text ?? '').trim().length > 0

export function initialState(receivedAt: number, deferred: RequestedMaterial[]): CaseState {
  return {
    status: 'received',
    receivedAt,
    materials: deferred.map((m) => ({ ...m, kind: 'deferred', suppliedAt: null })),
    supplementRequested: false,
    resumeTo: null,
    pendingExtension: null,
    extensionDays: 0,
  }
}

const outstanding = (s: CaseState) => s.materials.filter((m) => m.suppliedAt === null)

/** Whether `action` by `actor` may happen to the case now, and the case after it. */
export function decide(
  s: CaseState,
  action: CaseAction,
  actor: Actor,
  ctx: DecideContext,
): Decision {
  if (!actorMay(actor, action.type)) return { ok: false, refusal: { code: 'actor' } }
  const rows = TRANSITIONS.filter(([from, type]) => from === s.status && type === action.type)
  if (rows.length === 0) return { ok: false, refusal: { code: 'wrong-status', status: s.status } }
  const rule = (r: RuleBroken): Decision => ({ ok: false, refusal: { code: 'rule', rule: r } })
  const to = (status: CaseStatus, patch: Partial<CaseState> = {}): Decision => ({
    ok: true,
    to: status,
    state: { ...s, ...patch, status },
  })

  switch (action.type) {
    case 'accept':
    case 'start-review':
    case 'close':
      return to(rows[0]![2])
    case 'not-accept':
      if (!hasReason(action.reason)) return rule('reason-required')
      // From 补正 only before acceptance (the resident did not supply what was asked).
      if (s.status === 'awaiting-materials' && s.resumeTo !== 'received')
        return { ok: false, refusal: { code: 'wrong-status', status: s.status } }
      return to('not-accepted', { resumeTo: null })
    case 'reject':
      return hasReason(action.reason) ? to('rejected') : rule('reason-required')
    case 'withdraw':
      return to('withdrawn', { resumeTo: null, pendingExtension: null })
    case 'request-supplement': {
      if (!hasReason(action.reason)) return rule('reason-required')
      if (action.materials.length === 0) return rule('materials-required')
      if (s.supplementRequested) return rule('supplement-once')
      if (s.status === 'received' && ctx.noticePeriodOver) return rule('notice-period-over')
      if (action.materials.some((m) => m.dueDate < ctx.today)) return rule('due-date-past')
      const asked = new Map(action.materials.map((m) => [m.materialId, m.dueDate]))
      const kept = s.materials.filter((m) => !asked.has(m.materialId) || m.suppliedAt !== null)
      const requested: TrackedMaterial[] = [...asked].map(([materialId, dueDate]) => ({
        materialId,
        dueDate,
        kind: 'supplement',
        suppliedAt: null,
      }))
      return to('awaiting-materials', {
        materials: [...kept.filter((m) => !asked.has(m.materialId)), ...requested],
        supplementRequested: true,
        resumeTo: s.status === 'in-review' ? 'in-review' : 'received',
      })
    }
    case 'supply': {
      const m = s.materials.find((x) => x.materialId === action.materialId)
      if (!m) return rule('unknown-material')
      if (m.suppliedAt !== null) return rule('already-supplied')
      const materials = s.materials.map((x) => (x === m ? { ...x, suppliedAt: ctx.at } : x))
      if (s.status !== 'awaiting-materials') return to(s.status, { materials })
      const stillAsked = materials.some((x) => x.kind === 'supplement' && x.suppliedAt === null)
      if (stillAsked) return to('awaiting-materials', { materials })
      return to(s.resumeTo ?? 'received', { materials, resumeTo: null })
    }
    case 'request-extension':
      if (!hasReason(action.reason)) return rule('reason-required')
      if (s.pendingExtension) return rule('extension-pending')
      if (!Number.isInteger(action.days) || action.days < 1 || action.days > MAX_EXTENSION_DAYS)
        return rule('extension-days')
      return to(s.status, {
        pendingExtension: { days: action.days, requestedBy: actorId(actor) },
      })
    case 'approve-extension':
      if (!s.pendingExtension) return rule('no-extension-pending')
      if (s.pendingExtension.requestedBy === actorId(actor)) return rule('four-eyes')
      return to(s.status, {
        pendingExtension: null,
        extensionDays: s.extensionDays + s.pendingExtension.days,
      })
    case 'refuse-extension':
      if (!s.pendingExtension) return rule('no-extension-pending')
      if (!hasReason(action.reason)) return rule('reason-required')
      return to(s.status, { pendingExtension: null })
    case 'approve':
      return outstanding(s).length > 0 ? rule('materials-outstanding') : to('approved')
    case 'issue':
      return to('issued')
  }
}

function actorId(a: Actor): string {
  return a.kind === 'system' ? 'system' : `${a.kind}:${a.id}`
}

/** The case its events describe (the first event is the submission). */
export function fold(events: readonly CaseEvent[]): CaseState {
  const [first, ...rest] = events
  if (!first || first.action.type !== 'submit') throw new Error('a case starts with its submission')
  let s = initialState(first.at, first.action.deferred)
  for (const e of rest) {
    if (e.action.type === 'submit') throw new Error('a case is submitted once')
    const d = decide(s, e.action, e.actor, {
      at: e.at,
      today: '0000-00-00',
      noticePeriodOver: false,
    })
    // Kept events were decided when they happened; replay trusts their recorded outcome.
    s = d.ok ? d.state : { ...s, status: e.to }
  }
  return s
}
