// How the store contract suite gets at an implementation: one factory per implementation. A
// new implementation adds a factory here and one `<name>.test.ts` that runs the contracts with
// it (sqlite.test.ts, postgres.test.ts).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RecordsStore } from '../../../signaling-server/src/applications/records'
import { openSqliteRecordsStore } from '../../../signaling-server/src/applications/sqlite-store'
import { openRecordsStore, openSignalingStore } from '../../../signaling-server/src/store/open'
import { openSqliteStore } from '../../../signaling-server/src/store/sqlite'
import type { Store } from '../../../signaling-server/src/store/types'
import { tableBytes, type PostgresServer } from '../../support/postgres'

/** One empty place to keep records (a database, a schema, a folder). */
export interface StoreSite {
  /** Opens the signaling store there; opened again after `close()`, it holds what was written. */
  signaling(): Promise<Store>
  /** Opens the applications store there; the same durability as `signaling()`. */
  records(): Promise<RecordsStore>
  /**
   * Every byte the implementation keeps at rest for this site (files, or a dump), to prove that
   * personal fields are not readable in it. Call with the stores closed.
   */
  bytesAtRest(): Promise<Buffer>
  /** Removes the site. */
  dispose(): Promise<void>
}

export interface StoreFactory {
  name: string
  /**
   * Whether stores opened on one site at once are separate connections whose writes the
   * database interleaves, as two centre nodes' are: the multi-node contract runs only then.
   */
  concurrentWriters: boolean
  site(): Promise<StoreSite>
}

/** SQLite files in a temp folder, as `npm run server` keeps them. */
export const sqliteFactory: StoreFactory = {
  name: 'sqlite (file)',
  // libsql is synchronous: two connections in one process never write at the same time.
  concurrentWriters: false,
  async site() {
    const dir = mkdtempSync(join(tmpdir(), 'store-contract-'))
    return {
      signaling: async () => openSqliteStore(join(dir, 'server.db')),
      records: async () => openSqliteRecordsStore(join(dir, 'applications.db')),
      async bytesAtRest() {
        const files = readdirSync(dir).map((f) => join(dir, f))
        return Buffer.concat(files.filter(existsSync).map((f) => readFileSync(f)))
      },
      async dispose() {
        rmSync(dir, { recursive: true, force: true })
      },
    }
  },
}

/**
 * A fresh database per site on a PostgreSQL server the test file started (startPostgres in
 * tests/support/postgres.ts), opened through store/open.ts as `--postgres URL` opens it.
 * Reopening is a new pool on the same database; what is at rest is every value of every table,
 * read back through SQL (bytea as its raw bytes).
 */
export function postgresFactory(server: () => PostgresServer): StoreFactory {
  return {
    name: 'postgresql 15',
    concurrentWriters: true,
    async site() {
      const pg = server()
      const name = await pg.createDatabase()
      const config = { kind: 'postgres', url: pg.url(name), poolSize: 8 } as const
      return {
        signaling: () => openSignalingStore(config),
        records: () => openRecordsStore(config),
        bytesAtRest: () => tableBytes(config.url),
        dispose: () => pg.dropDatabase(name),
      }
    },
  }
}
