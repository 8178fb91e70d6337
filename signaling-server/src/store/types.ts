import type {
  CallMode,
  CallState,
  EndReason,
  Outcome,
  PriorityReason,
  QualitySummary,
  StaffRole,
} from '../../../common/signaling'
import type { z } from 'zod'
import type { HealthReport } from '../../../common/signaling/health'
import type { FleetFilter } from '../../../common/signaling/terminal-admin'
import type { RolloutRecord, RolloutTerminalRecord } from '../fleet/rollout-machine'
import type { CommandKind, CommandOutput, CommandState } from '../../../common/signaling/commands'
import type { CallRatingStore } from './call-ratings'

export interface TerminalRecord {
  id: string
  name: string
  hall: string
  credentialHash: string
  createdAt: number
  revokedAt: number | null
  /** When its last socket closed (epoch ms); null if it never connected since this was kept. */
  lastSeenAt: number | null
}

export interface EnrolCodeRecord {
  codeHash: string
  hall: string
  createdAt: number
  expiresAt: number
  usedAt: number | null
  terminalId: string | null
}

export interface UserRecord {
  id: string
  username: string
  displayName: string
  role: StaffRole
  categories: string[]
  passwordHash: string
  createdAt: number
  /** Set while an admin has disabled the account: no login, no session. */
  disabledAt: number | null
}

export interface SessionRecord {
  tokenHash: string
  userId: string
  createdAt: number
  expiresAt: number
}

/** The durable record of one resident's request for video help, from joining to the end. */
export interface CallRecord {
  id: string
  terminalId: string
  hall: string
  terminalName: string
  category: string
  itemId: string
  itemTitle: string
  stepId: string
  stepLabel: string
  mode: z.infer<typeof CallMode>
  priority: number
  priorityReasons: PriorityReason[]
  state: CallState
  endReason: EndReason | null
  clerkId: string | null
  generation: number
  requeueCount: number
  queuedAt: number
  offeredAt: number | null
  acceptedAt: number | null
  connectedAt: number | null
  endedAt: number | null
  outcome: Outcome | null
  notes: string | null
  qualityTerminal: QualitySummary | null
  qualityClerk: QualitySummary | null
  /** The resident's visit at the kiosk the call was asked for in (links it to cases); null when the kiosk sent none. */
  visitId: string | null
  /** Co-service steps of the call, in order: who asked to see, what the resident decided. */
  coService: CoServiceEventRecord[]
}

/** One co-service step as recorded with the call (never any form data). */
export interface CoServiceEventRecord {
  at: number
  kind:
    | 'action'
    | 'outcome'
    | 'requested'
    | 'granted'
    | 'declined'
    | 'withdrawn'
    | 'ended'
    // Identity checked by video (realtime/identity-check.ts): sent by the clerk, the resident's answer.
    | 'identity-sent'
    | 'identity-confirmed'
    | 'identity-rejected'
  /** The clerk of the call at that moment. */
  clerkId: string | null
  /** `action` and `outcome`: which action (its id and kind), and what became of it. */
  actionId?: string
  action?: string
  outcome?: string
  reason?: string
}

/** Live queue data that must not outlive the queue: deleted when the call ends. */
export interface QueueEntryRecord {
  callId: string
  maskedName: string | null
  front: boolean
}

/** One finished conversation's talk time, for the wait estimate (realtime/handle-times.ts). */
export interface TalkRecord {
  callId: string
  connectedAt: number
  endedAt: number
}

/*
 * The signaling server's persistence, one async interface per aggregate. The stores only store
 * and fetch; rules (who may redeem a code, session expiry, the call state machine) live in the
 * modules that use them (auth.ts, realtime/). Every implementation must pass the contract suite
 * in tests/integration/stores/. SQLite (store/sqlite.ts) is the embedded default; the choice is
 * made once, in store/open.ts.
 */

/** Kiosks and their one-time enrolment codes. */
export interface TerminalStore {
  createEnrolCode(rec: EnrolCodeRecord): Promise<void>
  getEnrolCode(codeHash: string): Promise<EnrolCodeRecord | null>
  /**
   * Atomically: marks the code used by `terminal` and inserts the terminal, only if the code
   * exists and is still unused; false otherwise (another redeemer won).
   */
  claimEnrolCode(codeHash: string, usedAt: number, terminal: TerminalRecord): Promise<boolean>
  getTerminal(id: string): Promise<TerminalRecord | null>
  /** Every terminal, revoked ones too, by hall and name. */
  listTerminals(): Promise<TerminalRecord[]>
  /** Marks the terminal revoked (once: a second revoke keeps the first time); false if unknown. */
  revokeTerminal(id: string, at: number): Promise<boolean>
  /** The terminal's socket closed at `at` (shown as "last seen" while it is offline). */
  markTerminalSeen(id: string, at: number): Promise<void>
}

