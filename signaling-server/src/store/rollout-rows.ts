import type { RolloutRecord, RolloutTerminalRecord } from '../fleet/rollout-machine'

/**
 * Rollout rows, the same columns and encoding on SQLite and PostgreSQL (pilot halls and steps as
 * JSON text). The column lists give the order of the values for an upsert.
 */

type Row = Record<string, unknown>

const num = (v: unknown): number => Number(v)
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v))

export const rolloutColumns = [
  'id',
  'version',
  'previous_version',
  'pilot_halls',
  'steps',
  'stop_share',
  'state',
  'rings_passed',
  'created_at',
  'created_by',
  'halted_at',
  'halt_reason',
  'resumed_at',
  'completed_at',
] as const

export const rolloutToRow = (r: RolloutRecord): unknown[] => [
  r.id,
  r.version,
  r.previousVersion,
  JSON.stringify(r.pilotHalls),
  JSON.stringify(r.steps),
  r.stopShare,
  r.state,
  r.ringsPassed,
  r.createdAt,
  r.createdBy,
  r.haltedAt,
  r.haltReason,
  r.resumedAt,
  r.completedAt,
]

export const rowToRollout = (r: Row): RolloutRecord => ({
  id: String(r.id),
  version: String(r.version),
  previousVersion: String(r.previous_version),
  pilotHalls: JSON.parse(String(r.pilot_halls)) as string[],
  steps: JSON.parse(String(r.steps)) as number[],
  stopShare: num(r.stop_share),
  state: r.state as RolloutRecord['state'],
  ringsPassed: num(r.rings_passed),
  createdAt: num(r.created_at),
  createdBy: String(r.created_by),
  haltedAt: numOrNull(r.halted_at),
  haltReason: (r.halt_reason ?? null) as RolloutRecord['haltReason'],
  resumedAt: numOrNull(r.resumed_at),
  completedAt: numOrNull(r.completed_at),
})

export const rolloutTerminalColumns = [
  'rollout_id',
  'terminal_id',
  'ring',
  'state',
  'reason',
  'offered_at',
  'baseline_self_test_at',
  'started_at',
  'healthy_since',
  'last_report_at',
  'decided_at',
] as const

export const rolloutTerminalToRow = (p: RolloutTerminalRecord): unknown[] => [
  p.rolloutId,
  p.terminalId,
  p.ring,
  p.state,
  p.reason,
  p.offeredAt,
  p.baselineSelfTestAt,
  p.startedAt,
  p.healthySince,
  p.lastReportAt,
  p.decidedAt,
]

export const rowToRolloutTerminal = (r: Row): RolloutTerminalRecord => ({
  rolloutId: String(r.rollout_id),
  terminalId: String(r.terminal_id),
  ring: num(r.ring),
  state: r.state as RolloutTerminalRecord['state'],
  reason: (r.reason ?? null) as RolloutTerminalRecord['reason'],
  offeredAt: num(r.offered_at),
  baselineSelfTestAt: numOrNull(r.baseline_self_test_at),
  startedAt: numOrNull(r.started_at),
  healthySince: numOrNull(r.healthy_since),
  lastReportAt: numOrNull(r.last_report_at),
  decidedAt: numOrNull(r.decided_at),
})

/** `INSERT … ON CONFLICT (key) DO UPDATE` over the columns; `param(i)` spells placeholder i. */
export function upsertSql(
  table: string,
  columns: readonly string[],
  key: readonly string[],
  param: (i: number) => string,
): string {
  return `INSERT INTO ${table} (${columns.join(', ')})
    VALUES (${columns.map((_, i) => param(i + 1)).join(', ')})
    ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${columns
      .filter((c) => !key.includes(c))
      .map((c) => `${c} = excluded.${c}`)
      .join(', ')}`
}
