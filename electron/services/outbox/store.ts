import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'libsql'

type Db = InstanceType<typeof Database>

/** The first column of the first row. (libsql 0.5's `pluck()` still returns whole rows.) */
function scalar(db: Db, sql: string, ...params: unknown[]): unknown {
  const row = db
    .prepare(sql)
    .raw()
    .get(...params) as unknown[] | undefined
  return row?.[0]
}

/** One outbox row. Only `payload` holds personal data, and only sealed. */
export interface OutboxRow {
  id: string
  code: string
  state: 'waiting' | 'confirmed' | 'failed'
  attempts: number
  next_attempt_at: number | null
  last_error: string | null
  payload: Buffer | null
  deferred: string
  case_number: string | null
  progress_url: string | null
  /** JSON: a bundle's part cases `[{ itemCode, caseNumber }]` once confirmed. */
  cases: string
  created_at: string
  confirmed_at: string | null
}

const migrations = [
  `CREATE TABLE applications (
     id TEXT PRIMARY KEY,
     code TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('waiting', 'confirmed', 'failed')),
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at INTEGER,
     last_error TEXT,
     payload BLOB,
     deferred TEXT NOT NULL,
     case_number TEXT,
     progress_url TEXT,
     created_at TEXT NOT NULL,
     confirmed_at TEXT,
     created_ms INTEGER NOT NULL
   );
   CREATE INDEX applications_due ON applications (state, next_attempt_at);`,
  // A bundle's receipt lists each part's case (not personal).
  `ALTER TABLE applications ADD COLUMN cases TEXT NOT NULL DEFAULT '[]';`,
]

/**
 * The outbox table in a local SQLite file (libsql). WAL with synchronous=FULL: every commit
 * fsyncs the WAL, so a row reported as written survives a power cut, not only a crash
 * (synchronous=NORMAL in WAL mode may lose the last commits on power loss). secure_delete
 * zeroes freed pages, so purged payloads do not linger in the file.
 */
export class OutboxStore {
  private readonly db: Db

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
    this.db = new Database(path)
    // First, so that switching to WAL waits for another owner instead of failing as locked.
    this.db.pragma('busy_timeout = 5000')
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = FULL')
    this.db.pragma('secure_delete = ON')
    const version = Number(scalar(this.db, 'PRAGMA user_version'))
    for (let i = version; i < migrations.length; i++) {
      this.db.transaction(() => {
        this.db.exec(migrations[i] as string)
        this.db.pragma(`user_version = ${i + 1}`)
      })()
    }
  }

  /** The settings in force, for the health screen and the durability test. */
  settings(): { journalMode: string; synchronous: number; secureDelete: number } {
    return {
      journalMode: String(scalar(this.db, 'PRAGMA journal_mode')),
      synchronous: Number(scalar(this.db, 'PRAGMA synchronous')),
      secureDelete: Number(scalar(this.db, 'PRAGMA secure_delete')),
    }
  }

  /** Inserts unless the id exists; returns whether it inserted. */
  insert(
    row: Omit<OutboxRow, 'confirmed_at' | 'case_number' | 'progress_url' | 'last_error' | 'cases'>,
    createdMs: number,
  ): boolean {
    const result = this.db
      .prepare(
        `INSERT INTO applications (id, code, state, attempts, next_attempt_at, payload, deferred, created_at, created_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      )
      .run(
        row.id,
        row.code,
        row.state,
        row.attempts,
        row.next_attempt_at,
        row.payload,
        row.deferred,
        row.created_at,
        createdMs,
      )
    return result.changes === 1
  }

  get(id: string): OutboxRow | undefined {
    return this.db.prepare('SELECT * FROM applications WHERE id = ?').get(id) as
      OutboxRow | undefined
  }

  list(): OutboxRow[] {
    return this.db
      .prepare('SELECT * FROM applications ORDER BY created_ms, id')
      .all() as OutboxRow[]
  }

  /** The oldest waiting row due at `now`, else the earliest future due time. */
  nextDue(now: number): { due?: OutboxRow; nextAt?: number } {
    const due = this.db
      .prepare(
        `SELECT * FROM applications WHERE state = 'waiting' AND next_attempt_at <= ?
         ORDER BY next_attempt_at, created_ms LIMIT 1`,
      )
      .get(now) as OutboxRow | undefined
    if (due) return { due }
    const next = scalar(
      this.db,
      `SELECT MIN(next_attempt_at) FROM applications WHERE state = 'waiting'`,
    ) as number | null
    return next === null ? {} : { nextAt: next }
  }

  recordRetry(id: string, attempts: number, nextAt: number, error: string): void {
    this.db
      .prepare(
        `UPDATE applications SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ? AND state = 'waiting'`,
      )
      .run(attempts, nextAt, error, id)
  }

  recordFailure(id: string, attempts: number, error: string): void {
    this.db
      .prepare(
        `UPDATE applications SET state = 'failed', attempts = ?, next_attempt_at = NULL, last_error = ? WHERE id = ?`,
      )
      .run(attempts, error, id)
  }

  /** Marks a row confirmed and drops its personal payload in the same transaction. */
  recordConfirmed(
    id: string,
    attempts: number,
    caseNumber: string,
    progressUrl: string,
    confirmedAt: string,
    cases: { itemCode: string; caseNumber: string }[] = [],
  ): void {
    this.db
      .prepare(
        `UPDATE applications SET state = 'confirmed', attempts = ?, next_attempt_at = NULL, last_error = NULL,
           payload = NULL, case_number = ?, progress_url = ?, confirmed_at = ?, cases = ? WHERE id = ?`,
      )
      .run(attempts, caseNumber, progressUrl, confirmedAt, JSON.stringify(cases), id)
    // Move the zeroed pages out of the WAL into the main file and truncate the WAL, so no copy of
    // the sealed payload stays in the -wal file either.
    this.db.pragma('wal_checkpoint(TRUNCATE)')
  }

  /** Makes every waiting row due now (the network came back, or a technician asked). */
  makeAllDue(now: number): void {
    this.db.prepare(`UPDATE applications SET next_attempt_at = ? WHERE state = 'waiting'`).run(now)
  }

  /** Deletes confirmed rows (already without personal data) older than `beforeMs`. */
  pruneConfirmed(beforeMs: number): number {
    return this.db
      .prepare(`DELETE FROM applications WHERE state = 'confirmed' AND created_ms < ?`)
      .run(beforeMs).changes
  }

  close(): void {
    this.db.close()
  }
}
