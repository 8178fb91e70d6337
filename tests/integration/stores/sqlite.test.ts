// The store contract suite against the embedded default: SQLite files in a temp folder.
import { caseWorkContract } from './case-work-contract'
import { sqliteFactory } from './factory'
import { recordsStoreContract } from './records-contract'
import { signalingStoreContract } from './signaling-contract'

signalingStoreContract(sqliteFactory)
recordsStoreContract(sqliteFactory)
caseWorkContract(sqliteFactory)
