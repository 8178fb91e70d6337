import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type {
  CallRecord,
  EnrolCodeRecord,
  QueueEntryRecord,
  SessionRecord,
  Store,
  TerminalRecord,
  UserRecord,
} from './types'
import { openDurableSqlite, type Db } from '../../../node-common/sqlite'

type Row = Record<string, unknown>

/** Ordered migrations; `PRAGMA user_version` holds how many have been applied. */
const migrations: string[] = [
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
]

const callColumns = [
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
] as const

function callToRow(c: CallRecord): unknown[] {
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
  ]
}

const num = (v: unknown): number => Number(v)
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v))
const json = <T>(v: unknown): T | null => (typeof v === 'string' ? (JSON.parse(v) as T) : null)

function rowToCall(r: Row): CallRecord {
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
  }
}

function rowToUser(r: Row): UserRecord {
  return {
    id: String(r.id),
    username: String(r.username),
    displayName: String(r.display_name),
    role: r.role as UserRecord['role'],
    categories: json<string[]>(r.categories) ?? [],
    passwordHash: String(r.password_hash),
    createdAt: num(r.created_at),
  }
}

/**
 * SQLite (libsql) store. WAL for concurrent readers; synchronous=FULL because call records and
 * identities must survive a power cut (NORMAL may roll back the last commits).
 */
