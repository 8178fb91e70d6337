import type { Db } from '../../../node-common/sqlite'
import { settled } from '../store/settled'
import type { FollowUpOutcome, FollowUpStatus } from './followup-machine'
import { mergeStats, statsStatements } from './stats-sql'
import type { FollowUpRow, StoredFollowUpEvent, SupervisionStore } from './store'

/*
 * The supervision tables of the applications database on SQLite (migration 4 in
 * applications/sqlite-schema.ts). A follow-up event is appended by an UPDATE conditional on the
 * last event's number, in one IMMEDIATE transaction with its log row, as case events are.
 */

type Row = Record<string, unknown>

const toBuffer = (v: unknown): Buffer =>
  v instanceof ArrayBuffer ? Buffer.from(v) : Buffer.from(v as Uint8Array)

/**
 * The task with its rating's level, reasons and sealed comment, and the rated case with its hall.
 * A rating that arrived before its application (the kiosk's outbox sends them in any order) was
 * opened without a case number: the case is then found by the application id (the first case
 * of a bundle).
 */
export const FOLLOW_UP_SELECT = `SELECT f.*, r.level, r.reasons, r.comment_sealed,
    c.case_number AS linked_case, c.hall, c.item_code
  FROM rating_followups f
  JOIN ratings r ON r.id = f.rating_id
  LEFT JOIN cases c ON c.case_number = COALESCE(f.case_number, (
    SELECT x.case_number FROM cases x
    WHERE r.subject_kind = 'application' AND x.application_id = r.subject_id
    ORDER BY x.case_number LIMIT 1))`

export function rowToFollowUp(r: Row): FollowUpRow {
  const nullableNum = (v: unknown) => (v === null || v === undefined ? null : Number(v))
  const upheld = nullableNum(r.upheld)
  return {
    ratingId: String(r.rating_id),
    caseNumber:
      r.linked_case === null || r.linked_case === undefined ? null : String(r.linked_case),
    hall: r.hall === null || r.hall === undefined ? '' : String(r.hall),
    itemCode: r.item_code === null || r.item_code === undefined ? null : String(r.item_code),
    level: String(r.level),
    reasons: JSON.parse(String(r.reasons)) as string[],
    commentSealed:
      r.comment_sealed === null || r.comment_sealed === undefined
        ? null
        : toBuffer(r.comment_sealed),
    openedAt: Number(r.opened_at),
    dueOn: String(r.due_on),
    status: r.status as FollowUpStatus,
    upheld: upheld === null ? null : upheld === 1,
    outcome: (r.outcome ?? null) as FollowUpOutcome | null,
    closedAt: nullableNum(r.closed_at),
    seq: Number(r.seq),
  }
}

export function rowToFollowUpEvent(e: Row, sealed: Buffer): StoredFollowUpEvent {
  return {
    seq: Number(e.seq),
    at: Number(e.at),
    from: e.from_status as FollowUpStatus,
    to: e.to_status as FollowUpStatus,
    actorId: String(e.actor_id),
    actorName: String(e.actor_name),
    type: String(e.type),
    sealed,
  }
}

const sqliteParams = () => {
  const values: unknown[] = []
  return { values, p: (v: unknown) => (values.push(v), '?') }
}

export function sqliteSupervision(db: Db): SupervisionStore {
  const q = <T extends unknown[]>(sql: string) => db.prepare<T>(sql)

  const appendTx = db.transaction(
    (
      ratingId: string,
      expectedSeq: number,
      e: StoredFollowUpEvent,
      patch: { upheld: boolean | null; outcome: string | null; closedAt: number | null },
    ) => {
      const changed = q(
        `UPDATE rating_followups SET status = ?, upheld = ?, outcome = ?, closed_at = ?, seq = ?
         WHERE rating_id = ? AND seq = ?`,
      ).run(
        e.to,
        patch.upheld === null ? null : patch.upheld ? 1 : 0,
        patch.outcome,
        patch.closedAt,
        expectedSeq + 1,
        ratingId,
        expectedSeq,
      )
      if (changed.changes !== 1) {
        const exists = q(`SELECT 1 FROM rating_followups WHERE rating_id = ?`).get(ratingId)
        return exists === undefined ? ('missing' as const) : ('conflict' as const)
      }
      q(
        `INSERT INTO followup_log (rating_id, seq, at, from_status, to_status, actor_id,
           actor_name, type, sealed) VALUES (?,?,?,?,?,?,?,?,?)`,
      ).run(ratingId, expectedSeq + 1, e.at, e.from, e.to, e.actorId, e.actorName, e.type, e.sealed)
      return 'appended' as const
    },
  )

  return {
    openFollowUp: (f) =>
      settled(
        () =>
          q(
            `INSERT INTO rating_followups (rating_id, case_number, opened_at, due_on, status)
             VALUES (?, ?, ?, ?, 'verifying') ON CONFLICT (rating_id) DO NOTHING`,
          ).run(f.ratingId, f.caseNumber, f.openedAt, f.dueOn).changes === 1,
      ),
    followUp: (ratingId) =>
      settled(() => {
        const r = q(`${FOLLOW_UP_SELECT} WHERE f.rating_id = ?`).get(ratingId) as Row | undefined
        if (!r) return null
        const events = (
          q(`SELECT * FROM followup_log WHERE rating_id = ? ORDER BY seq`).all(ratingId) as Row[]
        ).map((e) => rowToFollowUpEvent(e, toBuffer(e.sealed)))
        return { row: rowToFollowUp(r), events }
      }),
    listFollowUps: ({ open, limit, after }) =>
      settled(() => {
        const where = [open ? `f.status <> 'closed'` : `f.status = 'closed'`]
        const args: unknown[] = []
        if (after) {
          where.push(open ? `(f.due_on, f.rating_id) > (?, ?)` : `(f.due_on, f.rating_id) < (?, ?)`)
          args.push(after.key, after.ratingId)
        }
        const dir = open ? 'ASC' : 'DESC'
        const rows = (
          q(
            `${FOLLOW_UP_SELECT} WHERE ${where.join(' AND ')}
             ORDER BY f.due_on ${dir}, f.rating_id ${dir} LIMIT ?`,
          ).all(...args, limit + 1) as Row[]
        ).map(rowToFollowUp)
        const page = rows.slice(0, limit)
        const last = page[page.length - 1]
        return {
          rows: page,
          next: rows.length > limit && last ? { key: last.dueOn, ratingId: last.ratingId } : null,
        }
      }),
    appendFollowUpEvent: (ratingId, expectedSeq, event, patch) =>
      settled(
        () =>
          appendTx.immediate(ratingId, expectedSeq, event, patch) as
            'appended' | 'conflict' | 'missing',
      ),
    recordDecision: (d) =>
      settled(() => {
        q(
          `INSERT INTO case_decisions (case_number, decision, decided_at, decided_by,
             decided_by_name, working_days, promised_met, statutory_met)
           VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (case_number) DO NOTHING`,
        ).run(
          d.caseNumber,
          d.decision,
          d.decidedAt,
          d.decidedBy,
          d.decidedByName,
          d.workingDays,
          d.promisedMet ? 1 : 0,
          d.statutoryMet === null ? null : d.statutoryMet ? 1 : 0,
        )
      }),
    stats: (query) =>
      settled(() => {
        const s = statsStatements(query, sqliteParams)
        const all = ([sql, args]: [string, unknown[]]) => q(sql).all(...args) as Row[]
        return mergeStats(all(s.ratings), all(s.decisions), all(s.overdue))
      }),
  }
}
