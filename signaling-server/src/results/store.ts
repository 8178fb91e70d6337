import { chmodSync, existsSync } from 'node:fs'
import { openDurableSqlite } from '../../../node-common/sqlite'

/** A signing key as the centre keeps it: the private half sealed under the data key. */
export interface StoredKey {
  kid: string
  /** Raw 32-byte Ed25519 public key, base64url. */
  publicKey: string
  /** PKCS#8 DER of the private key, AES-256-GCM sealed (node-common/seal.ts). */
  privateSealed: Buffer
  notBefore: number
  notAfter: number | null
  revokedAt: number | null
}

/** One notice the centre signed: its register, so revocation and "did we issue this?" work. */
export interface IssuedNotice {
  caseNumber: string
  noticeHash: string
  kid: string
  signedAt: number
  revokedAt: number | null
  revokeReason: string | null
}

export interface ResultStore {
  keys(): StoredKey[]
  /** Adds a key and, in the same transaction, retires the keys still signing (notAfter = at). */
  addKey(key: StoredKey, retireOthersAt: number): void
  revokeKey(kid: string, publicKey: string, at: number): boolean
  recordIssued(notice: Omit<IssuedNotice, 'revokedAt' | 'revokeReason'>): void
  issued(caseNumber: string, noticeHash: string): IssuedNotice | undefined
  /** Revokes every notice of a case not revoked yet; returns how many. */
  revokeCase(caseNumber: string, reason: string, at: number): number
  close(): void
}

const migrations = [
  `CREATE TABLE result_keys (
     public_key TEXT PRIMARY KEY,
     kid TEXT NOT NULL,
     private_sealed BLOB NOT NULL,
     not_before INTEGER NOT NULL,
     not_after INTEGER,
     revoked_at INTEGER
   );
   CREATE TABLE result_notices (
     case_number TEXT NOT NULL,
     notice_hash TEXT NOT NULL,
     kid TEXT NOT NULL,
     signed_at INTEGER NOT NULL,
     revoked_at INTEGER,
     revoke_reason TEXT,
     PRIMARY KEY (case_number, notice_hash)
   );`,
]

type Row = Record<string, unknown>
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v))
function buf(v: unknown): Buffer {
  if (v instanceof ArrayBuffer) return Buffer.from(v)
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength)
  throw new Error('expected a BLOB')
}

/**
 * The results database (SQLite, its own file in the centre's data folder, 0600 like the data
 * key file: it holds the sealed signing keys). `:memory:` for tests.
 */
export function openSqliteResultStore(path: string): ResultStore {
  const db = openDurableSqlite(path, migrations)
  if (path !== ':memory:' && process.platform !== 'win32') {
    for (const f of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(f)) chmodSync(f, 0o600)
  }
  const toKey = (r: Row): StoredKey => ({
    kid: String(r.kid),
    publicKey: String(r.public_key),
    privateSealed: buf(r.private_sealed),
    notBefore: Number(r.not_before),
    notAfter: num(r.not_after),
    revokedAt: num(r.revoked_at),
  })
  const toNotice = (r: Row): IssuedNotice => ({
    caseNumber: String(r.case_number),
    noticeHash: String(r.notice_hash),
    kid: String(r.kid),
    signedAt: Number(r.signed_at),
    revokedAt: num(r.revoked_at),
    revokeReason: r.revoke_reason === null ? null : String(r.revoke_reason),
  })
  return {
    keys: () =>
      (db.prepare('SELECT * FROM result_keys ORDER BY not_before, kid').all() as Row[]).map(toKey),
    addKey(key, at) {
      db.transaction(() => {
        db.prepare(
          'UPDATE result_keys SET not_after = ? WHERE not_after IS NULL AND revoked_at IS NULL',
        ).run(at)
        db.prepare(
          `INSERT INTO result_keys (public_key, kid, private_sealed, not_before, not_after, revoked_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        ).run(key.publicKey, key.kid, key.privateSealed, key.notBefore, key.notAfter, key.revokedAt)
      })()
    },
    revokeKey(kid, publicKey, at) {
      const r = db
        .prepare(
          'UPDATE result_keys SET revoked_at = ?, not_after = COALESCE(not_after, ?) WHERE kid = ? AND public_key = ? AND revoked_at IS NULL',
        )
        .run(at, at, kid, publicKey)
      return r.changes > 0
    },
    recordIssued(n) {
      db.prepare(
        `INSERT INTO result_notices (case_number, notice_hash, kid, signed_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (case_number, notice_hash) DO NOTHING`,
      ).run(n.caseNumber, n.noticeHash, n.kid, n.signedAt)
    },
    issued(caseNumber, noticeHash) {
      const r = db
        .prepare('SELECT * FROM result_notices WHERE case_number = ? AND notice_hash = ?')
        .get(caseNumber, noticeHash) as Row | undefined
      return r ? toNotice(r) : undefined
    },
    revokeCase(caseNumber, reason, at) {
      return db
        .prepare(
          'UPDATE result_notices SET revoked_at = ?, revoke_reason = ? WHERE case_number = ? AND revoked_at IS NULL',
        )
        .run(at, reason, caseNumber).changes
    },
    close: () => db.close(),
  }
}
