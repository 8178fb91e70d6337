import { HealthReport } from '../../../common/signaling/health'
import type { HealthRecord } from './types'

/**
 * Health rows (terminal_id, received_at, report as JSON text), the same on SQLite and
 * PostgreSQL. A row that no longer parses (written by a version with another schema) is skipped
 * rather than shown half-read.
 */
export function rowToHealth(r: Record<string, unknown>): HealthRecord | null {
  let json: unknown
  try {
    json = JSON.parse(String(r.report))
  } catch {
    return null
  }
  const report = HealthReport.safeParse(json)
  if (!report.success) return null
  return {
    terminalId: String(r.terminal_id),
    receivedAt: Number(r.received_at),
    report: report.data,
  }
}

/** Each terminal's latest row as last parsed: its text and what it parsed to. */
export type HealthParseCache = Map<string, { receivedAt: number; text: string; rec: HealthRecord }>

/**
 * The rows as records. With `cache` (the latest reports, read whole every few seconds by each
 * open fleet console), a row whose text has not changed since it was last read is not parsed
 * and validated again: at 10,000 terminals that was most of the list's time.
 */
export function healthRows(
  rows: Record<string, unknown>[],
  cache?: HealthParseCache,
): HealthRecord[] {
  const out: HealthRecord[] = []
  for (const r of rows) {
    const terminalId = String(r.terminal_id)
    const receivedAt = Number(r.received_at)
    const text = String(r.report)
    const known = cache?.get(terminalId)
    if (known && known.receivedAt === receivedAt && known.text === text) {
      out.push(known.rec)
      continue
    }
    const rec = rowToHealth(r)
    if (!rec) continue
    cache?.set(terminalId, { receivedAt, text, rec })
    out.push(rec)
  }
  return out
}
