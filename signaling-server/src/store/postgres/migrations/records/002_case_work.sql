-- Back office (signaling-server/src/cases/), as SQLite's migration 3
-- (applications/sqlite-schema.ts): the case's index for the inbox (category, hall, the earliest
-- clock's last day as a sort key, the last event's number), claims as leases, the event log
-- (actions sealed: reasons carry free text) and the audit of personal reads.
-- sort_due is COLLATE "C": the inbox pages on it bytewise, as SQLite compares TEXT.

ALTER TABLE cases ADD COLUMN category_id TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN hall TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN sort_due TEXT COLLATE "C" NOT NULL DEFAULT '9999-12-31';
ALTER TABLE cases ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN deferred TEXT NOT NULL DEFAULT '[]';
ALTER TABLE cases ADD COLUMN claim_user TEXT;
ALTER TABLE cases ADD COLUMN claim_name TEXT;
ALTER TABLE cases ADD COLUMN claim_until BIGINT;
CREATE INDEX cases_inbox
  ON cases (category_id, status, sort_due, submitted_at, case_number COLLATE "C");
CREATE INDEX cases_sorted ON cases (sort_due, submitted_at, case_number COLLATE "C");

-- One row per event after the submission; the primary key is what makes the append a
-- compare-and-set between nodes: two writers of the same (case, seq) cannot both commit.
CREATE TABLE case_log (
  case_number TEXT NOT NULL REFERENCES cases (case_number),
  seq INTEGER NOT NULL,
  at BIGINT NOT NULL,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  actor_kind TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  actor_name TEXT,
  type TEXT NOT NULL,
  sealed BYTEA NOT NULL,
  PRIMARY KEY (case_number, seq)
);

CREATE TABLE case_audit (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at BIGINT NOT NULL,
  user_id TEXT NOT NULL,
  user_name TEXT NOT NULL,
  action TEXT NOT NULL,
  case_number TEXT,
  detail TEXT NOT NULL
);
