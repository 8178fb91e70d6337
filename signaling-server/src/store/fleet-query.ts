import type { HealthReport } from '../../../common/signaling/health'
import {
  BACKLOG_ALERT_MS,
  FLEET_FILTERS,
  OFFLINE_ALERT_MS,
} from '../../../common/signaling/terminal-admin'
import { healthRows, type HealthParseCache } from './health-rows'
import { rowToTerminal, type Row } from './sqlite-schema'
import type { FleetCondition, FleetQuery, FleetRow, FleetScope, HealthRecord } from './types'

/*
 * The fleet list in SQL, the same on SQLite and PostgreSQL (docs/fleet.md, "The list"). Each
 * latest health report is written with the few facts the filters need beside it
 * (`healthFacts`), so a page of 50 is one indexed query and its counts one pass over those
 * columns: at 10,000 terminals reading and parsing every report took 300 ms and more
 * (docs/benchmarks.md, "fleet").
 */

/** Numeric parts kept per version: `1.2.3-beta.4` is 1, 2, 3, 0, 4 (as the console compared). */
const VERSION_PARTS = 6
const PART_DIGITS = 9

/** A string that sorts as the version compares: each numeric part zero-padded, a missing one 0. */
export function versionKey(version: string): string {
  const parts = version.split(/[.+-]/).map((x) => Number.parseInt(x, 10) || 0)
  const out: string[] = []
  for (let i = 0; i < VERSION_PARTS; i++) {
    const n = Math.min(Math.max(parts[i] ?? 0, 0), 10 ** PART_DIGITS - 1)
    out.push(String(n).padStart(PART_DIGITS, '0'))
  }
  return out.join('.')
}

/** The columns kept beside a latest report: `printer_problem`, `paper_out`, `backlog_since`, `version_key`. */
export interface HealthFacts {
  printerProblem: number
  paperOut: number
  /** When the oldest waiting outbox entry was made (receivedAt minus its age); null if none. */
  backlogSince: number | null
  versionKey: string
}

export function healthFacts(report: HealthReport, receivedAt: number): HealthFacts {
  const p = report.printer
  const problem = !p || p.paper !== 'ok' || p.state === 'error' || p.state === 'disconnected'
  const { waiting, oldestAgeSeconds } = report.outbox
  return {
    printerProblem: problem ? 1 : 0,
    paperOut: p?.paper === 'out' ? 1 : 0,
    backlogSince:
      waiting > 0 && oldestAgeSeconds !== null ? receivedAt - oldestAgeSeconds * 1000 : null,
    versionKey: versionKey(report.appVersion),
  }
}

export type Dialect = 'sqlite' | 'postgres'

/** A statement and its parameters, placeholders in the dialect's form. */
export interface Sql {
  text: string
  params: unknown[]
}

function builder(dialect: Dialect) {
  const params: unknown[] = []
  const arg = (v: unknown): string => {
    params.push(v)
    // Numbered in both dialects: a condition may use the online set after later arguments.
    return dialect === 'postgres' ? `$${params.length}` : `?${params.length}`
  }
  return { params, arg }
}

/** The SQL condition for one filter or alert (terminals `t`, their latest health `h`). */
function conditionSql(
  c: FleetCondition,
  now: number,
  online: string,
  arg: (v: unknown) => string,
): string {
  switch (c) {
    case 'offline':
      // Not connected, and last seen (or, never disconnected here, last reported) 10 min ago.
      return `(t.id NOT IN (${online}) AND COALESCE(t.last_seen_at, h.received_at) < ${arg(now - OFFLINE_ALERT_MS)})`
    case 'printer':
      return `h.printer_problem = 1`
    case 'paper-out':
      return `h.paper_out = 1`
    case 'backlog':
      return `h.backlog_since < ${arg(now - BACKLOG_ALERT_MS)}`
    case 'old-version':
      return `h.version_key < (SELECT MAX(version_key) FROM terminal_health)`
  }
}

function onlineSql(dialect: Dialect, ids: readonly string[], arg: (v: unknown) => string): string {
  // A set, not one comparison per id and row: the whole fleet may be online.
  return dialect === 'postgres'
    ? `SELECT unnest(${arg([...ids])}::text[])`
    : `SELECT value FROM json_each(${arg(JSON.stringify(ids))})`
}

function scopeSql(dialect: Dialect, s: FleetScope, arg: (v: unknown) => string): string[] {
  const where: string[] = []
  if (s.hall !== undefined) where.push(`t.hall = ${arg(s.hall)}`)
  // lower() on both: SQLite's folds ASCII only, which is all a Chinese name can have to fold.
  if (s.search !== undefined)
    where.push(
      `${dialect === 'postgres' ? 'strpos' : 'instr'}(lower(t.name), lower(${arg(s.search)})) > 0`,
    )
  return where
}

