import type pg from 'pg'
import type { CaseStatus } from '../../../common/applications/schema'
import { firstRow, inTransaction, num, numOrNull } from '../store/postgres/pool'
import { NO_DUE } from './sqlite-work'
import type {
  CaseFile,
  CaseWorkStore,
  Claim,
  InboxRow,
  InboxScope,
  MaterialChange,
  Queue,
  StoredCaseEvent,
} from './store'

/*
 * The back office's part of the applications database on PostgreSQL (migration
 * store/postgres/migrations/records/002_case_work.sql), as cases/sqlite-work.ts on SQLite, for
 * several centre nodes on one database. An event is appended by an UPDATE conditional on the
 * last event's number (a concurrent one waits for the row, then finds the number moved on), and
 * case_log's primary key (case_number, seq) refuses a second event N whatever the path. A claim
 * is an UPDATE conditional on the lease, so two nodes cannot both take a case. Pages are
 * keyset-paged on (sort_due, submitted_at, case_number), compared bytewise (COLLATE "C") as
 * SQLite compares TEXT.
 */

type Row = Record<string, unknown>

/** Collects a statement's parameters: `p(v)` is the placeholder for v. */
function params() {
  const values: unknown[] = []
  return {
    values,
    p: (v: unknown) => {
      values.push(v)
      return `$${values.length}`
    },
  }
}
type P = (v: unknown) => string

const OPEN = `('received','accepted','in-review')`
const WORKED = `('received','awaiting-materials','accepted','in-review')`

/** Each queue as a condition on a cases row. */
const QUEUE_SQL: Record<Queue, (s: InboxScope, p: P) => string> = {
  'to-accept': () => `status = 'received'`,
  supplement: () => `status = 'awaiting-materials'`,
  mine: (s, p) =>
    `claim_user = ${p(s.userId)} AND claim_until > ${p(s.now)} AND status IN ${WORKED}`,
  'due-soon': (s, p) =>
    `status IN ${OPEN} AND sort_due >= ${p(s.today)} AND sort_due <= ${p(s.soonUntil)}`,
  overdue: (s, p) => `status IN ${OPEN} AND sort_due < ${p(s.today)}`,
  'to-issue': () => `status IN ('approved','rejected')`,
  done: () => `status IN ('issued','closed','not-accepted','withdrawn')`,
}

function scopeSql(s: InboxScope, p: P): string {
  const parts: string[] = []
  // = ANY of an empty array matches nothing, as SQLite's IN (NULL).
  if (s.categories !== null) parts.push(`category_id = ANY(${p([...s.categories])}::text[])`)
  if (s.itemCode !== undefined) parts.push(`item_code = ${p(s.itemCode)}`)
  if (s.hall !== undefined) parts.push(`hall = ${p(s.hall)}`)
  if (s.submittedFrom !== undefined) parts.push(`submitted_at >= ${p(s.submittedFrom)}`)
  if (s.submittedBefore !== undefined) parts.push(`submitted_at < ${p(s.submittedBefore)}`)
  return parts.length ? parts.join(' AND ') : 'TRUE'
}

function rowToIndex(r: Row, now: number): InboxRow {
  const until = numOrNull(r.claim_until)
  const claim: Claim | null =
    until !== null && until > now && r.claim_user !== null
      ? { userId: String(r.claim_user), name: String(r.claim_name), until }
      : null
  return {
    caseNumber: String(r.case_number),
    itemCode: String(r.item_code),
    categoryId: String(r.category_id),
    hall: String(r.hall),
    status: r.status as CaseStatus,
    submittedAt: num(r.submitted_at),
    updatedAt: num(r.updated_at),
    dueOn: r.sort_due === NO_DUE ? null : String(r.sort_due),
    claim,
  }
}

const INDEX_COLS = `case_number, item_code, category_id, hall, status, submitted_at, updated_at,
  sort_due, claim_user, claim_name, claim_until`
const ORDER = `sort_due, submitted_at, case_number COLLATE "C"`

