import type { CaseStatus } from '../../../common/applications/schema'
import type { Db } from '../../../node-common/sqlite'
import { settled } from '../store/settled'
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
 * The back office's part of the applications database on SQLite (tables in
 * applications/sqlite-schema.ts). Pages are keyset-paged on (sort_due, submitted_at,
 * case_number), so no page costs more than its rows and counts are plain counts, never capped.
 */

type Row = Record<string, unknown>

/** A case with no running clock sorts after every date. */
export const NO_DUE = '9999-12-31'

const OPEN = `('received','accepted','in-review')`
const WORKED = `('received','awaiting-materials','accepted','in-review')`

/** Each queue as a condition on a cases row; `?`s take [userId, now] or [today, soonUntil]. */
const QUEUE_SQL: Record<Queue, { where: string; args: (s: InboxScope) => unknown[] }> = {
  'to-accept': { where: `status = 'received'`, args: () => [] },
  supplement: { where: `status = 'awaiting-materials'`, args: () => [] },
  mine: {
    where: `claim_user = ? AND claim_until > ? AND status IN ${WORKED}`,
    args: (s) => [s.userId, s.now],
  },
  'due-soon': {
    where: `status IN ${OPEN} AND sort_due >= ? AND sort_due <= ?`,
    args: (s) => [s.today, s.soonUntil],
  },
  overdue: { where: `status IN ${OPEN} AND sort_due < ?`, args: (s) => [s.today] },
  'to-issue': { where: `status IN ('approved','rejected')`, args: () => [] },
  done: { where: `status IN ('issued','closed','not-accepted','withdrawn')`, args: () => [] },
}

function scopeSql(s: InboxScope): { where: string; args: unknown[] } {
  const parts: string[] = []
  const args: unknown[] = []
  if (s.categories !== null) {
    parts.push(`category_id IN (${s.categories.map(() => '?').join(',') || `NULL`})`)
    args.push(...s.categories)
  }
  const add = (sql: string, value: unknown) => {
    parts.push(sql)
    args.push(value)
  }
  if (s.itemCode !== undefined) add(`item_code = ?`, s.itemCode)
  if (s.hall !== undefined) add(`hall = ?`, s.hall)
  if (s.submittedFrom !== undefined) add(`submitted_at >= ?`, s.submittedFrom)
  if (s.submittedBefore !== undefined) add(`submitted_at < ?`, s.submittedBefore)
  return { where: parts.length ? parts.join(' AND ') : '1', args }
}

function rowToIndex(r: Row, now: number): InboxRow {
  const until = r.claim_until === null ? null : Number(r.claim_until)
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
    submittedAt: Number(r.submitted_at),
    updatedAt: Number(r.updated_at),
    dueOn: r.sort_due === NO_DUE ? null : String(r.sort_due),
    claim,
  }
}

const toBuffer = (v: unknown): Buffer =>
  v instanceof ArrayBuffer ? Buffer.from(v) : Buffer.from(v as Uint8Array)

