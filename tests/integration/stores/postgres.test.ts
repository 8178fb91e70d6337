// The store contract suite against PostgreSQL 15 from Debian's package: one throwaway server
// for the file (started here, removed after), one fresh database per test.
import { afterAll, beforeAll } from 'vitest'
import { startPostgres, type PostgresServer } from '../../support/postgres'
import { caseWorkContract } from './case-work-contract'
import { catalogVersionsContract } from './catalog-contract'
import { commandStoreContract } from './commands-contract'
import { postgresFactory } from './factory'
import { multiNodeContract } from './nodes-contract'
import { recordsStoreContract } from './records-contract'
import { signalingStoreContract } from './signaling-contract'
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