/** Staff accounts and their login sessions. */
export interface StaffStore {
  insertUser(user: UserRecord): Promise<void>
  getUserByUsername(username: string): Promise<UserRecord | null>
  getUser(id: string): Promise<UserRecord | null>
  /** Every account, by username. */
  listUsers(): Promise<UserRecord[]>
  /** Replaces the account's fields (not its id, username or creation); false if it is unknown. */
  updateUser(user: UserRecord): Promise<boolean>
  countUsers(): Promise<number>
  insertSession(s: SessionRecord): Promise<void>
  getSession(tokenHash: string): Promise<SessionRecord | null>
  deleteExpiredSessions(now: number): Promise<void>
  /** Ends every session of the account (disabled, password reset). */
  deleteSessionsOfUser(userId: string): Promise<void>
}

/**
 * Call records. The realtime engine keeps its state in memory and writes through (write-behind):
 * writes are applied in the order they are called, without the caller awaiting one before the
 * next, and a read started after a write's promise resolved sees it. An implementation may
 * commit them in groups (SQLite does, see store/sqlite-writer.ts); it never reorders them.
 */
export interface CallStore {
  /** Inserts or replaces the record with this id. */
  saveCall(call: CallRecord): Promise<void>
  getCall(id: string): Promise<CallRecord | null>
  /** Every call not ended, oldest first (`queuedAt`). */
  listOpenCalls(): Promise<CallRecord[]>
  /**
   * The calls of a category that ended at or after `since` (epoch ms), earliest end first: a
   * restarted counter (or a cluster's new owner) still knows a kiosk's call that just ended.
   */
  endedCallsSince(category: string, since: number): Promise<CallRecord[]>
  /** The last `n` calls of a category that were connected and have ended, latest first. */
  recentTalks(category: string, n: number): Promise<TalkRecord[]>
  /** The calls a terminal asked for during one resident visit, oldest first (`queuedAt`). */
  callsOfVisit(terminalId: string, visitId: string): Promise<CallRecord[]>
  /**
   * A cluster's new counter owner fences the call and queue writes (PostgreSQL only): the
   * database's fencing token goes up by one, and from then on this store's call and queue writes
   * apply only while the token is still theirs, so a deposed owner's late writes are refused.
   * Returns the token.
   */
  fenceCounterWrites?(): Promise<number>
}

/**
 * The queue snapshot: one entry per waiting call (its masked name, whether it goes to the front),
 * restored after a restart. Same write ordering as `CallStore`; an entry is saved after the call
 * it names.
 */
export interface QueueStore {
  saveQueueEntry(entry: QueueEntryRecord): Promise<void>
  /** Ends the call's presence in the queue: the entry (masked name) is deleted. */
  deleteQueueEntry(callId: string): Promise<void>
  listQueueEntries(): Promise<QueueEntryRecord[]>
}

/** One health report of a terminal as the centre received it (common/signaling/health.ts). */
export interface HealthRecord {
  terminalId: string
  receivedAt: number
  report: HealthReport
}

/**
 * Terminals' health (docs/fleet.md): the latest report of each, and a compact history whose
 * sampling (one per terminal per 10 minutes) and pruning (after 7 days) realtime/health.ts decides.
 */
/**
 * What the fleet list asks (docs/fleet.md): terminals matching every condition (revoked ones
 * left out once there is one), of a hall, whose name contains `search`, one page by hall and
 * name. `online`: the ids with a socket now (held by the nodes, not the database).
 */
export type FleetCondition = FleetFilter | 'paper-out'
export interface FleetScope {
  now: number
  online: readonly string[]
  hall?: string
  search?: string
}
export interface FleetQuery extends FleetScope {
  conditions: readonly FleetCondition[]
  offset: number
  limit: number
}
export interface FleetRow {
  terminal: TerminalRecord
  health: HealthRecord | null
}

