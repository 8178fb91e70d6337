import type pg from 'pg'
import {
  CATALOG_ROW_COLUMNS,
  rowToCatalogVersion,
  storedCatalogVersion,
  type CatalogVersionStore,
} from './store'

/*
 * The catalog versions on PostgreSQL (store/postgres/migrations/records/004_catalog_versions.sql),
 * as sqlite.ts on SQLite. Two nodes publishing at once: the version's unique key lets one in.
 */

type Row = Record<string, unknown>

export function postgresCatalogVersions(pool: pg.Pool): CatalogVersionStore {
  const rows = async (sql: string, args: unknown[]) => (await pool.query(sql, args)).rows as Row[]
  return {
    async addCatalogVersion(v) {
      const r = await pool.query(
        `INSERT INTO catalog_versions (version, published_at, published_by, published_by_name,
           restored_from, entries, body)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (version) DO NOTHING`,
        [
          v.version,
          v.publishedAt,
          v.publishedBy.id,
          v.publishedBy.name,
          v.restoredFrom,
          v.entries,
          v.body,
        ],
      )
      return r.rowCount === 1
    },
    async latestCatalogVersion() {
      const [r] = await rows(`SELECT * FROM catalog_versions ORDER BY seq DESC LIMIT 1`, [])
      return r ? storedCatalogVersion(r) : null
    },
    async catalogVersion(version) {
      const [r] = await rows(`SELECT * FROM catalog_versions WHERE version = $1`, [version])
      return r ? storedCatalogVersion(r) : null
    },
    async catalogVersions(limit) {
      return (
        await rows(
          `SELECT ${CATALOG_ROW_COLUMNS} FROM catalog_versions ORDER BY seq DESC LIMIT $1`,
          [limit],
        )
      ).map(rowToCatalogVersion)
    },
  }
}
