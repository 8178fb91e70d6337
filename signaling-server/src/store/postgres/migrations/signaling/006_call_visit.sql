-- The resident's visit a call was asked for in: a case view lists the calls of its
-- application's visit (docs/back-office.md).
ALTER TABLE calls ADD COLUMN visit_id TEXT;
CREATE INDEX calls_visit ON calls (terminal_id, visit_id) WHERE visit_id IS NOT NULL;
