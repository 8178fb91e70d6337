import { openDurableSqlite, sqliteScalar as scalar, type Db } from '../../../node-common/sqlite'

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
  // 好差评 given at the kiosk, queued like applications (one per rated application).
  `CREATE TABLE ratings (
     id TEXT PRIMARY KEY,
     subject_id TEXT NOT NULL UNIQUE,
     state TEXT NOT NULL CHECK (state IN ('waiting', 'confirmed', 'failed')),
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at INTEGER,
     last_error TEXT,
     payload BLOB,
     created_ms INTEGER NOT NULL
   );
   CREATE INDEX ratings_due ON ratings (state, next_attempt_at);`,
  // Receipts waiting for the printer (docs/printer.md): the sealed ESC/POS bytes, until printed.
  `CREATE TABLE print_jobs (
     id TEXT PRIMARY KEY,
     label TEXT NOT NULL,
     state TEXT NOT NULL,
     attempts INTEGER NOT NULL,
     created_at TEXT NOT NULL,
     interrupted_by TEXT,
     payload BLOB NOT NULL,
     seq INTEGER NOT NULL
   );`,
  // A bundle's receipt lists each part's case (not personal).
  `ALTER TABLE applications ADD COLUMN cases TEXT NOT NULL DEFAULT '[]';`,
  // 补交: pages for a case's missing material, queued like applications (docs/kiosk.md).
  `CREATE TABLE supplies (
     id TEXT PRIMARY KEY,
     case_number TEXT NOT NULL,
     material_id TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('waiting', 'confirmed', 'failed')),
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at INTEGER,
     last_error TEXT,
     payload BLOB,
     status_after TEXT,
     created_ms INTEGER NOT NULL
   );
   CREATE INDEX supplies_due ON supplies (state, next_attempt_at);`,
]

/** One queued 补交. Only `payload` (sealed: the ID number and the pages) is personal. */
export interface SupplyRow {
  id: string
  case_number: string
  material_id: string
  state: 'waiting' | 'confirmed' | 'failed'
  attempts: number
  next_attempt_at: number | null
  last_error: string | null
  payload: Buffer | null
  /** The case's status the centre answered (e.g. received: back in the clerk's queue). */
  status_after: string | null
  created_ms: number
}

/** One queued rating. Only `payload` (sealed) holds the rating itself. */
export interface RatingRow {
  id: string
  subject_id: string
  state: 'waiting' | 'confirmed' | 'failed'
  attempts: number
  next_attempt_at: number | null
  last_error: string | null
  payload: Buffer | null
  created_ms: number
}

/** One print job not yet printed; `payload` is the sealed ESC/POS bytes. */
export interface PrintJobRow {
  id: string
  label: string
  state: string
  attempts: number
  created_at: string
  interrupted_by: string | null
  payload: Buffer
  seq: number
}

/**
 * The outbox table in a local SQLite file (libsql). WAL with synchronous=FULL: every commit
 * fsyncs the WAL, so a row reported as written survives a power cut, not only a crash
 * (synchronous=NORMAL in WAL mode may lose the last commits on power loss). secure_delete
 * zeroes freed pages, so purged payloads do not linger in the file.
 */
export class OutboxStore {
  private readonly db: Db

  constructor(path: string) {
    this.db = openDurableSqlite(path, migrations, { secureDelete: true })
  }