const FROM = `FROM terminals t LEFT JOIN terminal_health h ON h.terminal_id = t.id`
/**
 * Every condition but `offline` needs a report: then the join is an inner one, which lets the
 * database start from the few reports a partial index names (paper out, a backlog…).
 */
const fromFor = (conditions: readonly FleetCondition[]): string =>
  conditions.some((c) => c !== 'offline')
    ? `FROM terminal_health h JOIN terminals t ON t.id = h.terminal_id`
    : FROM

function orderSql(dialect: Dialect): string {
  // The order of listTerminals (PostgreSQL compares bytes, as SQLite does).
  return dialect === 'postgres'
    ? `ORDER BY t.hall COLLATE "C", t.name COLLATE "C", t.id`
    : `ORDER BY t.hall, t.name, t.id`
}

/** The page's rows and, separately, how many match (asked only when the counts cannot say). */
export function fleetPageSql(dialect: Dialect, q: FleetQuery): { page: Sql; total: Sql } {
  const make = (paged: boolean): Sql => {
    const { params, arg } = builder(dialect)
    const where = scopeSql(dialect, q, arg)
    if (q.conditions.length > 0) {
      where.push('t.revoked_at IS NULL')
      const needsOnline = q.conditions.includes('offline')
      const online = needsOnline ? onlineSql(dialect, q.online, arg) : ''
      for (const c of q.conditions) where.push(conditionSql(c, q.now, online, arg))
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : ''
    const from = fromFor(q.conditions)
    const text = paged
      ? `SELECT t.*, h.received_at AS h_received_at, h.report AS h_report ${from} ${whereSql}
         ${orderSql(dialect)} LIMIT ${arg(q.limit)} OFFSET ${arg(q.offset)}`
      : `SELECT COUNT(*) AS n ${from} ${whereSql}`
    return { text, params }
  }
  return { page: make(true), total: make(false) }
}

const COUNTED: readonly FleetCondition[] = [...FLEET_FILTERS, 'paper-out']

/** Every condition's count in one pass over the scope's terminals. */
export function fleetCountSql(dialect: Dialect, s: FleetScope): Sql {
  const { params, arg } = builder(dialect)
  const online = onlineSql(dialect, s.online, arg)
  const sums = COUNTED.map(
    (c, i) =>
      `SUM(CASE WHEN t.revoked_at IS NULL AND ${conditionSql(c, s.now, online, arg)} THEN 1 ELSE 0 END) AS c${i}`,
  )
  const where = scopeSql(dialect, s, arg)
  const text = `SELECT COUNT(*) AS n, ${sums.join(', ')} ${FROM} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`
  return { text, params }
}

export function rowToCounts(r: Row | undefined): Record<FleetCondition | 'all', number> {
  const out = { all: Number(r?.n ?? 0) } as Record<FleetCondition | 'all', number>
  COUNTED.forEach((c, i) => (out[c] = Number(r?.[`c${i}`] ?? 0)))
  return out
}

/** The page's rows as records; a report that no longer parses shows as none. */
export function rowsToFleet(rows: Row[], cache: HealthParseCache): FleetRow[] {
  return rows.map((r) => {
    const health =
      r.h_report === null || r.h_report === undefined
        ? null
        : (healthRows(
            [{ terminal_id: r.id, received_at: r.h_received_at, report: r.h_report }],
            cache,
          )[0] ?? null)
    return { terminal: rowToTerminal(r), health }
  })
}

/** The latest-report table's columns, in the order of `latestValues`. */
export const LATEST_COLUMNS = [
  'terminal_id',
  'received_at',
  'report',
  'printer_problem',
  'paper_out',
  'backlog_since',
  'version_key',
] as const

/** A latest report as its row: the report's text and its facts. */
export function latestValues(h: HealthRecord): unknown[] {
  const f = healthFacts(h.report, h.receivedAt)
  return [
    h.terminalId,
    h.receivedAt,
    JSON.stringify(h.report),
    f.printerProblem,
    f.paperOut,
    f.backlogSince,
    f.versionKey,
  ]
}

/** The upsert of a latest report, replacing every column but the key. */
export const latestUpsertSet = LATEST_COLUMNS.slice(1)
  .map((c) => `${c} = excluded.${c}`)
  .join(', ')

/**
 * Rows written before the facts were kept (`version_key` null), with what to fill in: done once
 * when a store opens. A report that no longer parses is left as it is (it shows as none).
 */
export function missingFacts(rows: Row[]): { terminalId: string; values: unknown[] }[] {
  return healthRows(rows).map((h) => ({ terminalId: h.terminalId, values: latestValues(h) }))
}
