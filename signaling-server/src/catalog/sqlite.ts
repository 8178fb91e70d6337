import type { Db } from '../../../node-common/sqlite'
import {
  CATALOG_ROW_COLUMNS,
  rowToCatalogVersion,
  storedCatalogVersion,
  type CatalogVersionStore,
} from './store'

/* The catalog versions on SQLite (migration 5 in applications/sqlite-schema.ts). */

type Row = Record<string, unknown>

export function sqliteCatalogVersions(db: Db): CatalogVersionStore {
  const q = <T extends unknown[]>(sql: string) => db.prepare<T>(sql)
  return {
    async addCatalogVersion(v) {
      const r = q(
        `INSERT INTO catalog_versions (version, published_at, published_by, published_by_name,
           restored_from, entries, body)
         VALUES (?,?,?,?,?,?,?) ON CONFLICT (version) DO NOTHING`,
      ).run(
        v.version,
        v.publishedAt,
        v.publishedBy.id,
        v.publishedBy.name,
        v.restoredFrom,
        v.entries,
        v.body,
      )
      return r.changes === 1
    },
    async latestCatalogVersion() {
      const r = q(`SELECT * FROM catalog_versions ORDER BY seq DESC LIMIT 1`).get() as
        Row | undefined
      return r ? storedCatalogVersion(r) : null
    },
    async catalogVersion(version) {
      const r = q(`SELECT * FROM catalog_versions WHERE version = ?`).get(version) as
        Row | undefined
      return r ? storedCatalogVersion(r) : null
    },
    async catalogVersions(limit) {
      return (
        q(`SELECT ${CATALOG_ROW_COLUMNS} FROM catalog_versions ORDER BY seq DESC LIMIT ?`).all(
          limit,
        ) as Row[]
      ).map(rowToCatalogVersion)
    },
  }
}
