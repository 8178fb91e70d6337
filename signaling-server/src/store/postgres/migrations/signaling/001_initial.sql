-- The signaling store (store/types.ts) on PostgreSQL: terminals and their one-time enrolment
-- codes, staff and sessions, call records and the queue snapshot. Times are epoch
-- milliseconds (BIGINT), as in the SQLite schema; JSON fields are TEXT, kept as written.

CREATE TABLE terminals (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  hall TEXT NOT NULL,
  credential_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);

CREATE TABLE enrol_codes (
  code_hash TEXT PRIMARY KEY,
  hall TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  -- Set once, by the one UPDATE … WHERE used_at IS NULL that wins.
  used_at BIGINT,
  terminal_id TEXT
);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'admin')),
  categories TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE calls (
  id TEXT PRIMARY KEY,
  terminal_id TEXT NOT NULL,
  hall TEXT NOT NULL,
  terminal_name TEXT NOT NULL,
  category TEXT NOT NULL,
  item_id TEXT NOT NULL,
  item_title TEXT NOT NULL,
  step_id TEXT NOT NULL,
  step_label TEXT NOT NULL,
  mode TEXT NOT NULL,
  priority INTEGER NOT NULL,
  priority_reasons TEXT NOT NULL,
  state TEXT NOT NULL,
  end_reason TEXT,
  clerk_id TEXT,
  generation INTEGER NOT NULL,
  requeue_count INTEGER NOT NULL,
  queued_at BIGINT NOT NULL,
  offered_at BIGINT,
  accepted_at BIGINT,
  connected_at BIGINT,
  ended_at BIGINT,
  outcome TEXT,
  notes TEXT,
  quality_terminal TEXT,
  quality_clerk TEXT
);
CREATE INDEX calls_open ON calls (queued_at) WHERE state <> 'ended';
CREATE INDEX calls_category_ended ON calls (category, ended_at);

-- Live queue data (the masked name), deleted when the call leaves the queue.
CREATE TABLE queue_entries (
  call_id TEXT PRIMARY KEY REFERENCES calls (id),
  masked_name TEXT,
  front BOOLEAN NOT NULL
);