  /** The settings in force, for the health screen and the durability test. */
  /** How many applications, ratings and 补交 wait to be sent, and when the oldest was stored. */
  backlog(): { waiting: number; oldestCreatedMs: number | null } {
    const r = this.db
      .prepare(
        `SELECT COUNT(*) AS n, MIN(created_ms) AS oldest FROM (
           SELECT created_ms FROM applications WHERE state = 'waiting'
           UNION ALL SELECT created_ms FROM ratings WHERE state = 'waiting'
           UNION ALL SELECT created_ms FROM supplies WHERE state = 'waiting')`,
      )
      .get() as { n: number; oldest: number | null }
    return { waiting: Number(r.n), oldestCreatedMs: r.oldest === null ? null : Number(r.oldest) }
  }

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
    return this.nextDueIn<OutboxRow>('applications', now)
  }

  /** One queue's next due row: applications and ratings wait and retry alike. */
  private nextDueIn<T>(
    table: 'applications' | 'ratings' | 'supplies',
    now: number,
  ): { due?: T; nextAt?: number } {
    const due = this.db
      .prepare(
        `SELECT * FROM ${table} WHERE state = 'waiting' AND next_attempt_at <= ?
         ORDER BY next_attempt_at, created_ms LIMIT 1`,
      )
      .get(now) as T | undefined
    if (due) return { due }
    const next = scalar(
      this.db,
      `SELECT MIN(next_attempt_at) FROM ${table} WHERE state = 'waiting'`,
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
    this.db.prepare(`UPDATE ratings SET next_attempt_at = ? WHERE state = 'waiting'`).run(now)
    this.db.prepare(`UPDATE supplies SET next_attempt_at = ? WHERE state = 'waiting'`).run(now)
  }

  // ---- supplies (补交) ----

  /** Inserts unless the id is there already; returns whether it inserted. */
  insertSupply(
    row: { id: string; caseNumber: string; materialId: string; payload: Buffer },
    now: number,
  ): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO supplies (id, case_number, material_id, state, attempts, next_attempt_at,
             payload, created_ms)
           VALUES (?, ?, ?, 'waiting', 0, ?, ?, ?) ON CONFLICT DO NOTHING`,
        )
        .run(row.id, row.caseNumber, row.materialId, now, row.payload, now).changes === 1
    )
  }

  getSupply(id: string): SupplyRow | undefined {
    return this.db.prepare('SELECT * FROM supplies WHERE id = ?').get(id) as SupplyRow | undefined
  }

  listSupplies(): SupplyRow[] {
    return this.db.prepare('SELECT * FROM supplies ORDER BY created_ms, id').all() as SupplyRow[]
  }

  nextDueSupply(now: number): { due?: SupplyRow; nextAt?: number } {
    return this.nextDueIn<SupplyRow>('supplies', now)
  }

  /** Records one attempt's outcome; a confirmed supply drops its pages (WAL included). */
  recordSupply(
    id: string,
    attempts: number,
    outcome:
      | { state: 'waiting'; nextAt: number; error: string }
      | { state: 'confirmed'; statusAfter: string }
      | { state: 'failed'; error: string },
  ): void {
    if (outcome.state === 'waiting') {
      this.db
        .prepare(
          `UPDATE supplies SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?`,
        )
        .run(attempts, outcome.nextAt, outcome.error, id)
      return
    }
    if (outcome.state === 'failed') {
      this.db
        .prepare(
          `UPDATE supplies SET state = 'failed', attempts = ?, next_attempt_at = NULL,
             last_error = ? WHERE id = ?`,
        )
        .run(attempts, outcome.error, id)
      return
    }
    this.db
      .prepare(
        `UPDATE supplies SET state = 'confirmed', attempts = ?, next_attempt_at = NULL,
           last_error = NULL, payload = NULL, status_after = ? WHERE id = ?`,
      )
      .run(attempts, outcome.statusAfter, id)
    this.db.pragma('wal_checkpoint(TRUNCATE)')
  }

  // ---- ratings ----

  /** Inserts unless the id or the rated subject is there already; returns whether it inserted. */
  insertRating(id: string, subjectId: string, payload: Buffer, now: number): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO ratings (id, subject_id, state, attempts, next_attempt_at, payload, created_ms)
           VALUES (?, ?, 'waiting', 0, ?, ?, ?) ON CONFLICT DO NOTHING`,
        )
        .run(id, subjectId, now, payload, now).changes === 1
    )
  }

  getRating(id: string): RatingRow | undefined {
    return this.db.prepare('SELECT * FROM ratings WHERE id = ?').get(id) as RatingRow | undefined
  }

  ratingFor(subjectId: string): RatingRow | undefined {
    return this.db.prepare('SELECT * FROM ratings WHERE subject_id = ?').get(subjectId) as
      RatingRow | undefined
  }

  /** The oldest waiting rating due at `now`, else the earliest future due time. */
  nextDueRating(now: number): { due?: RatingRow; nextAt?: number } {
    return this.nextDueIn<RatingRow>('ratings', now)
  }

  /** Records one attempt's outcome; a confirmed or failed rating keeps no payload it needs. */
  recordRating(
    id: string,
    attempts: number,
    outcome:
      | { state: 'waiting'; nextAt: number; error: string }
      | { state: 'confirmed' | 'failed'; error?: string },
  ): void {
    if (outcome.state === 'waiting') {
      this.db
        .prepare(
          `UPDATE ratings SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?`,
        )
        .run(attempts, outcome.nextAt, outcome.error, id)
      return
    }
    this.db
      .prepare(
        `UPDATE ratings SET state = ?, attempts = ?, next_attempt_at = NULL, last_error = ?,
           payload = CASE WHEN ? = 'confirmed' THEN NULL ELSE payload END WHERE id = ?`,
      )
      .run(outcome.state, attempts, outcome.error ?? null, outcome.state, id)
  }

  // ---- print jobs ----

  insertPrintJob(row: Omit<PrintJobRow, 'seq'>): void {
    this.db
      .prepare(
        `INSERT INTO print_jobs (id, label, state, attempts, created_at, interrupted_by, payload, seq)
         VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM print_jobs))`,
      )
      .run(
        row.id,
        row.label,
        row.state,
        row.attempts,
        row.created_at,
        row.interrupted_by,
        row.payload,
      )
  }

  updatePrintJob(id: string, state: string, attempts: number, interruptedBy: string | null): void {
    this.db
      .prepare(`UPDATE print_jobs SET state = ?, attempts = ?, interrupted_by = ? WHERE id = ?`)
      .run(state, attempts, interruptedBy, id)
  }

  /** A printed job is deleted (its bytes hold the resident's masked name), WAL included. */
  deletePrintJob(id: string): void {
    this.db.prepare(`DELETE FROM print_jobs WHERE id = ?`).run(id)
    this.db.pragma('wal_checkpoint(TRUNCATE)')
  }

  printJobs(): PrintJobRow[] {
    return this.db.prepare('SELECT * FROM print_jobs ORDER BY seq').all() as PrintJobRow[]
  }

  /** Deletes confirmed rows (already without personal data) older than `beforeMs`. */
  pruneConfirmed(beforeMs: number): number {
    this.db
      .prepare(`DELETE FROM ratings WHERE state = 'confirmed' AND created_ms < ?`)
      .run(beforeMs)
    this.db
      .prepare(`DELETE FROM supplies WHERE state = 'confirmed' AND created_ms < ?`)
      .run(beforeMs)
    return this.db
      .prepare(`DELETE FROM applications WHERE state = 'confirmed' AND created_ms < ?`)
      .run(beforeMs).changes
  }

  close(): void {
    this.db.close()
  }
}
