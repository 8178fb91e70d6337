/**
 * The centre's applications database: a libsql SQLite file of its own (not the signaling
 * store's), so personal data can live on a different volume with its own backup and retention,
 * and the two schemas migrate independently. `PRAGMA user_version` counts applied migrations.
 *
 * In clear: ids, codes, case numbers, statuses, dates, material ids and due dates, rating
 * levels and reasons. Sealed (AES-256-GCM, AAD = row identity): the application (name, ID
 * number, form data, signature), every image, clerks' notes and results, rating comments. The
 * applicant's ID number is also kept as an HMAC for progress lookup. The sealing is done by
 * the services (cases.ts, ratings.ts); this store only sees sealed bytes.
 */
export const migrations: string[] = [
  `
  CREATE TABLE applications (
    id TEXT PRIMARY KEY,
    terminal_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    code TEXT NOT NULL,
    catalog_version TEXT NOT NULL,
    case_number TEXT NOT NULL UNIQUE,
    applicant_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    sealed BLOB NOT NULL,
    confirmation TEXT NOT NULL,
    received_at INTEGER NOT NULL
  );
  CREATE TABLE material_pages (
    application_id TEXT NOT NULL REFERENCES applications(id),
    material_id TEXT NOT NULL,
    page INTEGER NOT NULL,
    media_type TEXT NOT NULL,
    sealed BLOB NOT NULL,
    PRIMARY KEY (application_id, material_id, page)
  );
  CREATE TABLE cases (
    case_number TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications(id),
    item_code TEXT NOT NULL,
    item_name TEXT NOT NULL,
    applicant_key TEXT NOT NULL,
    status TEXT NOT NULL,
    note_sealed BLOB,
    result_sealed BLOB,
    submitted_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX cases_applicant ON cases(applicant_key, submitted_at);
  CREATE TABLE case_missing (
    case_number TEXT NOT NULL REFERENCES cases(case_number),
    material_id TEXT NOT NULL,
    name TEXT NOT NULL,
    due_date TEXT NOT NULL,
    received_at INTEGER,
    PRIMARY KEY (case_number, material_id)
  );
  CREATE TABLE case_events (
    case_number TEXT NOT NULL REFERENCES cases(case_number),
    at INTEGER NOT NULL,
    status TEXT NOT NULL,
    by_user TEXT,
    note_sealed BLOB
  );
  CREATE TABLE case_counters (day TEXT PRIMARY KEY, n INTEGER NOT NULL);
  CREATE TABLE ratings (
    id TEXT PRIMARY KEY,
    terminal_id TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    level TEXT NOT NULL,
    reasons TEXT NOT NULL,
    comment_sealed BLOB,
    fingerprint TEXT NOT NULL,
    created_at TEXT NOT NULL,
    received_at INTEGER NOT NULL
  );
  CREATE INDEX ratings_subject ON ratings(subject_kind, subject_id);
  `,
  // The receipt's QR key (kept as an HMAC, so the file holds no live link), for /p/{token}.
  `
  ALTER TABLE applications ADD COLUMN receipt_key TEXT;
  CREATE UNIQUE INDEX applications_receipt ON applications(receipt_key);
  `,
  // Back office (signaling-server/src/cases/): the case's index for the inbox (category, hall,
  // the earliest clock's last day as a sort key, the last event's number), claims as leases,
  // the event log (actions sealed: reasons carry free text) and the audit of personal reads.
  `
  ALTER TABLE cases ADD COLUMN category_id TEXT NOT NULL DEFAULT '';
  ALTER TABLE cases ADD COLUMN hall TEXT NOT NULL DEFAULT '';
  ALTER TABLE cases ADD COLUMN sort_due TEXT NOT NULL DEFAULT '9999-12-31';
  ALTER TABLE cases ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE cases ADD COLUMN deferred TEXT NOT NULL DEFAULT '[]';
  ALTER TABLE cases ADD COLUMN claim_user TEXT;
  ALTER TABLE cases ADD COLUMN claim_name TEXT;
  ALTER TABLE cases ADD COLUMN claim_until INTEGER;
  CREATE INDEX cases_inbox ON cases(category_id, status, sort_due, submitted_at, case_number);
  CREATE INDEX cases_sorted ON cases(sort_due, submitted_at, case_number);
  CREATE TABLE case_log (
    case_number TEXT NOT NULL REFERENCES cases(case_number),
    seq INTEGER NOT NULL,
    at INTEGER NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    actor_name TEXT,
    type TEXT NOT NULL,
    sealed BLOB NOT NULL,
    PRIMARY KEY (case_number, seq)
  );
  CREATE TABLE case_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    user_id TEXT NOT NULL,
    user_name TEXT NOT NULL,
    action TEXT NOT NULL,
    case_number TEXT,
    detail TEXT NOT NULL
  );
  `,
  // Supervision (signaling-server/src/supervision/): the 好差评 follow-up tasks with their
  // event log (notes sealed), the facts of each decision the statistics count, and the indexes
  // the statistics' joins and ranges use.
  `
  CREATE TABLE rating_followups (
    rating_id TEXT PRIMARY KEY REFERENCES ratings(id),
    case_number TEXT,
    opened_at INTEGER NOT NULL,
    due_on TEXT NOT NULL,
    status TEXT NOT NULL,
    upheld INTEGER,
    outcome TEXT,
    closed_at INTEGER,
    seq INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX rating_followups_due ON rating_followups(status, due_on, rating_id);
  CREATE TABLE followup_log (
    rating_id TEXT NOT NULL REFERENCES rating_followups(rating_id),
    seq INTEGER NOT NULL,
    at INTEGER NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    type TEXT NOT NULL,
    sealed BLOB NOT NULL,
    PRIMARY KEY (rating_id, seq)
  );
  CREATE TABLE case_decisions (
    case_number TEXT PRIMARY KEY REFERENCES cases(case_number),
    decision TEXT NOT NULL,
    decided_at INTEGER NOT NULL,
    decided_by TEXT NOT NULL,
    decided_by_name TEXT NOT NULL,
    working_days INTEGER NOT NULL,
    promised_met INTEGER NOT NULL,
    statutory_met INTEGER
  );
  CREATE INDEX case_decisions_at ON case_decisions(decided_at);
  CREATE INDEX cases_application ON cases(application_id);
  CREATE INDEX ratings_received ON ratings(received_at);
  CREATE INDEX cases_claims ON cases(claim_user, category_id, status, claim_until);
  CREATE INDEX cases_status ON cases(status, sort_due, submitted_at, case_number);
  `,
  // Catalog publishing (signaling-server/src/catalog/): every published version with who
  // published it when; the latest appended (highest seq) is the one in force.
  `
  CREATE TABLE catalog_versions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    version TEXT NOT NULL UNIQUE,
    published_at INTEGER NOT NULL,
    published_by TEXT NOT NULL,
    published_by_name TEXT NOT NULL,
    restored_from TEXT,
    entries INTEGER NOT NULL,
    body TEXT NOT NULL
  );
  `,
]
