// The store contract suite against the embedded default: SQLite files in a temp folder.
import { caseWorkContract } from './case-work-contract'
import { catalogVersionsContract } from './catalog-contract'
import { commandStoreContract } from './commands-contract'
import { sqliteFactory } from './factory'
import { multiNodeContract } from './nodes-contract'
import { recordsStoreContract } from './records-contract'
import { signalingStoreContract } from './signaling-contract'
import { supervisionContract } from './supervision-contract'

signalingStoreContract(sqliteFactory)
commandStoreContract(sqliteFactory)
recordsStoreContract(sqliteFactory)
// Skipped here (libsql never writes from two connections at once); runs on PostgreSQL.
multiNodeContract(sqliteFactory)
caseWorkContract(sqliteFactory)
supervisionContract(sqliteFactory)
catalogVersionsContract(sqliteFactory)
