import { CommandKind, CommandOutput, CommandState } from '../../../common/signaling/commands'
import type { CommandRecord } from './types'

/*
 * Command rows, the same on SQLite and PostgreSQL: times as integers, the output as JSON text.
 * An output that no longer parses (written by a version with another schema) reads as null
 * rather than half-read; the row itself (the audit) is kept.
 */

export const commandColumns = [
  'id',
  'terminal_id',
  'kind',
  'issued_by',
  'issued_by_name',
  'issued_at',
  'expires_at',
  'state',
  'delivered_at',
  'finished_at',
  'output',
  'error',
] as const

export function commandToRow(c: CommandRecord): unknown[] {
  return [
    c.id,
    c.terminalId,
    c.kind,
    c.issuedBy,
    c.issuedByName,
    c.issuedAt,
    c.expiresAt,
    c.state,
    c.deliveredAt,
    c.finishedAt,
    c.output ? JSON.stringify(c.output) : null,
    c.error,
  ]
}

const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v))

function output(v: unknown): CommandOutput | null {
  if (typeof v !== 'string') return null
  try {
    const parsed = CommandOutput.safeParse(JSON.parse(v))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

export function rowToCommand(r: Record<string, unknown>): CommandRecord | null {
  const kind = CommandKind.safeParse(r.kind)
  const state = CommandState.safeParse(r.state)
  if (!kind.success || !state.success) return null
  return {
    id: String(r.id),
    terminalId: String(r.terminal_id),
    kind: kind.data,
    issuedBy: String(r.issued_by),
    issuedByName: String(r.issued_by_name),
    issuedAt: Number(r.issued_at),
    expiresAt: Number(r.expires_at),
    state: state.data,
    deliveredAt: numOrNull(r.delivered_at),
    finishedAt: numOrNull(r.finished_at),
    output: output(r.output),
    error: (r.error ?? null) as string | null,
  }
}

export const commandRows = (rows: Record<string, unknown>[]): CommandRecord[] =>
  rows.map(rowToCommand).filter((c): c is CommandRecord => c !== null)