export function openSqliteStore(path: string, { groupCommitMs = 20 } = {}): Store {
  const db = openDurableSqlite(path, migrations)

  const q = <T extends unknown[]>(sql: string) => db.prepare<T>(sql)
  const upsertCallSqlText = `INSERT INTO calls (${callColumns.join(',')}) VALUES (${callColumns.map(() => '?').join(',')})
     ON CONFLICT(id) DO UPDATE SET ${callColumns
       .slice(1)
       .map((c) => `${c} = excluded.${c}`)
       .join(', ')}`
  const upsertEntrySqlText = `INSERT INTO queue_entries (call_id, masked_name, front) VALUES (?, ?, ?)
     ON CONFLICT(call_id) DO UPDATE SET masked_name = excluded.masked_name, front = excluded.front`
  const deleteEntrySqlText = `DELETE FROM queue_entries WHERE call_id = ?`

  /**
   * Group commit for call and queue writes: changes are collected for `groupCommitMs` and
   * written in one FULL-synchronous transaction by a writer thread, so the event loop never
   * waits for fsync (2–15 ms each on a shared VM disk) and a busy queue costs a bounded number
   * of fsyncs per second. A crash loses at most that window, which clients re-send on
   * reconnect (`session:resume`). Later writes of the same row in one batch supersede earlier
   * ones; reads wait for the writer first, so they always see every write.
   */
  const pendingCalls = new Map<string, CallRecord>()
  const pendingEntries = new Map<string, QueueEntryRecord | null>()
  let flushScheduled = false
  // An in-memory database is private to its connection, so it is written in-thread.
  const writer =
    path === ':memory:'
      ? inThreadWriter(db, upsertCallSqlText, upsertEntrySqlText, deleteEntrySqlText)
      : startWriter(path, upsertCallSqlText, upsertEntrySqlText, deleteEntrySqlText)
  function flush(): void {
    flushScheduled = false
    if (pendingCalls.size === 0 && pendingEntries.size === 0) return
    const batch: WriterBatch = {
      calls: [...pendingCalls.values()].map(callToRow),
      entries: [...pendingEntries].map(([callId, e]) =>
        e ? [callId, e.maskedName, e.front ? 1 : 0, false] : [callId, null, 0, true],
      ),
    }
    pendingCalls.clear()
    pendingEntries.clear()
    writer.post(batch)
  }
  /** Everything written so far is committed (used before reads and on close). */
  function sync(): void {
    flush()
    writer.wait()
  }
  function later(): void {
    if (flushScheduled) return
    flushScheduled = true
    if (groupCommitMs <= 0) setImmediate(flush)
    else setTimeout(flush, groupCommitMs).unref()
  }
  // Snapshots, so a caller mutating its record after the call does not change what is written.
  const writeCall = (c: CallRecord): void => {
    pendingCalls.set(c.id, { ...c })
    later()
  }
  const writeEntry = (callId: string, e: QueueEntryRecord | null): void => {
    pendingEntries.set(callId, e ? { ...e } : null)
    later()
  }
  const redeemTx = db.transaction((codeHash: string, now: number, t: TerminalRecord) => {
    const row = q(`SELECT * FROM enrol_codes WHERE code_hash = ?`).get(codeHash) as Row | undefined
    if (!row || row.used_at !== null || num(row.expires_at) <= now) return false
    if (String(row.hall) !== t.hall) return false
    q(`UPDATE enrol_codes SET used_at = ?, terminal_id = ? WHERE code_hash = ?`).run(
      now,
      t.id,
      codeHash,
    )
    q(
      `INSERT INTO terminals (id, name, hall, credential_hash, created_at, revoked_at) VALUES (?,?,?,?,?,?)`,
    ).run(t.id, t.name, t.hall, t.credentialHash, t.createdAt, t.revokedAt)
    return true
  })

  return {
    createEnrolCode(r: EnrolCodeRecord) {
      q(
        `INSERT INTO enrol_codes (code_hash, hall, created_at, expires_at, used_at, terminal_id) VALUES (?,?,?,?,?,?)`,
      ).run(r.codeHash, r.hall, r.createdAt, r.expiresAt, r.usedAt, r.terminalId)
    },
    redeemEnrolCode(codeHash, now, terminal) {
      // The hall comes from the code; look it up first so the caller need not know it.
      const row = q(`SELECT hall FROM enrol_codes WHERE code_hash = ?`).get(codeHash) as
        Row | undefined
      if (!row) return false
      terminal.hall = String(row.hall)
      return redeemTx(codeHash, now, terminal) as boolean
    },
    getTerminal(id) {
      const r = q(`SELECT * FROM terminals WHERE id = ?`).get(id) as Row | undefined
      if (!r) return null
      return {
        id: String(r.id),
        name: String(r.name),
        hall: String(r.hall),
        credentialHash: String(r.credential_hash),
        createdAt: num(r.created_at),
        revokedAt: numOrNull(r.revoked_at),
      }
    },
    insertUser(u) {
      q(
        `INSERT INTO users (id, username, display_name, role, categories, password_hash, created_at)
         VALUES (?,?,?,?,?,?,?)`,
      ).run(
        u.id,
        u.username,
        u.displayName,
        u.role,
        JSON.stringify(u.categories),
        u.passwordHash,
        u.createdAt,
      )
    },
    getUserByUsername(username) {
      const r = q(`SELECT * FROM users WHERE username = ?`).get(username) as Row | undefined
      return r ? rowToUser(r) : null
    },
    getUser(id) {
      const r = q(`SELECT * FROM users WHERE id = ?`).get(id) as Row | undefined
      return r ? rowToUser(r) : null
    },
    countUsers() {
      return num((q(`SELECT count(*) AS n FROM users`).get() as Row).n)
    },
    insertSession(s: SessionRecord) {
      q(`INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?,?,?,?)`).run(
        s.tokenHash,
        s.userId,
        s.createdAt,
        s.expiresAt,
      )
    },
    getSession(tokenHash) {
      const r = q(`SELECT * FROM sessions WHERE token_hash = ?`).get(tokenHash) as Row | undefined
      if (!r) return null
      return {
        tokenHash: String(r.token_hash),
        userId: String(r.user_id),
        createdAt: num(r.created_at),
        expiresAt: num(r.expires_at),
      }
    },
    deleteExpiredSessions(now) {
      q(`DELETE FROM sessions WHERE expires_at <= ?`).run(now)
    },
    insertCall(call, entry) {
      writeCall(call)
      writeEntry(entry.callId, entry)
    },
    updateCall(call) {
      writeCall(call)
    },
    upsertQueueEntry(e) {
      writeEntry(e.callId, e)
    },
    deleteQueueEntry(callId) {
      writeEntry(callId, null)
    },
    flush: sync,
    getCall(id) {
      sync()
      const r = q(`SELECT * FROM calls WHERE id = ?`).get(id) as Row | undefined
      return r ? rowToCall(r) : null
    },
    listOpenCalls() {
      sync()
      return (
        q(`SELECT * FROM calls WHERE state <> 'ended' ORDER BY queued_at`).all() as Row[]
      ).map(rowToCall)
    },
    listQueueEntries() {
      sync()
      return (q(`SELECT * FROM queue_entries`).all() as Row[]).map((r) => ({
        callId: String(r.call_id),
        maskedName: (r.masked_name ?? null) as string | null,
        front: num(r.front) === 1,
      }))
    },
    averageHandleSeconds(category, n) {
      sync()
      const r = q(
        `SELECT avg(ended_at - connected_at) AS ms FROM (
           SELECT ended_at, connected_at FROM calls
           WHERE category = ? AND connected_at IS NOT NULL AND ended_at IS NOT NULL
           ORDER BY ended_at DESC LIMIT ?)`,
      ).get(category, n) as Row
      return r.ms === null || r.ms === undefined ? null : Number(r.ms) / 1000
    },
    close() {
      sync()
      writer.close()
      db.close()
    },
  }
}

