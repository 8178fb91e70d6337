import type pg from 'pg'
import { inTransaction } from '../store/postgres/pool'
import { FOLLOW_UP_SELECT, rowToFollowUp, rowToFollowUpEvent } from './sqlite'
import { mergeStats, statsStatements } from './stats-sql'
import type { SupervisionStore } from './store'

/*
 * The supervision tables on PostgreSQL (store/postgres/migrations/records/003_supervision.sql),
 * as sqlite.ts on SQLite: the same rows and the same statistics SQL. A follow-up event is
 * appended by an UPDATE conditional on the last event's number (a concurrent one waits for the
 * row, then finds the number moved on) with followup_log's primary key as a second guard.
 */

type Row = Record<string, unknown>

const pgParams = () => {
  const values: unknown[] = []
  return { values, p: (v: unknown) => (values.push(v), `$${values.length}`) }
}

/** Thrown inside the append's transaction to roll it back and answer 'conflict'. */
class Conflict extends Error {}

export function postgresSupervision(pool: pg.Pool): SupervisionStore {
  const rows = async (sql: string, args: unknown[]) => (await pool.query(sql, args)).rows as Row[]

  return {
    async openFollowUp(f) {
      const r = await pool.query(
        `INSERT INTO rating_followups (rating_id, case_number, opened_at, due_on, status)
         VALUES ($1, $2, $3, $4, 'verifying') ON CONFLICT (rating_id) DO NOTHING`,
        [f.ratingId, f.caseNumber, f.openedAt, f.dueOn],
      )
      return r.rowCount === 1
    },
    async followUp(ratingId) {
      const [r] = await rows(`${FOLLOW_UP_SELECT} WHERE f.rating_id = $1`, [ratingId])
      if (!r) return null
      const events = (
        await rows(`SELECT * FROM followup_log WHERE rating_id = $1 ORDER BY seq`, [ratingId])
      ).map((e) => rowToFollowUpEvent(e, e.sealed as Buffer))
      return { row: rowToFollowUp(r), events }
    },
    async listFollowUps({ open, limit, after }) {
      const where = [open ? `f.status <> 'closed'` : `f.status = 'closed'`]
      const args: unknown[] = []
      if (after) {
        args.push(after.key, after.ratingId)
        where.push(`(f.due_on, f.rating_id COLLATE "C") ${open ? '>' : '<'} ($1, $2 COLLATE "C")`)
      }
      const dir = open ? 'ASC' : 'DESC'
      args.push(limit + 1)
      const found = (
        await rows(
          `${FOLLOW_UP_SELECT} WHERE ${where.join(' AND ')}
           ORDER BY f.due_on ${dir}, f.rating_id COLLATE "C" ${dir} LIMIT $${args.length}`,
          args,
        )
      ).map(rowToFollowUp)
      const page = found.slice(0, limit)
      const last = page[page.length - 1]
      return {
        rows: page,
        next: found.length > limit && last ? { key: last.dueOn, ratingId: last.ratingId } : null,
      }
    },
    async appendFollowUpEvent(ratingId, expectedSeq, e, patch) {
      try {
        return await inTransaction(pool, async (c) => {
          const changed = await c.query(
            `UPDATE rating_followups SET status = $1, upheld = $2, outcome = $3, closed_at = $4,
               seq = $5 WHERE rating_id = $6 AND seq = $7`,
            [
              e.to,
              patch.upheld === null ? null : patch.upheld ? 1 : 0,
              patch.outcome,
              patch.closedAt,
              expectedSeq + 1,
              ratingId,
              expectedSeq,
            ],
          )
          if (changed.rowCount !== 1) {
            const exists = await c.query(`SELECT 1 FROM rating_followups WHERE rating_id = $1`, [
              ratingId,
            ])
            return exists.rowCount ? ('conflict' as const) : ('missing' as const)
          }
          try {
            await c.query(
              `INSERT INTO followup_log (rating_id, seq, at, from_status, to_status, actor_id,
                 actor_name, type, sealed) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
              [
                ratingId,
                expectedSeq + 1,
                e.at,
                e.from,
                e.to,
                e.actorId,
                e.actorName,
                e.type,
                e.sealed,
              ],
            )
          } catch (err) {
            if ((err as { code?: string }).code === '23505') throw new Conflict()
            throw err
          }
          return 'appended' as const
        })
      } catch (err) {
        if (err instanceof Conflict) return 'conflict'
        throw err
      }
    },
    async recordDecision(d) {
      await pool.query(
        `INSERT INTO case_decisions (case_number, decision, decided_at, decided_by,
           decided_by_name, working_days, promised_met, statutory_met)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (case_number) DO NOTHING`,
        [
          d.caseNumber,
          d.decision,
          d.decidedAt,
          d.decidedBy,
          d.decidedByName,
          d.workingDays,
          d.promisedMet ? 1 : 0,
          d.statutoryMet === null ? null : d.statutoryMet ? 1 : 0,
        ],
      )
    },
    async stats(query) {
      const s = statsStatements(query, pgParams)
      const [r, d, o] = await Promise.all([
        rows(...s.ratings),
        rows(...s.decisions),
        rows(...s.overdue),
      ])
      return mergeStats(r, d, o)
    },
  }
}
