// The signaling benchmark's kiosks and clerks, written straight into the centre's database (the
// SQLite file of one node, or the cluster's PostgreSQL) in one transaction, for speed. Clerks each
// serve 2 of the 6 categories and have a session token.
import Database from 'libsql'
import pg from 'pg'
import { hashPassword, newSecret, sha256 } from '../../signaling-server/src/auth'
import { CATEGORIES, type TerminalIdentity } from './signaling-clients'

export interface Identities {
  terminals: TerminalIdentity[]
  tokens: string[]
  credentialHash: string
  passwordHash: string
}

export async function makeIdentities(terminals: number, clerks: number): Promise<Identities> {
  const credential = newSecret()
  return {
    terminals: Array.from({ length: terminals }, (_, i) => ({
      terminalId: `t_bench${i}`,
      credential,
    })),
    tokens: Array.from({ length: clerks }, () => newSecret()),
    credentialHash: sha256(credential),
    passwordHash: await hashPassword(newSecret()),
  }
}

const clerkCategories = (i: number): string =>
  JSON.stringify([CATEGORIES[i % 6], CATEGORIES[(i + 1) % 6]])

/** Into the SQLite file of a node whose schema exists already. */
export function seedSqlite(dbPath: string, ids: Identities): void {
  const db = new Database(dbPath)
  const t = Date.now()
  db.transaction(() => {
    const insT = db.prepare(
      `INSERT INTO terminals (id, name, hall, credential_hash, created_at) VALUES (?,?,?,?,?)`,
    )
    for (const term of ids.terminals)
      insT.run(term.terminalId, `bench ${term.terminalId}`, '压测大厅', ids.credentialHash, t)
    const insU = db.prepare(
      `INSERT INTO users (id, username, display_name, role, categories, password_hash, created_at) VALUES (?,?,?,?,?,?,?)`,
    )
    const insS = db.prepare(
      `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?,?,?,?)`,
    )
    ids.tokens.forEach((token, i) => {
      const id = `u_bench${i}`
      insU.run(id, `clerk${i}`, `坐席${i}`, 'clerk', clerkCategories(i), ids.passwordHash, t)
      insS.run(sha256(token), id, t, t + 86_400_000)
    })
  })()
  db.close()
}

/** Into the cluster's PostgreSQL database, migrated already (by its first node). */
export async function seedPostgres(url: string, ids: Identities): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const t = Date.now()
  try {
    await client.query('BEGIN')
    await client.query(
      `INSERT INTO terminals (id, name, hall, credential_hash, created_at)
       SELECT id, 'bench ' || id, '压测大厅', $2, $3 FROM unnest($1::text[]) AS id`,
      [ids.terminals.map((x) => x.terminalId), ids.credentialHash, t],
    )
    const userIds = ids.tokens.map((_, i) => `u_bench${i}`)
    await client.query(
      `INSERT INTO users (id, username, display_name, role, categories, password_hash, created_at)
       SELECT id, 'clerk' || n, '坐席' || n, 'clerk', cats, $3, $4
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(id, cats, n)`,
      [userIds, ids.tokens.map((_, i) => clerkCategories(i)), ids.passwordHash, t],
    )
    await client.query(
      `INSERT INTO sessions (token_hash, user_id, created_at, expires_at)
       SELECT h, u, $3, $4 FROM unnest($1::text[], $2::text[]) AS s(h, u)`,
      [ids.tokens.map((x) => sha256(x)), userIds, t, t + 86_400_000],
    )
    await client.query('COMMIT')
  } finally {
    await client.end()
  }
}
