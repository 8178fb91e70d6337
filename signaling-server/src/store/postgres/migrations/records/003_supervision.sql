-- Supervision (signaling-server/src/supervision/), as SQLite's migration 4
-- (applications/sqlite-schema.ts): the 好差评 follow-up tasks with their event log (notes
-- sealed), the facts of each decision the statistics count, and the indexes the statistics'
-- ranges use (cases_application exists since 001). Booleans are 0/1 integers, so the
-- statistics' SQL is the same on both engines.

CREATE TABLE rating_followups (
  rating_id TEXT PRIMARY KEY REFERENCES ratings (id),
  case_number TEXT,
  opened_at BIGINT NOT NULL,
  due_on TEXT COLLATE "C" NOT NULL,
  status TEXT NOT NULL,
  upheld INTEGER,
  outcome TEXT,
  closed_at BIGINT,
  seq INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX rating_followups_due ON rating_followups (status, due_on, rating_id COLLATE "C");

CREATE TABLE followup_log (
  rating_id TEXT NOT NULL REFERENCES rating_followups (rating_id),
  seq INTEGER NOT NULL,
  at BIGINT NOT NULL,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  actor_name TEXT NOT NULL,
  type TEXT NOT NULL,
  sealed BYTEA NOT NULL,
  PRIMARY KEY (rating_id, seq)
);

CREATE TABLE case_decisions (
  case_number TEXT PRIMARY KEY REFERENCES cases (case_number),
  decision TEXT NOT NULL,
  decided_at BIGINT NOT NULL,
  decided_by TEXT NOT NULL,
  decided_by_name TEXT NOT NULL,
  working_days INTEGER NOT NULL,
  promised_met INTEGER NOT NULL,
  statutory_met INTEGER
);
CREATE INDEX case_decisions_at ON case_decisions (decided_at);
CREATE INDEX ratings_received ON ratings (received_at);
-- 我在办's count and page (cases/postgres-work.ts) range over the claim's holder.
CREATE INDEX cases_claims ON cases (claim_user, category_id, status, claim_until);
-- A supervisor's inbox and counts (every category): by status, in the inbox's order.
CREATE INDEX cases_status ON cases (status, sort_due, submitted_at, case_number COLLATE "C");
