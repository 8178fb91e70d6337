-- The fleet list, filtered and paged in SQL (store/fleet-query.ts): the facts its filters need
-- kept beside each latest report, so no report is read to answer them. Filled for existing
-- reports when the store opens (backfillHealthFacts).
ALTER TABLE terminal_health ADD COLUMN printer_problem INTEGER;
ALTER TABLE terminal_health ADD COLUMN paper_out INTEGER;
ALTER TABLE terminal_health ADD COLUMN backlog_since BIGINT;
ALTER TABLE terminal_health ADD COLUMN version_key TEXT COLLATE "C";
CREATE INDEX terminal_health_version ON terminal_health (version_key);
CREATE INDEX terminals_by_hall ON terminals (hall COLLATE "C", name COLLATE "C", id);
-- The few reports with a problem, for the alerts and the filters (usually none of 10,000).
CREATE INDEX terminal_health_paper_out ON terminal_health (terminal_id) WHERE paper_out = 1;
CREATE INDEX terminal_health_printer ON terminal_health (terminal_id) WHERE printer_problem = 1;
CREATE INDEX terminal_health_backlog ON terminal_health (backlog_since)
  WHERE backlog_since IS NOT NULL;
