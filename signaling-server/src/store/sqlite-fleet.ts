import type { Db } from '../../../node-common/sqlite'
import {
  fleetCountSql,
  fleetPageSql,
  LATEST_COLUMNS,
  latestUpsertSet,
  latestValues,
  missingFacts,
  rowsToFleet,
  rowToCounts,
} from './fleet-query'
import { healthRows, type HealthParseCache } from './health-rows'
import { settled } from './settled'
import type { HealthRecord, HealthStore } from './types'

type Row = Record<string, unknown>

/** The latest health reports and the fleet list on the signaling store's SQLite file. */
export function sqliteFleetStore(
  db: Db,
  cache: HealthParseCache,
): Pick<
  HealthStore,
  'getLatestHealth' | 'listFleet' | 'countMatching' | 'countFleet' | 'listHalls'
> & {
  upsertLatest(h: HealthRecord): void
} {
  const q = <T extends unknown[]>(sql: string) => db.prepare<T>(sql)
  const upsert = `INSERT INTO terminal_health (${LATEST_COLUMNS.join(', ')})
    VALUES (${LATEST_COLUMNS.map(() => '?').join(', ')})
    ON CONFLICT (terminal_id) DO UPDATE SET ${latestUpsertSet}`

  const up = q(upsert)

  // Reports kept before the facts were: filled once, in one commit.
  const stale = q(`SELECT * FROM terminal_health WHERE version_key IS NULL`).all() as Row[]
  if (stale.length > 0)
    db.transaction(() => {
      for (const { values } of missingFacts(stale)) up.run(...values)
    })()

  return {
    upsertLatest: (h) => void up.run(...latestValues(h)),
    getLatestHealth: (terminalId) =>
      settled(() => {
        const r = q(`SELECT * FROM terminal_health WHERE terminal_id = ?`).get(terminalId) as
          Row | undefined
        return r ? (healthRows([r], cache)[0] ?? null) : null
      }),
    listFleet: (query) =>
      settled(() => {
        const { page } = fleetPageSql('sqlite', query)
        return rowsToFleet(q(page.text).all(...page.params) as Row[], cache)
      }),
    countMatching: (query) =>
      settled(() => {
        const { total } = fleetPageSql('sqlite', { ...query, offset: 0, limit: 1 })
        return Number((q(total.text).get(...total.params) as Row).n)
      }),
    countFleet: (scope) =>
      settled(() => {
        const sql = fleetCountSql('sqlite', scope)
        return rowToCounts(q(sql.text).get(...sql.params) as Row | undefined)
      }),
    listHalls: () =>
      settled(() =>
        (q(`SELECT DISTINCT hall FROM terminals ORDER BY hall`).all() as Row[]).map((r) =>
          String(r.hall),
        ),
      ),
  }
}