/** Thrown inside the append's transaction to roll it back and answer 'conflict'. */
class Conflict extends Error {}

export function postgresCaseWork(pool: pg.Pool, clock: () => number = Date.now): CaseWorkStore {
  async function append(
    c: pg.PoolClient,
    caseNumber: string,
    expectedSeq: number,
    e: StoredCaseEvent,
    dueOn: string | null,
    m: MaterialChange,
  ): Promise<'appended' | 'conflict' | 'missing'> {
    // A concurrent append to the same case waits for this one's commit, then finds seq moved
    // on and updates nothing (READ COMMITTED re-checks the condition on the new row).
    const changed = await c.query(
      `UPDATE cases SET status = $1, updated_at = $2, sort_due = $3, seq = $4
       WHERE case_number = $5 AND seq = $6`,
      [e.to, e.at, dueOn ?? NO_DUE, expectedSeq + 1, caseNumber, expectedSeq],
    )
    if (changed.rowCount !== 1) {
      const exists = await c.query(`SELECT 1 FROM cases WHERE case_number = $1`, [caseNumber])
      return exists.rowCount ? 'conflict' : 'missing'
    }
    try {
      await c.query(
        `INSERT INTO case_log (case_number, seq, at, from_status, to_status, actor_kind,
           actor_id, actor_name, type, sealed) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
        [
          caseNumber,
          expectedSeq + 1,
          e.at,
          e.from,
          e.to,
          e.actorKind,
          e.actorId,
          e.actorName,
          e.type,
          e.sealed,
        ],
      )
    } catch (err) {
      // unique_violation: event N is already kept; this append lost.
      if ((err as { code?: string }).code === '23505') throw new Conflict()
      throw err
    }
    // The status as the application store and the kiosk's progress lookup read it.
    await c.query(
      `INSERT INTO case_events (case_number, at, status, by_user) VALUES ($1, $2, $3, $4)`,
      [caseNumber, e.at, e.to, `${e.actorKind}:${e.actorId}`],
    )
    for (const r of m.requested)
      await c.query(
        `INSERT INTO case_missing (case_number, material_id, name, due_date)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (case_number, material_id)
         DO UPDATE SET due_date = excluded.due_date, received_at = NULL`,
        [caseNumber, r.materialId, JSON.stringify(r.name), r.dueDate],
      )
    for (const id of m.received)
      await c.query(
        `UPDATE case_missing SET received_at = $1 WHERE case_number = $2 AND material_id = $3`,
        [e.at, caseNumber, id],
      )
    for (const pg of m.pages?.rows ?? [])
      await c.query(
        `INSERT INTO material_pages (application_id, material_id, page, media_type, sealed)
         VALUES ($1, $2, $3, $4, $5)`,
        [m.pages!.applicationId, pg.materialId, pg.page, pg.mediaType, pg.sealed],
      )
    return 'appended'
  }

  return {
    async appendCaseEvent(caseNumber, expectedSeq, event, dueOn, materials) {
      try {
        return await inTransaction(pool, (c) =>
          append(c, caseNumber, expectedSeq, event, dueOn, materials),
        )
      } catch (err) {
        if (err instanceof Conflict) return 'conflict'
        throw err
      }
    },

    async caseFile(caseNumber) {
      const r = await firstRow(
        pool,
        `SELECT ${INDEX_COLS}, seq, deferred FROM cases WHERE case_number = $1`,
        [caseNumber],
      )
      if (!r) return null
      const events = (
        await pool.query(`SELECT * FROM case_log WHERE case_number = $1 ORDER BY seq`, [caseNumber])
      ).rows as Row[]
      return {
        ...rowToIndex(r, clock()),
        seq: num(r.seq),
        deferred: JSON.parse(String(r.deferred)) as CaseFile['deferred'],
        events: events.map((e): StoredCaseEvent => ({
          seq: num(e.seq),
          at: num(e.at),
          from: e.from_status as CaseStatus,
          to: e.to_status as CaseStatus,
          actorKind: e.actor_kind as StoredCaseEvent['actorKind'],
          actorId: String(e.actor_id),
          actorName: e.actor_name === null ? null : String(e.actor_name),
          type: String(e.type),
          sealed: e.sealed as Buffer,
        })),
      }
    },

    async inbox(query) {
      const { p, values } = params()
      const where = [scopeSql(query, p), QUEUE_SQL[query.queue](query, p)]
      const after = query.after
      if (after)
        where.push(
          `(sort_due, submitted_at, case_number COLLATE "C") > ` +
            `(${p(after.sortDue)}, ${p(after.submittedAt)}::bigint, ${p(after.caseNumber)})`,
        )
      const rows = (
        await pool.query(
          `SELECT ${INDEX_COLS} FROM cases WHERE ${where.join(' AND ')}
           ORDER BY ${ORDER} LIMIT ${p(query.limit + 1)}`,
          values,
        )
      ).rows as Row[]
      const page = rows.slice(0, query.limit).map((r) => rowToIndex(r, query.now))
      const last = page[page.length - 1]
      return {
        rows: page,
        next:
          rows.length > query.limit && last
            ? {
                sortDue: last.dueOn ?? NO_DUE,
                submittedAt: last.submittedAt,
                caseNumber: last.caseNumber,
              }
            : null,
      }
    },

    async queueCounts(scope) {
      const { p, values } = params()
      const names = Object.keys(QUEUE_SQL) as Queue[]
      const counts = names.map(
        (n, i) => `count(*) FILTER (WHERE ${QUEUE_SQL[n](scope, p)}) AS q${i}`,
      )
      const r = (await firstRow(
        pool,
        `SELECT ${counts.join(', ')} FROM cases WHERE ${scopeSql(scope, p)}`,
        values,
      ))!
      return Object.fromEntries(names.map((n, i) => [n, num(r[`q${i}`] ?? 0)])) as Record<
        Queue,
        number
      >
    },

    async claimCase(caseNumber, c, now, force) {
      // One statement: a concurrent claim waits for the row, then re-checks the lease on the
      // committed one, so two users cannot both take a free case.
      const changed = await pool.query(
        `UPDATE cases SET claim_user = $1, claim_name = $2, claim_until = $3
         WHERE case_number = $4
           AND ($5 OR claim_user IS NULL OR claim_until <= $6 OR claim_user = $1)`,
        [c.userId, c.name, c.until, caseNumber, force, now],
      )
      if (changed.rowCount === 1) return { ok: true, claim: c }
      const r = await firstRow(pool, `SELECT ${INDEX_COLS} FROM cases WHERE case_number = $1`, [
        caseNumber,
      ])
      return { ok: false, heldBy: r ? rowToIndex(r, now).claim : null }
    },

    async releaseCase(caseNumber, userId) {
      const changed = await pool.query(
        `UPDATE cases SET claim_user = NULL, claim_name = NULL, claim_until = NULL
         WHERE case_number = $1 AND claim_user = $2`,
        [caseNumber, userId],
      )
      return changed.rowCount === 1
    },

    async appendAudit(e) {
      await pool.query(
        `INSERT INTO case_audit (at, user_id, user_name, action, case_number, detail)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [e.at, e.userId, e.userName, e.action, e.caseNumber, e.detail],
      )
    },

    async auditLog({ before, limit }) {
      const rows = (
        await pool.query(
          `SELECT * FROM case_audit WHERE ($1::bigint IS NULL OR id < $1)
           ORDER BY id DESC LIMIT $2`,
          [before ?? null, limit + 1],
        )
      ).rows as Row[]
      const page = rows.slice(0, limit).map((r) => ({
        id: num(r.id),
        at: num(r.at),
        userId: String(r.user_id),
        userName: String(r.user_name),
        action: String(r.action),
        caseNumber: r.case_number === null ? null : String(r.case_number),
        detail: String(r.detail),
      }))
      return { rows: page, next: rows.length > limit ? page[page.length - 1]!.id : null }
    },
  }
}
