-- Staged updates (docs/fleet.md): the rollouts of a kiosk version, and each terminal's way
-- through one (offered, started, succeeded or failed).
CREATE TABLE rollouts (
  id TEXT PRIMARY KEY,
  version TEXT NOT NULL,
  previous_version TEXT NOT NULL,
  pilot_halls TEXT NOT NULL,
  steps TEXT NOT NULL,
  stop_share DOUBLE PRECISION NOT NULL,
  state TEXT NOT NULL,
  rings_passed INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  halted_at BIGINT,
  halt_reason TEXT,
  resumed_at BIGINT,
  completed_at BIGINT
);
CREATE TABLE rollout_terminals (
  rollout_id TEXT NOT NULL REFERENCES rollouts(id),
  terminal_id TEXT NOT NULL,
  ring INTEGER NOT NULL,
  state TEXT NOT NULL,
  reason TEXT,
  offered_at BIGINT NOT NULL,
  baseline_self_test_at BIGINT,
  started_at BIGINT,
  healthy_since BIGINT,
  last_report_at BIGINT,
  decided_at BIGINT,
  PRIMARY KEY (rollout_id, terminal_id)
);
