-- The fleet list, filtered and paged in SQL (store/fleet-query.ts): the facts its filters need
-- kept beside each latest report, so no report is read to answer them. Filled for existing
-- reports when the store opens (backfillHealthFacts).
ALTER TABLE terminal_health ADD COLUMN printer_problem INTEGER;
ALTER TABLE terminal_health ADD COLUMN paper_out INTEGER;
ALTER TABLE terminal_health ADD COLUMN backlog_since BIGINT;
ALTER TABLE terminal_health ADD COLUMN version_key TEXT COLLATE "C";
CREATE INDEX terminal_health_version ON terminal_health (version_key);
CREATE INDEX terminals_by_hall ON terminals (hall COLLATE "C", name COLLATE "C", id);
