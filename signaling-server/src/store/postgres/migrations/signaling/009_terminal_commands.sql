-- Remote commands to terminals and what came of them (docs/fleet.md): also the audit.
CREATE TABLE terminal_commands (
  id TEXT PRIMARY KEY,
  terminal_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  issued_by TEXT NOT NULL,
  issued_by_name TEXT NOT NULL,
  issued_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  state TEXT NOT NULL,
  delivered_at BIGINT,
  finished_at BIGINT,
  output TEXT,
  error TEXT
);
CREATE INDEX terminal_commands_terminal ON terminal_commands (terminal_id, issued_at);
CREATE INDEX terminal_commands_issued ON terminal_commands (issued_at);
CREATE INDEX terminal_commands_open ON terminal_commands (expires_at)
  WHERE state IN ('pending', 'delivered');
