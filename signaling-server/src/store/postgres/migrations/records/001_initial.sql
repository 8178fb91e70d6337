-- The applications database (applications/records.ts) on PostgreSQL, as the SQLite one
-- (applications/sqlite-schema.ts): in clear the ids, codes, case numbers, statuses, dates,
-- material ids and due dates, rating levels and reasons; every personal field arrives sealed
-- (AES-256-GCM) and is kept as BYTEA. Uniqueness under concurrent writers is the database's:
-- primary keys and unique constraints (application id, case number, receipt key, rating id)
-- and the per-day counter row.

CREATE TABLE applications (
  id TEXT PRIMARY KEY,
  terminal_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  code TEXT NOT NULL,
  catalog_version TEXT NOT NULL,
  case_number TEXT NOT NULL UNIQUE,
  applicant_key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  sealed BYTEA NOT NULL,
  -- What the kiosk was answered, as written (TEXT, not JSONB: a repeat gets it verbatim).
  confirmation TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  -- HMAC of the receipt's QR token; NULLs do not collide.
  receipt_key TEXT UNIQUE
);

CREATE TABLE material_pages (
  application_id TEXT NOT NULL REFERENCES applications (id),
  material_id TEXT NOT NULL,
  page INTEGER NOT NULL,
  media_type TEXT NOT NULL,
  sealed BYTEA NOT NULL,
  PRIMARY KEY (application_id, material_id, page)
);

CREATE TABLE cases (
  case_number TEXT PRIMARY KEY,
  -- The order cases were opened in (a bundle's parts), as SQLite's rowid.
  opened BIGINT GENERATED ALWAYS AS IDENTITY,
  application_id TEXT NOT NULL REFERENCES applications (id),
  item_code TEXT NOT NULL,
  item_name TEXT NOT NULL,
  applicant_key TEXT NOT NULL,
  status TEXT NOT NULL,
  note_sealed BYTEA,
  result_sealed BYTEA,
  submitted_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX cases_applicant ON cases (applicant_key, submitted_at);
CREATE INDEX cases_application ON cases (application_id, opened);

CREATE TABLE case_missing (
  case_number TEXT NOT NULL REFERENCES cases (case_number),
  material_id TEXT NOT NULL,
  name TEXT NOT NULL,
  due_date TEXT NOT NULL,
  received_at BIGINT,
  PRIMARY KEY (case_number, material_id)
);

CREATE TABLE case_events (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_number TEXT NOT NULL REFERENCES cases (case_number),
  at BIGINT NOT NULL,
  status TEXT NOT NULL,
  by_user TEXT,
  note_sealed BYTEA
);
CREATE INDEX case_events_case ON case_events (case_number, at);

-- One row per day of case numbers, incremented by INSERT … ON CONFLICT DO UPDATE … RETURNING.
CREATE TABLE case_counters (
  day TEXT PRIMARY KEY,
  n BIGINT NOT NULL
);

CREATE TABLE ratings (
  id TEXT PRIMARY KEY,
  terminal_id TEXT NOT NULL,
  subject_kind TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  level TEXT NOT NULL,
  reasons TEXT NOT NULL,
  comment_sealed BYTEA,
  fingerprint TEXT NOT NULL,
  created_at TEXT NOT NULL,
  received_at BIGINT NOT NULL
);
CREATE INDEX ratings_subject ON ratings (subject_kind, subject_id);