type WriterBatch = { calls: unknown[][]; entries: [string, string | null, number, boolean][] }

// Plain CommonJS so it runs the same under tsx, vitest and a bundled build.
const writerSource = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.libsql)
const db = new Database(workerData.path)
db.pragma('busy_timeout = 5000')
db.pragma('journal_mode = WAL')
db.pragma('synchronous = FULL')
const upsertCall = db.prepare(workerData.upsertCall)
const upsertEntry = db.prepare(workerData.upsertEntry)
const deleteEntry = db.prepare(workerData.deleteEntry)
const done = new Int32Array(workerData.done)
const tx = db.transaction((b) => {
  for (const row of b.calls) upsertCall.run(...row)
  for (const [id, name, front, del] of b.entries) del ? deleteEntry.run(id) : upsertEntry.run(id, name, front)
})
parentPort.on('message', (m) => {
  if (m === 'close') { db.close(); parentPort.close(); return }
  try { tx(m) } catch (err) { parentPort.postMessage({ error: String(err && err.message) }) }
  Atomics.add(done, 0, 1)
  Atomics.notify(done, 0)
})
`

function inThreadWriter(db: Db, upsertCall: string, upsertEntry: string, deleteEntry: string) {
  const uc = db.prepare(upsertCall)
  const ue = db.prepare(upsertEntry)
  const de = db.prepare(deleteEntry)
  const tx = db.transaction((b: WriterBatch) => {
    for (const row of b.calls) uc.run(...row)
    for (const [id, name, front, del] of b.entries) {
      if (del) de.run(id)
      else ue.run(id, name, front)
    }
  })
  return { post: (b: WriterBatch) => void tx(b), wait: () => undefined, close: () => undefined }
}

function startWriter(path: string, upsertCall: string, upsertEntry: string, deleteEntry: string) {
  const done = new SharedArrayBuffer(4)
  const counter = new Int32Array(done)
  const libsql = createRequire(import.meta.url).resolve('libsql')
  const worker = new Worker(writerSource, {
    eval: true,
    workerData: { path, libsql, upsertCall, upsertEntry, deleteEntry, done },
  })
  worker.unref()
  worker.on('message', (m: { error?: string }) => {
    if (m.error) process.emitWarning(`call store write failed: ${m.error}`)
  })
  let posted = 0
  return {
    post(batch: WriterBatch): void {
      posted++
      worker.postMessage(batch)
    },
    wait(): void {
      for (;;) {
        const seen = Atomics.load(counter, 0)
        if (seen >= posted) return
        Atomics.wait(counter, 0, seen, 10_000)
      }
    },
    close(): void {
      worker.postMessage('close')
    },
  }
}
