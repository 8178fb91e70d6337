import { openSqliteRecordsStore } from '../applications/sqlite-store'
import type { RecordsStore } from '../applications/records'
import { openSqliteStore } from './sqlite'
import type { Store } from './types'

/*
 * The one place where the centre chooses how its records are kept (the composition root for
 * storage; cli.ts calls it). Everything else takes the interfaces (store/types.ts,
 * applications/records.ts). SQLite is the embedded default; another implementation (e.g.
 * PostgreSQL for several centre processes) adds a `kind` here and passes the contract suite in
 * tests/integration/stores/.
 */

export type StoreConfig = { kind: 'sqlite'; path: string }

/** Terminals, staff, calls and the queue snapshot. */
export function openSignalingStore(config: StoreConfig): Store {
  return openSqliteStore(config.path)
}

/** Applications, cases and ratings (sealed personal data: its own file, backup and retention). */
export function openRecordsStore(config: StoreConfig): RecordsStore {
  return openSqliteRecordsStore(config.path)
}
