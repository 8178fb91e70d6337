import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'libsql'

export type Db = InstanceType<typeof Database>

export interface DurableSqliteOptions {
  /** Zero freed pages (e.g. of a purged record) rather than leave them readable in the file. */
  secureDelete?: boolean
}

/**
 * Opens a SQLite file (libsql) for durable records, on the kiosk (outbox) and at the centre: WAL
 * for concurrent readers, synchronous=FULL so every commit fsyncs the WAL and what was reported
 * as written survives a power cut, not only a crash (NORMAL in WAL mode may roll back the last
 * commits), and the ordered migrations applied, counted in user_version. The folder is created
 * readable by the owner only: these files hold (sealed) personal data.
 */
export function openDurableSqlite(
  path: string,
  migrations: readonly string[],
  opts: DurableSqliteOptions = {},
): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  const db: Db = new Database(path)
  // First, so that even switching to WAL waits for a previous owner (a process being replaced,
  // its writer thread still closing) instead of failing with "database is locked".
  db.pragma('busy_timeout = 5000')
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  if (opts.secureDelete) db.pragma('secure_delete = ON')
  const version = Number(sqliteScalar(db, 'PRAGMA user_version'))
  for (let i = version; i < migrations.length; i++) {
    db.transaction(() => {
      db.exec(migrations[i]!)
      db.pragma(`user_version = ${i + 1}`)
    })()
  }
  return db
}

/** The first column of the first row. (libsql 0.5's `pluck()` and `pragma(…, {simple})` still return whole rows.) */
export function sqliteScalar(db: Db, sql: string, ...params: unknown[]): unknown {
  const row = db
    .prepare(sql)
    .raw()
    .get(...params) as unknown[] | undefined
  return row?.[0]
}
