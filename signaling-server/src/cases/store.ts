import type { CaseStatus } from '../../../common/applications/schema'
import type { MissingMaterial, StoredPage } from '../applications/records'

/*
 * What the back office keeps per case beyond the application store's rows: the event log (who,
 * when, what, why: the fold of it is the case, machine.ts), the index the inbox sorts and
 * filters by (category, hall, the earliest clock's last day), claims as leases, and the audit of
 * reads of personal data. Async and free of SQL, like records.ts: every implementation passes
 * tests/integration/stores/case-work-contract.ts. The stores only store: the rules are in
 * machine.ts and clocks.ts, and anything personal (free-text reasons) arrives sealed.
 */

/** One kept event after the submission (the case row itself is the submission). */
export interface StoredCaseEvent {
  /** 1, 2, … per case. */
  seq: number
  at: number
  from: CaseStatus
  to: CaseStatus
  actorKind: 'staff' | 'terminal' | 'system'
  actorId: string
  /** A staff member's display name as it was then. */
  actorName: string | null
  /** The action's type, in clear for lists and statistics. */
  type: string
  /** The action as JSON (reasons' free text included), sealed by the service. */
  sealed: Buffer
}

/** The named queues of the clerk inbox. */
export const QUEUES = [
  /** 待受理 */
  'to-accept',
  /** 补正中 */
  'supplement',
  /** 我在办: claimed by the asking user, not yet decided. */
  'mine',
  /** 临期: the earliest running clock ends within 2 working days. */
  'due-soon',
  /** 已超期 */
  'overdue',
  /** 待出件: decided, result not handed out yet. */
  'to-issue',
  /** 已办结 */
  'done',
] as const
export type Queue = (typeof QUEUES)[number]

export interface Claim {
  userId: string
  name: string
  /** When the lease runs out unless renewed (ms). */
  until: number
}

export interface InboxScope {
  /** The categories the user may see; null for all (a supervisor). */
  categories: readonly string[] | null
  /** The asking user (for 我在办). */
  userId: string
  now: number
  /** Today, China Standard Time, YYYY-MM-DD. */
  today: string
  /** The last day that is still 临期: 2 working days after today. */
  soonUntil: string
  itemCode?: string
  hall?: string
  /** Submitted at or after / before (ms). */
  submittedFrom?: number
  submittedBefore?: number
}

/** Where the previous page ended (opaque to callers; the HTTP layer encodes it). */
export interface InboxCursor {
  sortDue: string
  submittedAt: number
  caseNumber: string
}

export interface InboxQuery extends InboxScope {
  queue: Queue
  after?: InboxCursor
  limit: number
}

export interface InboxRow {
  caseNumber: string
  itemCode: string
  categoryId: string
  hall: string
  status: CaseStatus
  submittedAt: number
  updatedAt: number
  /** The earliest running clock's last day; null when none runs (paused, decided). */
  dueOn: string | null
  claim: Claim | null
}

export interface InboxPage {
  rows: InboxRow[]
  /** Null on the last page. */
  next: InboxCursor | null
}

/** Everything the machine needs to fold a case: its index, the submission, its events. */
export interface CaseFile extends InboxRow {
  /** The number of the last event (0: only the submission). */
  seq: number
  /** The deferred (容缺) materials of the submission. */
  deferred: { materialId: string; dueDate: string }[]
  events: StoredCaseEvent[]
}

/** What an event changes in the materials the kiosk's progress lookup lists as missing. */
export interface MaterialChange {
  requested: MissingMaterial[]
  received: string[]
  /**
   * Pages a resident supplied (补交) with the event, sealed by the service: stored in the same
   * transaction as the event, so they are there exactly when the event is.
   */
  pages?: { applicationId: string; rows: readonly StoredPage[] }
}

export type ClaimResult = { ok: true; claim: Claim } | { ok: false; heldBy: Claim | null }

export interface AuditEntry {
  at: number
  userId: string
  userName: string
  /** e.g. reveal (the applicant shown unmasked), search-id (a search by ID number). */
  action: string
  caseNumber: string | null
  /** Not personal: e.g. how many cases an ID search found. */
  detail: string
}

export interface AuditPage {
  rows: (AuditEntry & { id: number })[]
  /** The id to pass as `before` for the next (older) page; null on the last. */
  next: number | null
}

export interface CaseWorkStore {
  /**
   * Atomically appends the event if the case's last event is still `expectedSeq` (0: only the
   * submission), setting its status and earliest due day: 'conflict' when another event came
   * first, 'missing' when there is no such case.
   */
  appendCaseEvent(
    caseNumber: string,
    expectedSeq: number,
    event: StoredCaseEvent,
    dueOn: string | null,
    materials: MaterialChange,
  ): Promise<'appended' | 'conflict' | 'missing'>
  /** The case with its submission and events in order, or null. */
  caseFile(caseNumber: string): Promise<CaseFile | null>
  /** One page of a queue, by the earliest clock's last day (none last), then submission. */
  inbox(q: InboxQuery): Promise<InboxPage>
  /** How many cases each queue holds in the scope (no cap). */
  queueCounts(scope: InboxScope): Promise<Record<Queue, number>>
  /**
   * Takes or renews the lease on a case for `until`: refused while another user's lease runs,
   * unless `force` (a supervisor's reassignment).
   */
  claimCase(caseNumber: string, claim: Claim, now: number, force: boolean): Promise<ClaimResult>
  /** Ends the user's lease; false when they did not hold it. */
  releaseCase(caseNumber: string, userId: string): Promise<boolean>
  appendAudit(entry: AuditEntry): Promise<void>
  /** Latest first. */
  auditLog(q: { before?: number; limit: number }): Promise<AuditPage>
}
