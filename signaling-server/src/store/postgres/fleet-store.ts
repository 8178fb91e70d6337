import type pg from 'pg'
import {
  fleetCountSql,
  fleetPageSql,
  LATEST_COLUMNS,
  latestUpsertSet,
  latestValues,
  missingFacts,
  rowsToFleet,
  rowToCounts,
} from '../fleet-query'
import { healthRows, type HealthParseCache } from '../health-rows'
import type { HealthRecord, HealthStore } from '../types'

type Row = Record<string, unknown>

const TYPES = ['text', 'bigint', 'text', 'integer', 'integer', 'bigint', 'text']

/**
 * The latest health reports and the fleet list on PostgreSQL (signaling-store.ts mixes them
 * in); the same rows and SQL as SQLite (fleet-query.ts).
 */
export async function postgresFleetStore(
  pool: pg.Pool,
  cache: HealthParseCache,
): Promise<
  Pick<
    HealthStore,
    'getLatestHealth' | 'listFleet' | 'countMatching' | 'countFleet' | 'listHalls'
  > & {
    /** The latest reports replace each terminal's, as one statement. */
    upsertLatest(c: pg.Pool | pg.PoolClient, latest: HealthRecord[]): Promise<void>
  }
> {
  const all = async (sql: string, params: unknown[] = []): Promise<Row[]> =>
    (await pool.query(sql, params)).rows as Row[]
  // The rows as arrays: one round trip per batch, not per terminal.
  const upsert = `INSERT INTO terminal_health (${LATEST_COLUMNS.join(', ')})
    SELECT * FROM unnest(${TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})
    ON CONFLICT (terminal_id) DO UPDATE SET ${latestUpsertSet}`
  const upsertLatest = async (c: pg.Pool | pg.PoolClient, latest: HealthRecord[]) => {
    if (latest.length === 0) return
    const rows = latest.map(latestValues)
    await c.query(
      upsert,
      LATEST_COLUMNS.map((_, i) => rows.map((r) => r[i])),
    )
  }

  // Reports kept before the facts were: filled once.
  const stale = await all(`SELECT * FROM terminal_health WHERE version_key IS NULL`)
  const fill = missingFacts(stale)
  if (fill.length > 0)
    await pool.query(
      upsert,
      LATEST_COLUMNS.map((_, i) => fill.map((f) => f.values[i])),
    )

  return {
    upsertLatest,
    async getLatestHealth(terminalId) {
      const rows = await all(`SELECT * FROM terminal_health WHERE terminal_id = $1`, [terminalId])
      return healthRows(rows, cache)[0] ?? null
    },
    async listFleet(query) {
      const { page } = fleetPageSql('postgres', query)
      return rowsToFleet(await all(page.text, page.params), cache)
    },
    async countMatching(query) {
      const { total } = fleetPageSql('postgres', { ...query, offset: 0, limit: 1 })
      return Number((await all(total.text, total.params))[0]?.n ?? 0)
    },
    async countFleet(scope) {
      const sql = fleetCountSql('postgres', scope)
      return rowToCounts((await all(sql.text, sql.params))[0])
    },
    listHalls: async () =>
      (await all(`SELECT DISTINCT hall COLLATE "C" AS hall FROM terminals ORDER BY 1`)).map((r) =>
        String(r.hall),
      ),
  }
}
