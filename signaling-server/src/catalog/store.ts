/*
 * The published catalog versions, kept in the applications database (applications refer to the
 * version they were filled in from, and the publishing audit lives there too). Append-only: the
 * current version is the latest appended; a restore appends the old content under a new version.
 * Every implementation passes the contract suite in tests/integration/stores/.
 */

export interface CatalogVersionRow {
  version: string
  publishedAt: number
  publishedBy: { id: string; name: string }
  /** The version whose content a restore published again. */
  restoredFrom: string | null
  /** Items and bundles in it. */
  entries: number
}

export interface StoredCatalogVersion extends CatalogVersionRow {
  /** The catalog as served, JSON (kept as text so its ETag is stable). */
  body: string
}

export interface CatalogVersionStore {
  /** Appends the version unless one with its number exists; whether it did. */
  addCatalogVersion(v: StoredCatalogVersion): Promise<boolean>
  /** The latest appended: the version in force. Null while none was published. */
  latestCatalogVersion(): Promise<StoredCatalogVersion | null>
  catalogVersion(version: string): Promise<StoredCatalogVersion | null>
  /** Newest first, without the content. */
  catalogVersions(limit: number): Promise<CatalogVersionRow[]>
}

type Row = Record<string, unknown>

export function rowToCatalogVersion(r: Row): CatalogVersionRow {
  return {
    version: String(r.version),
    publishedAt: Number(r.published_at),
    publishedBy: { id: String(r.published_by), name: String(r.published_by_name) },
    restoredFrom:
      r.restored_from === null || r.restored_from === undefined ? null : String(r.restored_from),
    entries: Number(r.entries),
  }
}

export const storedCatalogVersion = (r: Row): StoredCatalogVersion => ({
  ...rowToCatalogVersion(r),
  body: String(r.body),
})

export const CATALOG_ROW_COLUMNS =
  'version, published_at, published_by, published_by_name, restored_from, entries'
