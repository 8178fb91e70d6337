// How the store contract suite gets at an implementation: one factory per implementation. A
// new implementation (PostgreSQL for the scale-out issue) adds a factory here and one
// `<name>.test.ts` that runs both contracts with it.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RecordsStore } from '../../../signaling-server/src/applications/records'
import { openSqliteRecordsStore } from '../../../signaling-server/src/applications/sqlite-store'
import { openSqliteStore } from '../../../signaling-server/src/store/sqlite'
import type { Store } from '../../../signaling-server/src/store/types'

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
  site(): Promise<StoreSite>
}

/** SQLite files in a temp folder, as `npm run server` keeps them. */
export const sqliteFactory: StoreFactory = {
  name: 'sqlite (file)',
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
