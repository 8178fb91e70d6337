import type { CallRecord, TerminalRecord, UserRecord } from './types'

/** The signaling store's SQLite schema and row mapping (store/sqlite.ts uses them). */

export type Row = Record<string, unknown>

/** Ordered migrations; `PRAGMA user_version` holds how many have been applied. */
export const migrations: string[] = [
  `
  CREATE TABLE terminals (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    hall TEXT NOT NULL,
    credential_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
  );
  CREATE TABLE enrol_codes (
    code_hash TEXT PRIMARY KEY,
    hall TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    terminal_id TEXT
  );
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('clerk','supervisor','admin')),
    categories TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    -- Unused since failed logins are throttled in login-throttle.ts (by username and address);
    -- kept so that existing databases keep their schema.
    failed_count INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
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
    queued_at INTEGER NOT NULL,
    offered_at INTEGER,
    accepted_at INTEGER,
    connected_at INTEGER,
    ended_at INTEGER,
    outcome TEXT,
    notes TEXT,
    quality_terminal TEXT,
    quality_clerk TEXT
  );
  CREATE INDEX calls_open ON calls(state) WHERE state <> 'ended';
  CREATE INDEX calls_category_ended ON calls(category, ended_at);
  CREATE TABLE queue_entries (
    call_id TEXT PRIMARY KEY REFERENCES calls(id),
    masked_name TEXT,
    front INTEGER NOT NULL
  );
  `,
  `
  -- Staff management: an admin disables and re-enables accounts.
  ALTER TABLE users ADD COLUMN disabled_at INTEGER;
  `,
  `
  -- The technician role. SQLite cannot change a CHECK in place: users is rebuilt, and
  -- sessions with it (its foreign key must follow the new table; nobody is logged out).
  CREATE TABLE users_new (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('clerk','supervisor','admin','technician')),
    categories TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    failed_count INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER,
    created_at INTEGER NOT NULL,
    disabled_at INTEGER
  );
  INSERT INTO users_new (id, username, display_name, role, categories, password_hash,
    failed_count, locked_until, created_at, disabled_at)
    SELECT id, username, display_name, role, categories, password_hash,
      failed_count, locked_until, created_at, disabled_at FROM users;
  CREATE TABLE sessions_new (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users_new(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  INSERT INTO sessions_new SELECT token_hash, user_id, created_at, expires_at FROM sessions;
  DROP TABLE sessions;
  DROP TABLE users;
  ALTER TABLE users_new RENAME TO users;
  ALTER TABLE sessions_new RENAME TO sessions;
  `,
  `
  -- When a terminal's socket last closed, for the technicians' list of terminals.
  ALTER TABLE terminals ADD COLUMN last_seen_at INTEGER;
  `,
  `
  -- Terminals' health reports (docs/fleet.md): the latest per terminal, and a compact history.
  CREATE TABLE terminal_health (
    terminal_id TEXT PRIMARY KEY,
    received_at INTEGER NOT NULL,
    report TEXT NOT NULL
  );
  CREATE TABLE terminal_health_samples (
    terminal_id TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    report TEXT NOT NULL,
    PRIMARY KEY (terminal_id, received_at)
  );
  CREATE INDEX terminal_health_samples_age ON terminal_health_samples (received_at);
  `,
  `
  -- The resident's visit a call was asked for in: a case view lists the calls of its
  -- application's visit (docs/back-office.md).
  ALTER TABLE calls ADD COLUMN visit_id TEXT;
  CREATE INDEX calls_visit ON calls(terminal_id, visit_id) WHERE visit_id IS NOT NULL;
  `,
  `
  -- Co-service steps of a call (asked to see, consent given / refused / withdrawn), as JSON.
  ALTER TABLE calls ADD COLUMN co_service TEXT;
  `,
  `
  -- Staged updates (docs/fleet.md): the rollouts of a kiosk version, and each terminal's way
  -- through one (offered, started, succeeded or failed).
  CREATE TABLE rollouts (
    id TEXT PRIMARY KEY,
    version TEXT NOT NULL,
    previous_version TEXT NOT NULL,
    pilot_halls TEXT NOT NULL,
    steps TEXT NOT NULL,
    stop_share REAL NOT NULL,
    state TEXT NOT NULL,
    rings_passed INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    halted_at INTEGER,
    halt_reason TEXT,
    resumed_at INTEGER,
    completed_at INTEGER
  );
  CREATE TABLE rollout_terminals (
    rollout_id TEXT NOT NULL REFERENCES rollouts(id),
    terminal_id TEXT NOT NULL,
    ring INTEGER NOT NULL,
    state TEXT NOT NULL,
    reason TEXT,
    offered_at INTEGER NOT NULL,
    baseline_self_test_at INTEGER,
    started_at INTEGER,
    healthy_since INTEGER,
    last_report_at INTEGER,
    decided_at INTEGER,
    PRIMARY KEY (rollout_id, terminal_id)
  );
  -- Remote commands to terminals and what came of them (docs/fleet.md): also the audit.
  CREATE TABLE terminal_commands (
    id TEXT PRIMARY KEY,
    terminal_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    issued_by TEXT NOT NULL,
    issued_by_name TEXT NOT NULL,
    issued_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    state TEXT NOT NULL,
    delivered_at INTEGER,
    finished_at INTEGER,
    output TEXT,
    error TEXT
  );
  CREATE INDEX terminal_commands_terminal ON terminal_commands (terminal_id, issued_at);
  CREATE INDEX terminal_commands_issued ON terminal_commands (issued_at);
  CREATE INDEX terminal_commands_open ON terminal_commands (expires_at)
    WHERE state IN ('pending', 'delivered');
  -- 好差评 of video-help calls, one per call; read joined with the call's quality summaries.
  CREATE TABLE call_ratings (
    call_id TEXT PRIMARY KEY REFERENCES calls(id),
    rating_id TEXT NOT NULL UNIQUE,
    terminal_id TEXT NOT NULL,
    level TEXT NOT NULL,
    reasons TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at TEXT NOT NULL,
    received_at INTEGER NOT NULL
  );
  CREATE INDEX call_ratings_received ON call_ratings(received_at);
  `,
  `
  -- The fleet list, filtered and paged in SQL (store/fleet-query.ts): the facts its filters need
  -- kept beside each latest report, so no report is read to answer them. Filled for existing
  -- reports when the store opens (backfillHealthFacts).
  ALTER TABLE terminal_health ADD COLUMN printer_problem INTEGER;
  ALTER TABLE terminal_health ADD COLUMN paper_out INTEGER;
  ALTER TABLE terminal_health ADD COLUMN backlog_since INTEGER;
  ALTER TABLE terminal_health ADD COLUMN version_key TEXT;
  CREATE INDEX terminal_health_version ON terminal_health (version_key);
  CREATE INDEX terminals_by_hall ON terminals (hall, name, id);
  -- The few reports with a problem, for the alerts and the filters (usually none of 10,000).
  CREATE INDEX terminal_health_paper_out ON terminal_health (terminal_id) WHERE paper_out = 1;
  CREATE INDEX terminal_health_printer ON terminal_health (terminal_id) WHERE printer_problem = 1;
  CREATE INDEX terminal_health_backlog ON terminal_health (backlog_since)
    WHERE backlog_since IS NOT NULL;
  `,
]

