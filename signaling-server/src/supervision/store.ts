import type { FollowUpOutcome, FollowUpStatus } from './followup-machine'

/*
 * What the supervisor's side of the back office keeps: the 好差评 follow-up tasks with their
 * event logs, and the facts of each decision the statistics count (kept at the decision, when
 * the clocks are known, so the statistics are plain SQL over rows). Async and free of SQL, like
 * cases/store.ts; SQLite (sqlite.ts) and PostgreSQL (postgres.ts) pass the same contract suite
 * (tests/integration/stores/supervision-contract.ts). Notes arrive sealed.
 */

export interface NewFollowUp {
  ratingId: string
  /** The case the rated application opened (null: a rated video call, or not linked). */
  caseNumber: string | null
  openedAt: number
  /** YYYY-MM-DD: 15 working days after the day the rating arrived. */
  dueOn: string
}

export interface FollowUpRow {
  ratingId: string
  caseNumber: string | null
  /** The rated case's hall ('' when not linked to a case). */
  hall: string
  itemCode: string | null
  level: string
  reasons: string[]
  /** The resident's comment as the ratings store keeps it (sealed, `rating:{id}`). */
  commentSealed: Buffer | null
  openedAt: number
  dueOn: string
  status: FollowUpStatus
  upheld: boolean | null
  outcome: FollowUpOutcome | null
  closedAt: number | null
  /** The number of the last event (0: just opened). */
  seq: number
}

export interface StoredFollowUpEvent {
  seq: number
  at: number
  from: FollowUpStatus
  to: FollowUpStatus
  actorId: string
  actorName: string
  type: string
  /** The action as JSON (the note is free text, may be personal), sealed by the service. */
  sealed: Buffer
}

/** What an event sets on the task besides its status. */
export interface FollowUpPatch {
  upheld: boolean | null
  outcome: FollowUpOutcome | null
  closedAt: number | null
}

export interface FollowUpListQuery {
  /** Open tasks (by due day, earliest first) or closed ones (latest closed first). */
  open: boolean
  limit: number
  /** The `next` of the previous page. */
  after?: { key: string; ratingId: string }
}

export interface FollowUpPage {
  rows: FollowUpRow[]
  next: { key: string; ratingId: string } | null
}

/** A decision as the statistics count it (cases/service.ts records it with the event). */
export interface DecisionFacts {
  caseNumber: string
  decision: 'approved' | 'rejected'
  decidedAt: number
  decidedBy: string
  decidedByName: string
  /** Counted working days from acceptance to the decision (补正 pauses not counted). */
  workingDays: number
  promisedMet: boolean
  /** Null when the item sets no statutory limit. */
  statutoryMet: boolean | null
}

export type StatsDimension = 'item' | 'hall' | 'clerk'

export interface StatsQuery {
  by: StatsDimension
  /** Ratings received, decisions taken and overdue cases submitted in [from, before) (ms). */
  from?: number
  before?: number
  /** Today (YYYY-MM-DD, China Standard Time): cases whose earliest clock ended before are overdue. */
  today: string
}

export interface StatsRow {
  /** The item code, the hall, or the clerk's user id. */
  key: string
  /** The clerk's display name (as at the decision or the claim); null for items and halls. */
  name: string | null
  ratings: number
  /** Rated 基本满意 or better. */
  satisfied: number
  decided: number
  promisedMet: number
  /** Decisions whose item sets a statutory limit, and those that met it. */
  statutoryApplicable: number
  statutoryMet: number
  /** Median counted working days from acceptance to decision; null without decisions. */
  medianWorkingDays: number | null
  /** Open cases (received, accepted, in review) whose earliest clock ended before today. */
  overdue: number
}

export interface SupervisionStore {
  /** Opens the task unless one exists for the rating; whether it did. */
  openFollowUp(f: NewFollowUp): Promise<boolean>
  followUp(ratingId: string): Promise<{ row: FollowUpRow; events: StoredFollowUpEvent[] } | null>
  listFollowUps(q: FollowUpListQuery): Promise<FollowUpPage>
  /** Atomically appends the event if the task's last event is still `expectedSeq`. */
  appendFollowUpEvent(
    ratingId: string,
    expectedSeq: number,
    event: StoredFollowUpEvent,
    patch: FollowUpPatch,
  ): Promise<'appended' | 'conflict' | 'missing'>
  /** Keeps the case's decision facts; a second call for the case changes nothing. */
  recordDecision(d: DecisionFacts): Promise<void>
  /** The statistics per item, hall or clerk, computed in the database. */
  stats(q: StatsQuery): Promise<StatsRow[]>
}
