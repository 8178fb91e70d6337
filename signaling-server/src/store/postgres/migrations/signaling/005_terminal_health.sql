-- Terminals' health reports (docs/fleet.md): the latest per terminal, and a compact history.
CREATE TABLE terminal_health (
  terminal_id TEXT PRIMARY KEY,
  received_at BIGINT NOT NULL,
  report TEXT NOT NULL
);
CREATE TABLE terminal_health_samples (
  terminal_id TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  report TEXT NOT NULL,
  PRIMARY KEY (terminal_id, received_at)
);
CREATE INDEX terminal_health_samples_age ON terminal_health_samples (received_at);
