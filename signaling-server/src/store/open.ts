import { openPostgresRecordsStore } from '../applications/postgres-store'
import { openSqliteRecordsStore } from '../applications/sqlite-store'
import type { RecordsStore } from '../applications/records'
import { migrate, type MigrationSet } from './postgres/migrate'
import { closePool, createPool, type PostgresConfig } from './postgres/pool'
import { openPostgresStore } from './postgres/signaling-store'
import { openSqliteStore } from './sqlite'
import type { Store } from './types'

/*
 * The one place where the centre chooses how its records are kept (the composition root for
 * storage; cli.ts calls it). Everything else takes the interfaces (store/types.ts,
 * applications/records.ts). SQLite is the embedded default (one process); PostgreSQL is for
 * several centre nodes sharing one database. Each implementation passes the contract suite in
 * tests/integration/stores/.
 */

export type StoreConfig =
  { kind: 'sqlite'; path: string } | ({ kind: 'postgres' } & Omit<PostgresConfig, 'onError'>)

export interface OpenOptions {
  /** A PostgreSQL connection failed while idle (the pool replaces it). */
  onError?: (err: Error) => void
}

/** Terminals, staff, calls and the queue snapshot. */
export async function openSignalingStore(
  config: StoreConfig,
  opts: OpenOptions = {},
): Promise<Store> {
  if (config.kind === 'postgres') return openPostgresStore({ ...config, ...opts })
  return openSqliteStore(config.path)
}

/**
 * Applications, cases and ratings (sealed personal data). On SQLite its own file, for its own
 * backup and retention; on PostgreSQL its own tables, in the database the URL names (which may
 * be another than the signaling store's).
 */
export async function openRecordsStore(
  config: StoreConfig,
  opts: OpenOptions = {},
): Promise<RecordsStore> {
  if (config.kind === 'postgres') return openPostgresRecordsStore({ ...config, ...opts })
  return openSqliteRecordsStore(config.path)
}

/**
 * Applies the PostgreSQL schema migrations not yet applied (what opening a store does first),
 * for `npm run server -- migrate`; per set, the names of the migrations it applied.
 */
export async function migratePostgres(
  config: PostgresConfig,
): Promise<Record<MigrationSet, string[]>> {
  const pool = createPool({ ...config, poolSize: 1 }, 'migrate')
  try {
    return { signaling: await migrate(pool, 'signaling'), records: await migrate(pool, 'records') }
  } finally {
    await closePool(pool)
  }
}