export function sqliteCaseWork(db: Db, clock: () => number = Date.now): CaseWorkStore {
  const q = <T extends unknown[]>(sql: string) => db.prepare<T>(sql)
  const INDEX_COLS = `case_number, item_code, category_id, hall, status, submitted_at, updated_at,
    sort_due, claim_user, claim_name, claim_until`

  const appendTx = db.transaction(
    (
      caseNumber: string,
      expectedSeq: number,
      e: StoredCaseEvent,
      dueOn: string | null,
      m: MaterialChange,
    ) => {
      const changed = q(
        `UPDATE cases SET status = ?, updated_at = ?, sort_due = ?, seq = ?
         WHERE case_number = ? AND seq = ?`,
      ).run(e.to, e.at, dueOn ?? NO_DUE, expectedSeq + 1, caseNumber, expectedSeq)
      if (changed.changes !== 1) {
        const exists = q(`SELECT 1 FROM cases WHERE case_number = ?`).get(caseNumber)
        return exists === undefined ? ('missing' as const) : ('conflict' as const)
      }
      q(
        `INSERT INTO case_log (case_number, seq, at, from_status, to_status, actor_kind, actor_id,
           actor_name, type, sealed) VALUES (?,?,?,?,?,?,?,?,?,?)`,
      ).run(
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
      )
      // The status as the application store and the kiosk's progress lookup read it.
      q(`INSERT INTO case_events (case_number, at, status, by_user) VALUES (?,?,?,?)`).run(
        caseNumber,
        e.at,
        e.to,
        `${e.actorKind}:${e.actorId}`,
      )
      for (const r of m.requested)
        q(
          `INSERT INTO case_missing (case_number, material_id, name, due_date) VALUES (?,?,?,?)
           ON CONFLICT(case_number, material_id)
           DO UPDATE SET due_date = excluded.due_date, received_at = NULL`,
        ).run(caseNumber, r.materialId, JSON.stringify(r.name), r.dueDate)
      for (const id of m.received)
        q(`UPDATE case_missing SET received_at = ? WHERE case_number = ? AND material_id = ?`).run(
          e.at,
          caseNumber,
          id,
        )
      for (const pg of m.pages?.rows ?? [])
        q(
          `INSERT INTO material_pages (application_id, material_id, page, media_type, sealed)
           VALUES (?,?,?,?,?)`,
        ).run(m.pages!.applicationId, pg.materialId, pg.page, pg.mediaType, pg.sealed)
      return 'appended' as const
    },
  )

  const claimTx = db.transaction((caseNumber: string, c: Claim, now: number, force: boolean) => {
    const changed = q(
      `UPDATE cases SET claim_user = ?, claim_name = ?, claim_until = ?
       WHERE case_number = ?
         AND (? OR claim_user IS NULL OR claim_until <= ? OR claim_user = ?)`,
    ).run(c.userId, c.name, c.until, caseNumber, force ? 1 : 0, now, c.userId)
    if (changed.changes === 1) return { ok: true as const, claim: c }
    const r = q(`SELECT ${INDEX_COLS} FROM cases WHERE case_number = ?`).get(caseNumber) as
      Row | undefined
    return { ok: false as const, heldBy: r ? rowToIndex(r, now).claim : null }
  })

  return {
    appendCaseEvent: (caseNumber, expectedSeq, event, dueOn, materials) =>
      settled(
        () =>
          appendTx.immediate(caseNumber, expectedSeq, event, dueOn, materials) as
            'appended' | 'conflict' | 'missing',
      ),
    caseFile: (caseNumber) =>
      settled((): CaseFile | null => {
        const r = q(`SELECT ${INDEX_COLS}, seq, deferred FROM cases WHERE case_number = ?`).get(
          caseNumber,
        ) as Row | undefined
        if (!r) return null
        const events = (
          q(`SELECT * FROM case_log WHERE case_number = ? ORDER BY seq`).all(caseNumber) as Row[]
        ).map((e): StoredCaseEvent => ({
          seq: Number(e.seq),
          at: Number(e.at),
          from: e.from_status as CaseStatus,
          to: e.to_status as CaseStatus,
          actorKind: e.actor_kind as StoredCaseEvent['actorKind'],
          actorId: String(e.actor_id),
          actorName: e.actor_name === null ? null : String(e.actor_name),
          type: String(e.type),
          sealed: toBuffer(e.sealed),
        }))
        return {
          ...rowToIndex(r, clock()),
          seq: Number(r.seq),
          deferred: JSON.parse(String(r.deferred)) as CaseFile['deferred'],
          events,
        }
      }),
    inbox: (query) =>
      settled(() => {
        const scope = scopeSql(query)
        const queue = QUEUE_SQL[query.queue]
        const after = query.after
        const where = [scope.where, queue.where]
        const args = [...scope.args, ...queue.args(query)]
        if (after) {
          where.push(`(sort_due, submitted_at, case_number) > (?, ?, ?)`)
          args.push(after.sortDue, after.submittedAt, after.caseNumber)
        }
        const rows = q(
          `SELECT ${INDEX_COLS} FROM cases WHERE ${where.join(' AND ')}
           ORDER BY sort_due, submitted_at, case_number LIMIT ?`,
        ).all(...args, query.limit + 1) as Row[]
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
      }),
    queueCounts: (scope) =>
      settled(() => {
        const s = scopeSql(scope)
        const names = Object.keys(QUEUE_SQL) as Queue[]
        // One count per queue, each a range of an index that holds every column it tests
        // (cases_inbox, cases_claims): with 200,000 cases one pass of sum(CASE …) over the
        // category's rows read each row for its claim and took 230 ms (docs/benchmarks.md).
        const counts = names.map(
          (n) => `(SELECT count(*) FROM cases WHERE ${s.where} AND ${QUEUE_SQL[n].where})`,
        )
        const args = names.flatMap((n) => [...s.args, ...QUEUE_SQL[n].args(scope)])
        const row = q(`SELECT ${counts.join(', ')}`)
          .raw()
          .get(...args) as unknown[]
        return Object.fromEntries(names.map((n, i) => [n, Number(row[i] ?? 0)])) as Record<
          Queue,
          number
        >
      }),
    claimCase: (caseNumber, claim, now, force) =>
      settled(() => claimTx.immediate(caseNumber, claim, now, force) as ReturnType<typeof claimTx>),
    releaseCase: (caseNumber, userId) =>
      settled(
        () =>
          q(
            `UPDATE cases SET claim_user = NULL, claim_name = NULL, claim_until = NULL
             WHERE case_number = ? AND claim_user = ?`,
          ).run(caseNumber, userId).changes === 1,
      ),
    appendAudit: (e) =>
      settled(() => {
        q(
          `INSERT INTO case_audit (at, user_id, user_name, action, case_number, detail)
           VALUES (?,?,?,?,?,?)`,
        ).run(e.at, e.userId, e.userName, e.action, e.caseNumber, e.detail)
      }),
    auditLog: ({ before, limit }) =>
      settled(() => {
        const rows = q(`SELECT * FROM case_audit WHERE id < ? ORDER BY id DESC LIMIT ?`).all(
          before ?? Number.MAX_SAFE_INTEGER,
          limit + 1,
        ) as Row[]
        const page = rows.slice(0, limit).map((r) => ({
          id: Number(r.id),
          at: Number(r.at),
          userId: String(r.user_id),
          userName: String(r.user_name),
          action: String(r.action),
          caseNumber: r.case_number === null ? null : String(r.case_number),
          detail: String(r.detail),
        }))
        return { rows: page, next: rows.length > limit ? page[page.length - 1]!.id : null }
      }),
  }
}
