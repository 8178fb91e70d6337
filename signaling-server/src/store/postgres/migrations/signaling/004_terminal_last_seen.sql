-- When a terminal's socket last closed, for the technicians' list of terminals.
ALTER TABLE terminals ADD COLUMN last_seen_at BIGINT;
