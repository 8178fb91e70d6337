import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { Db } from '../../../node-common/sqlite'
import { callColumns, callToRow } from './sqlite-schema'
import type { CallRecord, QueueEntryRecord } from './types'

const upsertCallSql = `INSERT INTO calls (${callColumns.join(',')}) VALUES (${callColumns.map(() => '?').join(',')})
   ON CONFLICT(id) DO UPDATE SET ${callColumns
     .slice(1)
     .map((c) => `${c} = excluded.${c}`)
     .join(', ')}`
const upsertEntrySql = `INSERT INTO queue_entries (call_id, masked_name, front) VALUES (?, ?, ?)
   ON CONFLICT(call_id) DO UPDATE SET masked_name = excluded.masked_name, front = excluded.front`
const deleteEntrySql = `DELETE FROM queue_entries WHERE call_id = ?`

export interface GroupCommit {
  writeCall(c: CallRecord): void
  /** `null` deletes the entry. */
  writeEntry(callId: string, e: QueueEntryRecord | null): void
  /** Everything written so far is committed (used before reads and on close). */
  sync(): void
  /** Commits what is pending and stops the writer; settles once its thread has exited. */
  close(): Promise<void>
}

/**
 * Group commit for call and queue writes, an implementation detail of the SQLite store: changes
 * are collected for `groupCommitMs` and written in one FULL-synchronous transaction by a writer
 * thread, so the event loop never waits for fsync (2–15 ms each on a shared VM disk) and a busy
 * queue costs a bounded number of fsyncs per second. A crash loses at most that window, which
 * clients re-send on reconnect (`session:resume`). Later writes of the same row in one batch
 * supersede earlier ones; reads wait for the writer first, so they always see every write.
 * If the writer thread cannot open the file or a batch fails there, it stops and says so; the
 * batches it has not committed are then written here, on the main connection, and so is every
 * later one (slower, nothing lost).
 */
export function createGroupCommit(
  db: Db,
  path: string,
  groupCommitMs: number,
  opts: { libsqlModule?: string } = {},
): GroupCommit {
  const pendingCalls = new Map<string, CallRecord>()
  const pendingEntries = new Map<string, QueueEntryRecord | null>()
  let flushScheduled = false
  // An in-memory database is private to its connection, so it is written in-thread.
  const writer =
    path === ':memory:'
      ? inThreadWriter(db)
      : startWriter(path, db, opts.libsqlModule ?? createRequire(import.meta.url).resolve('libsql'))
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
  function later(): void {
    if (flushScheduled) return
    flushScheduled = true
    if (groupCommitMs <= 0) setImmediate(flush)
    else setTimeout(flush, groupCommitMs).unref()
  }
  return {
    // Snapshots, so a caller mutating its record after the call does not change what is written.
    writeCall(c) {
      pendingCalls.set(c.id, { ...c })
      later()
    },
    writeEntry(callId, e) {
      pendingEntries.set(callId, e ? { ...e } : null)
      later()
    },
    sync() {
      flush()
      writer.wait()
    },
    close() {
      flush()
      writer.wait()
      return writer.close()
    },
  }
}

type WriterBatch = { calls: unknown[][]; entries: [string, string | null, number, boolean][] }

// Plain CommonJS so it runs the same under tsx, vitest and a bundled build.
const writerSource = `
const { parentPort, workerData } = require('node:worker_threads')
const state = new Int32Array(workerData.done)
// state[0]: batches committed; state[1]: 1 once this thread has stopped on an error.
function stop(err) {
  Atomics.store(state, 1, 1)
  Atomics.notify(state, 0)
  parentPort.postMessage({ error: String((err && err.message) || err) })
}
let tx, db
try {
  const Database = require(workerData.libsql)
  db = new Database(workerData.path)
  db.pragma('busy_timeout = 5000')
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  const upsertCall = db.prepare(workerData.upsertCall)
  const upsertEntry = db.prepare(workerData.upsertEntry)
  const deleteEntry = db.prepare(workerData.deleteEntry)
  tx = db.transaction((b) => {
    for (const row of b.calls) upsertCall.run(...row)
    for (const [id, name, front, del] of b.entries) del ? deleteEntry.run(id) : upsertEntry.run(id, name, front)
  })
} catch (err) {
  stop(err)
}
parentPort.on('message', (m) => {
  if (m === 'close') { if (db) db.close(); parentPort.close(); return }
  if (Atomics.load(state, 1) === 1) return
  try { tx(m) } catch (err) { stop(err); return }
  Atomics.add(state, 0, 1)
  Atomics.notify(state, 0)
})
`

function inThreadWriter(db: Db) {
  const uc = db.prepare(upsertCallSql)
  const ue = db.prepare(upsertEntrySql)
  const de = db.prepare(deleteEntrySql)
  const tx = db.transaction((b: WriterBatch) => {
    for (const row of b.calls) uc.run(...row)
    for (const [id, name, front, del] of b.entries) {
      if (del) de.run(id)
      else ue.run(id, name, front)
    }
  })
  return {
    post(b: WriterBatch): void {
      try {
        tx(b)
      } catch (err) {
        process.emitWarning(`call store write failed: ${(err as Error).message}`)
      }
    },
    wait: () => undefined,
    close: () => Promise.resolve(),
  }
}

function startWriter(path: string, db: Db, libsql: string) {
  const done = new SharedArrayBuffer(8)
  const state = new Int32Array(done)
  const worker = new Worker(writerSource, {
    eval: true,
    workerData: {
      path,
      libsql,
      upsertCall: upsertCallSql,
      upsertEntry: upsertEntrySql,
      deleteEntry: deleteEntrySql,
      done,
    },
  })
  worker.unref()
  worker.on('message', (m: { error?: string }) => {
    if (m.error)
      process.emitWarning(`call store writer thread stopped, writing in-thread: ${m.error}`)
  })
  worker.on('error', (err) =>
    process.emitWarning(`call store writer thread failed: ${err.message}`),
  )
  // Batches posted and not yet committed by the thread, oldest first.
  const unconfirmed: WriterBatch[] = []
  let confirmed = 0
  let fallback: ReturnType<typeof inThreadWriter> | null = null
  /** Drops what the thread has committed; once it has stopped, writes the rest here. */
  function settle(): boolean {
    const now = Atomics.load(state, 0)
    unconfirmed.splice(0, now - confirmed)
    confirmed = now
    if (Atomics.load(state, 1) !== 1) return false
    fallback ??= inThreadWriter(db)
    for (const b of unconfirmed.splice(0)) fallback.post(b)
    return true
  }
  return {
    post(batch: WriterBatch): void {
      if (fallback || settle()) return fallback!.post(batch)
      unconfirmed.push(batch)
      worker.postMessage(batch)
    },
    wait(): void {
      while (!settle() && unconfirmed.length > 0) Atomics.wait(state, 0, confirmed, 1_000)
    },
    close(): Promise<void> {
      // Resolves when the thread is gone, so the file can be moved or removed right after.
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
      worker.ref() // a top-level `await store.close()` must not find the event loop empty
      worker.postMessage('close')
      return exited
    },
  }
}
