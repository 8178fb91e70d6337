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

export const healthRows = (rows: Record<string, unknown>[]): HealthRecord[] =>
  rows.map(rowToHealth).filter((h): h is HealthRecord => h !== null)
