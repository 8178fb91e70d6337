// The store contract suite against PostgreSQL 15 from Debian's package: one throwaway server
// for the file (started here, removed after), one fresh database per test.
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgresStore } from '../../../signaling-server/src/store/postgres/signaling-store'
import { startPostgres, type PostgresServer } from '../../support/postgres'
import { caseWorkContract } from './case-work-contract'
import { catalogVersionsContract } from './catalog-contract'
import { commandStoreContract } from './commands-contract'
import { postgresFactory } from './factory'
import { multiNodeContract } from './nodes-contract'
import { recordsStoreContract } from './records-contract'
import { call, signalingStoreContract } from './signaling-contract'
import { supervisionContract } from './supervision-contract'

let server: PostgresServer
// initdb and the first start take a few seconds on a busy machine.
beforeAll(async () => {
  server = await startPostgres()
}, 120_000)
afterAll(async () => {
  await server?.stop()
})

const factory = postgresFactory(() => server)
signalingStoreContract(factory)
commandStoreContract(factory)
recordsStoreContract(factory)
multiNodeContract(factory)
caseWorkContract(factory)
supervisionContract(factory)
catalogVersionsContract(factory)

// PostgreSQL restarted under the video counter's write-through: the writes queued meanwhile wait
// and are applied in order once it is back; none is lost, none doubled.
describe('PostgreSQL restarted while call writes are queued', () => {
  it('applies every write once it is back', async () => {
    const url = server.url(await server.createDatabase())
    const store = await openPostgresStore({ url, poolSize: 2 })
    try {
      await store.saveCall(call('c-before'))
      // Writes keep coming, one every 20 ms, while the server stops and starts again.
      let up = false
      const restarting = server.restart().then(() => (up = true))
      const saved: Promise<void>[] = []
      let n = 0
      while (!up) {
        saved.push(store.saveCall(call(`c-${n}`, { state: 'ended', endReason: 'cancelled' })))
        n++
        await new Promise((r) => setTimeout(r, 20))
      }
      // A call written again after one written while the server was away: the later stands.
      saved.push(store.saveCall(call('c-0', { state: 'ended', endReason: 'completed' })))
      await restarting
      await Promise.all(saved)
      const db = new pg.Client({ connectionString: url })
      await db.connect()
      const rows = (
        await db.query<{ id: string; end_reason: string | null }>(
          `SELECT id, end_reason FROM calls ORDER BY id`,
        )
      ).rows
      await db.end()
      expect(n).toBeGreaterThan(5)
      expect(rows).toHaveLength(n + 1)
      expect(rows.find((r) => r.id === 'c-0')?.end_reason).toBe('completed')
    } finally {
      await store.close()
    }
  }, 60_000)
})
