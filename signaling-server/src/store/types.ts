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

export interface TerminalRecord {
  id: string
  name: string
  hall: string
  credentialHash: string
  createdAt: number
  revokedAt: number | null
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
}

/** Live queue data that must not outlive the queue: deleted when the call ends. */
export interface QueueEntryRecord {
  callId: string
  maskedName: string | null
  front: boolean
}

/**
 * Persistence behind the signaling server. Call and queue writes may be group-committed right
 * after the current event-loop turn (see `flush`); reads always see them. Synchronous on purpose: the embedded default is one
 * process with SQLite, where a synchronous write-through keeps the in-memory state machine and
 * the records in lock-step with no interleaving between awaits.
 */
export interface Store {
  // terminals
  createEnrolCode(rec: EnrolCodeRecord): void
  /** Marks the code used and inserts the terminal in one transaction; false if unusable. */
  redeemEnrolCode(codeHash: string, now: number, terminal: TerminalRecord): boolean
  getTerminal(id: string): TerminalRecord | null
  // users
  insertUser(user: UserRecord): void
  getUserByUsername(username: string): UserRecord | null
  getUser(id: string): UserRecord | null
  countUsers(): number
  insertSession(s: SessionRecord): void
  getSession(tokenHash: string): SessionRecord | null
  deleteExpiredSessions(now: number): void
  // calls and queue
  insertCall(call: CallRecord, entry: QueueEntryRecord): void
  updateCall(call: CallRecord): void
  upsertQueueEntry(entry: QueueEntryRecord): void
  /** Ends the call's presence in the queue: the entry row (masked name) is deleted. */
  deleteQueueEntry(callId: string): void
  getCall(id: string): CallRecord | null
  listOpenCalls(): CallRecord[]
  listQueueEntries(): QueueEntryRecord[]
  /** Writes call/queue changes still pending from the current event-loop turn (group commit). */
  flush(): void
  /** Mean talk time (s) of the last `n` connected calls of a category, or null. */
  averageHandleSeconds(category: string, n: number): number | null
  close(): void
}