export const callColumns = [
  'id',
  'terminal_id',
  'hall',
  'terminal_name',
  'category',
  'item_id',
  'item_title',
  'step_id',
  'step_label',
  'mode',
  'priority',
  'priority_reasons',
  'state',
  'end_reason',
  'clerk_id',
  'generation',
  'requeue_count',
  'queued_at',
  'offered_at',
  'accepted_at',
  'connected_at',
  'ended_at',
  'outcome',
  'notes',
  'quality_terminal',
  'quality_clerk',
  'visit_id',
  'co_service',
] as const

export function callToRow(c: CallRecord): unknown[] {
  return [
    c.id,
    c.terminalId,
    c.hall,
    c.terminalName,
    c.category,
    c.itemId,
    c.itemTitle,
    c.stepId,
    c.stepLabel,
    c.mode,
    c.priority,
    JSON.stringify(c.priorityReasons),
    c.state,
    c.endReason,
    c.clerkId,
    c.generation,
    c.requeueCount,
    c.queuedAt,
    c.offeredAt,
    c.acceptedAt,
    c.connectedAt,
    c.endedAt,
    c.outcome,
    c.notes,
    c.qualityTerminal ? JSON.stringify(c.qualityTerminal) : null,
    c.qualityClerk ? JSON.stringify(c.qualityClerk) : null,
    c.visitId,
    c.coService.length ? JSON.stringify(c.coService) : null,
  ]
}

export const num = (v: unknown): number => Number(v)
export const numOrNull = (v: unknown): number | null =>
  v === null || v === undefined ? null : Number(v)
const json = <T>(v: unknown): T | null => (typeof v === 'string' ? (JSON.parse(v) as T) : null)

export function rowToCall(r: Row): CallRecord {
  return {
    id: String(r.id),
    terminalId: String(r.terminal_id),
    hall: String(r.hall),
    terminalName: String(r.terminal_name),
    category: String(r.category),
    itemId: String(r.item_id),
    itemTitle: String(r.item_title),
    stepId: String(r.step_id),
    stepLabel: String(r.step_label),
    mode: r.mode as CallRecord['mode'],
    priority: num(r.priority),
    priorityReasons: json<CallRecord['priorityReasons']>(r.priority_reasons) ?? [],
    state: r.state as CallRecord['state'],
    endReason: (r.end_reason ?? null) as CallRecord['endReason'],
    clerkId: (r.clerk_id ?? null) as string | null,
    generation: num(r.generation),
    requeueCount: num(r.requeue_count),
    queuedAt: num(r.queued_at),
    offeredAt: numOrNull(r.offered_at),
    acceptedAt: numOrNull(r.accepted_at),
    connectedAt: numOrNull(r.connected_at),
    endedAt: numOrNull(r.ended_at),
    outcome: (r.outcome ?? null) as CallRecord['outcome'],
    notes: (r.notes ?? null) as string | null,
    qualityTerminal: json(r.quality_terminal),
    qualityClerk: json(r.quality_clerk),
    visitId: (r.visit_id ?? null) as string | null,
    coService: json<CallRecord['coService']>(r.co_service) ?? [],
  }
}

export function rowToUser(r: Row): UserRecord {
  return {
    id: String(r.id),
    username: String(r.username),
    displayName: String(r.display_name),
    role: r.role as UserRecord['role'],
    categories: json<string[]>(r.categories) ?? [],
    passwordHash: String(r.password_hash),
    createdAt: num(r.created_at),
    disabledAt: numOrNull(r.disabled_at),
  }
}

export const rowToTerminal = (r: Row): TerminalRecord => ({
  id: String(r.id),
  name: String(r.name),
  hall: String(r.hall),
  credentialHash: String(r.credential_hash),
  createdAt: num(r.created_at),
  revokedAt: numOrNull(r.revoked_at),
  lastSeenAt: numOrNull(r.last_seen_at),
})
