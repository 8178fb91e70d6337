import { readdirSync, readFileSync } from 'node:fs'
import type pg from 'pg'
import { closePool, createPool, inTransaction, type PostgresConfig } from './pool'

/*
 * Versioned SQL migrations for the PostgreSQL stores: files `NNN_name.sql` in
 * migrations/<set>/, applied in order, each set counted in `schema_migrations`. A set is
 * applied in one transaction under an advisory lock, so several centre nodes starting at once
 * against one database apply it exactly once (the others wait, then find nothing to do).
 */

export type MigrationSet = 'signaling' | 'records'

const dir = (set: MigrationSet) => new URL(`./migrations/${set}/`, import.meta.url)

export interface Migration {
  version: number
  name: string
  sql: string
}

export function migrationsOf(set: MigrationSet): Migration[] {
  return readdirSync(dir(set))
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({
      version: Number(f.slice(0, 3)),
      name: f,
      sql: readFileSync(new URL(f, dir(set)), 'utf8'),
    }))
}

// Any constant: the lock only serialises migration runs against one database.
const LOCK = 0x7669_6c6c

/** Applies the set's migrations not yet applied; the names of those it applied. */
export async function migrate(pool: pg.Pool, set: MigrationSet): Promise<string[]> {
  const all = migrationsOf(set)
  return inTransaction(pool, async (c) => {
    await c.query('SELECT pg_advisory_xact_lock($1)', [LOCK])
    await c.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      migration_set TEXT NOT NULL,
      version INTEGER NOT NULL,
      name TEXT NOT NULL,
      applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      PRIMARY KEY (migration_set, version)
    )`)
    const done = new Set(
      (
        await c.query<{ version: number }>(
          'SELECT version FROM schema_migrations WHERE migration_set = $1',
          [set],
        )
      ).rows.map((r) => r.version),
    )
    const known = new Set(all.map((m) => m.version))
    const unknown = [...done].filter((v) => !known.has(v))
    // A database migrated by a newer centre: refuse rather than run on a schema we do not know.
    if (unknown.length > 0)
      throw new Error(
        `the ${set} schema has migrations this centre does not know (${unknown.join(', ')}): run the newer version`,
      )
    const applied: string[] = []
    for (const m of all) {
      if (done.has(m.version)) continue
      await c.query(m.sql)
      await c.query(
        'INSERT INTO schema_migrations (migration_set, version, name) VALUES ($1, $2, $3)',
        [set, m.version, m.name],
      )
      applied.push(m.name)
    }
    return applied
  })
}

/** A store's pool with its set's migrations applied (the pool is closed again if they fail). */
export async function openMigratedPool(
  config: PostgresConfig,
  set: MigrationSet,
): Promise<pg.Pool> {
  const pool = createPool(config, set)
  try {
    await migrate(pool, set)
  } catch (err) {
    await closePool(pool)
    throw err
  }
  return pool
}