export interface HealthStore {
  /** Replaces the terminal's latest report. */
  putLatestHealth(rec: HealthRecord): Promise<void>
  /** The latest report of every terminal that sent one. */
  listLatestHealth(): Promise<HealthRecord[]>
  /** The terminal's latest report; null if it never sent one. */
  getLatestHealth(terminalId: string): Promise<HealthRecord | null>
  /**
   * One page of the fleet list and how many match in all. Answered from columns kept beside
   * each latest report (store/fleet-query.ts), never by reading every report.
   */
  listFleet(q: FleetQuery): Promise<FleetRow[]>
  /** How many terminals match the query's conditions, hall and search (its pages together). */
  countMatching(q: FleetScope & { conditions: readonly FleetCondition[] }): Promise<number>
  /** How many terminals of the scope match each condition alone; `all` counts revoked ones too. */
  countFleet(scope: FleetScope): Promise<Record<FleetCondition | 'all', number>>
  /** Every hall with a terminal, in order. */
  listHalls(): Promise<string[]>
  /** Adds a history sample (a second one at the same instant is ignored). */
  addHealthSample(rec: HealthRecord): Promise<void>
  /** The terminal's samples received at or after `since`, oldest first. */
  listHealthSamples(terminalId: string, since: number): Promise<HealthRecord[]>
  /** Deletes every sample received before `before`. */
  pruneHealthSamples(before: number): Promise<void>
  /**
   * Both of the above for many terminals at once, as one write (one commit on SQLite): the
   * latest reports replace each terminal's, the samples are added as `addHealthSample` does.
   */
  writeHealth(batch: { latest: HealthRecord[]; samples: HealthRecord[] }): Promise<void>
}

/** A remote command to a terminal and what came of it (common/signaling/commands.ts): the audit. */
export interface CommandRecord {
  id: string
  terminalId: string
  kind: CommandKind
  /** The staff account that issued it, and its display name then. */
  issuedBy: string
  issuedByName: string
  issuedAt: number
  expiresAt: number
  /** As stored: `expired` once `expireCommands` has run past `expiresAt`. */
  state: CommandState
  deliveredAt: number | null
  finishedAt: number | null
  output: CommandOutput | null
  error: string | null
}

/**
 * Remote commands (realtime/commands.ts decides delivery and expiry). Transitions happen only
 * from the states they name, so a late or repeated result cannot overwrite a finished command.
 */
export interface CommandStore {
  insertCommand(rec: CommandRecord): Promise<void>
  getCommand(id: string): Promise<CommandRecord | null>
  /** The terminal's pending or delivered commands expiring after `now`, oldest first. */
  openCommandsOf(terminalId: string, now: number): Promise<CommandRecord[]>
  /** pending → delivered; false otherwise. */
  markCommandDelivered(id: string, at: number): Promise<boolean>
  /**
   * pending or delivered, not expired at `at` → done or failed, with the output or the error;
   * false otherwise (unknown, finished, expired).
   */
  finishCommand(
    id: string,
    finish: {
      state: 'done' | 'failed'
      at: number
      output: CommandOutput | null
      error: string | null
    },
  ): Promise<boolean>
  /** Every pending or delivered command with `expiresAt <= now` → expired (finished then). */
  expireCommands(now: number): Promise<void>
  /** Newest first: the terminal's, or every terminal's; at most `limit`. */
  listCommands(filter: { terminalId?: string; limit: number }): Promise<CommandRecord[]>
}

/** Staged updates (fleet/rollouts.ts): the rollouts and each terminal's way through one. */
export interface RolloutStore {
  /** Inserts or replaces the rollout with this id. */
  saveRollout(r: RolloutRecord): Promise<void>
  getRollout(id: string): Promise<RolloutRecord | null>
  /** Every rollout, newest first (`createdAt`, then id). */
  listRollouts(): Promise<RolloutRecord[]>
  /** Inserts or replaces the terminal's record in its rollout. */
  saveRolloutTerminal(p: RolloutTerminalRecord): Promise<void>
  /** Every terminal record of the rollout, by terminal id. */
  listRolloutTerminals(rolloutId: string): Promise<RolloutTerminalRecord[]>
}

/** Everything the signaling server keeps, as one object (each caller takes the part it needs). */
export interface Store
  extends
    TerminalStore,
    StaffStore,
    CallStore,
    QueueStore,
    HealthStore,
    RolloutStore,
    CommandStore,
    CallRatingStore {
  /** Waits for every write so far to be durable, then releases the store. */
  close(): Promise<void>
}
