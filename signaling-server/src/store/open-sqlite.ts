import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'libsql'

export type Db = InstanceType<typeof Database>

/**
 * Opens one of the server's SQLite files for durable records: WAL for concurrent readers,
 * synchronous=FULL because what the server has confirmed must survive a power cut (NORMAL may
 * roll back the last commits), and the ordered migrations applied, counted in user_version.
 */
export function openDurableSqlite(
  path: string,
  migrations: readonly string[],
  opts: { secureDelete?: boolean } = {},
): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const db: Db = new Database(path)
  // First, so that even switching to WAL waits for a previous owner (a server being replaced,
  // its writer thread still closing) instead of failing with "database is locked".
  db.pragma('busy_timeout = 5000')
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  // Freed pages (e.g. of a deleted record) are zeroed rather than left readable in the file.
  if (opts.secureDelete) db.pragma('secure_delete = ON')
  // libsql's pragma() ignores `simple`, so read the version through a statement.
  const row = db.prepare('PRAGMA user_version').get() as Record<string, unknown>
  for (let i = Number(row.user_version); i < migrations.length; i++) {
    db.transaction(() => {
      db.exec(migrations[i]!)
      db.pragma(`user_version = ${i + 1}`)
    })()
  }
  return db
}
