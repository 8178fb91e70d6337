import type { StatsDimension, StatsQuery, StatsRow } from './store'

/*
 * The supervisor's statistics as SQL both engines run as written (SQLite ≥ 3.25 and PostgreSQL
 * both have window functions; only the placeholders differ, so `p` makes them). Three grouped
 * queries, merged by key in `mergeStats`: ratings of the groups' cases (satisfaction), the
 * decisions (clocks met, the median by row_number: the mean of the middle one or two), and the
 * overdue open cases. By clerk: a rating and a decision count for the clerk who decided the case,
 * an overdue case for the clerk who last claimed it.
 */

export type Placeholder = (v: unknown) => string

const SATISFIED = `('very-satisfied','satisfied','basically-satisfied')`
const OPEN = `('received','accepted','in-review')`

interface Keys {
  /** The key and name of the group over cases c joined with case_decisions d. */
  decided: [string, string]
  /** …over cases c alone (overdue: the claim's holder). */
  open: [string, string]
}
const KEYS: Record<StatsDimension, Keys> = {
  item: { decided: ['c.item_code', 'NULL'], open: ['c.item_code', 'NULL'] },
  hall: { decided: ['c.hall', 'NULL'], open: ['c.hall', 'NULL'] },
  clerk: {
    decided: ['d.decided_by', 'max(d.decided_by_name)'],
    open: ['c.claim_user', 'max(c.claim_name)'],
  },
}

function range(col: string, q: StatsQuery, p: Placeholder): string {
  const parts: string[] = []
  if (q.from !== undefined) parts.push(`${col} >= ${p(q.from)}`)
  if (q.before !== undefined) parts.push(`${col} < ${p(q.before)}`)
  return parts.length ? parts.join(' AND ') : '1 = 1'
}

/** The three statements, each with its own placeholders from `params()`. */
export function statsStatements(
  q: StatsQuery,
  params: () => { p: Placeholder; values: unknown[] },
): { ratings: [string, unknown[]]; decisions: [string, unknown[]]; overdue: [string, unknown[]] } {
  const k = KEYS[q.by]
  const decidedJoin =
    q.by === 'clerk' ? `JOIN case_decisions d ON d.case_number = c.case_number` : ''

  const r = params()
  const ratings = `SELECT ${k.decided[0]} AS k, ${k.decided[1]} AS n, count(*) AS ratings,
      sum(CASE WHEN r.level IN ${SATISFIED} THEN 1 ELSE 0 END) AS satisfied
    FROM ratings r
    JOIN cases c ON r.subject_kind = 'application' AND c.application_id = r.subject_id
    ${decidedJoin}
    WHERE ${range('r.received_at', q, r.p)}
    GROUP BY ${k.decided[0]}`

  const d = params()
  // One pass: each decision with its rank and its group's size, then grouped (the median is
  // the mean of the middle one or two; avg skips the NULLs). Joining the grouped rows back to
  // the ranked ones read the decisions twice: 1.1 s for 20,000 decisions on SQLite.
  const decisions = `SELECT k, ${q.by === 'clerk' ? 'max(dn)' : 'NULL'} AS n, count(*) AS decided,
      sum(pm) AS promised_met,
      sum(CASE WHEN sm IS NULL THEN 0 ELSE 1 END) AS statutory_applicable,
      sum(coalesce(sm, 0)) AS statutory_met,
      avg(CASE WHEN rn IN ((cnt + 1) / 2, (cnt + 2) / 2) THEN w END) AS median
    FROM (
      SELECT ${k.decided[0]} AS k, d.decided_by_name AS dn, d.working_days AS w,
        d.promised_met AS pm, d.statutory_met AS sm,
        row_number() OVER (PARTITION BY ${k.decided[0]} ORDER BY d.working_days) AS rn,
        count(*) OVER (PARTITION BY ${k.decided[0]}) AS cnt
      FROM case_decisions d JOIN cases c ON c.case_number = d.case_number
      WHERE ${range('d.decided_at', q, d.p)}
    ) ranked
    GROUP BY k`

  const o = params()
  const overdue = `SELECT ${k.open[0]} AS k, ${k.open[1]} AS n, count(*) AS overdue
    FROM cases c
    WHERE c.status IN ${OPEN} AND c.sort_due < ${o.p(q.today)}
      AND ${range('c.submitted_at', q, o.p)}
      ${q.by === 'clerk' ? 'AND c.claim_user IS NOT NULL' : ''}
    GROUP BY ${k.open[0]}`

  return {
    ratings: [ratings, r.values],
    decisions: [decisions, d.values],
    overdue: [overdue, o.values],
  }
}

type Row = Record<string, unknown>
const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v))

/** One row per key found by any of the three queries, sorted by key. */
export function mergeStats(ratings: Row[], decisions: Row[], overdue: Row[]): StatsRow[] {
  const rows = new Map<string, StatsRow>()
  const at = (r: Row): StatsRow => {
    const key = String(r.k)
    let row = rows.get(key)
    if (!row) {
      row = {
        key,
        name: null,
        ratings: 0,
        satisfied: 0,
        decided: 0,
        promisedMet: 0,
        statutoryApplicable: 0,
        statutoryMet: 0,
        medianWorkingDays: null,
        overdue: 0,
      }
      rows.set(key, row)
    }
    if (r.n !== null && r.n !== undefined) row.name = String(r.n)
    return row
  }
  for (const r of ratings)
    Object.assign(at(r), { ratings: n(r.ratings), satisfied: n(r.satisfied) })
  for (const r of decisions)
    Object.assign(at(r), {
      decided: n(r.decided),
      promisedMet: n(r.promised_met),
      statutoryApplicable: n(r.statutory_applicable),
      statutoryMet: n(r.statutory_met),
      medianWorkingDays: r.median === null ? null : Number(r.median),
    })
  for (const r of overdue) at(r).overdue = n(r.overdue)
  return [...rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}
