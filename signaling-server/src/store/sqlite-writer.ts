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
 */
export function createGroupCommit(db: Db, path: string, groupCommitMs: number): GroupCommit {
  const pendingCalls = new Map<string, CallRecord>()
  const pendingEntries = new Map<string, QueueEntryRecord | null>()
  let flushScheduled = false
  // An in-memory database is private to its connection, so it is written in-thread.
  const writer = path === ':memory:' ? inThreadWriter(db) : startWriter(path)
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
    post: (b: WriterBatch) => void tx(b),
    wait: () => undefined,
    close: () => Promise.resolve(),
  }
}

function startWriter(path: string) {
  const done = new SharedArrayBuffer(4)
  const counter = new Int32Array(done)
  const libsql = createRequire(import.meta.url).resolve('libsql')
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
    close(): Promise<void> {
      // Resolves when the thread is gone, so the file can be moved or removed right after.
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
      worker.ref() // a top-level `await store.close()` must not find the event loop empty
      worker.postMessage('close')
      return exited
    },
  }
}
