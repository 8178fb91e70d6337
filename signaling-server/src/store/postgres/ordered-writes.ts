import type pg from 'pg'
import { FencedError } from '../fenced-error'
import { withClient } from './pool'

interface Write {
  sql: string
  params: unknown[]
  resolve(): void
  reject(err: Error): void
  settled: boolean
}

export interface OrderedWrites {
  /** Queues a write; it is applied after every write queued before it. */
  write(sql: string, params: unknown[]): Promise<void>
  /** Settles once every write queued so far has been applied (or has failed). */
  barrier(): Promise<void>
}

/**
 * The write-behind order `CallStore` and `QueueStore` promise (store/types.ts) over a pool:
 * concurrent queries on different connections may commit in any order, so these writes go
 * through one queue. What queued up while a batch was committing goes in the next batch, in one
 * transaction (group commit without a timer: one round of commits per batch, however busy the
 * queue). A batch that fails is replayed one write at a time, so only the failing write rejects.
 */

/** The fencing check (`SELECT … FOR SHARE`) each batch runs first, or null while not fenced. */
export type Guard = () => { sql: string; params: unknown[] } | null

/** How long a write is tried again while the database cannot be reached (a restart). */
export const RETRY_FOR_MS = 120_000

/** An error of the connection rather than of the write: the same write may succeed later. */
export function transient(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null
  const code = typeof e?.code === 'string' ? e.code : ''
  // SQLSTATE class 08 (connection exception), 57P01–57P03 (shutdown, cannot connect now).
  if (/^08/.test(code) || /^57P0[123]$/.test(code)) return true
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTCONN'].includes(code)) return true
  const message = typeof e?.message === 'string' ? e.message : ''
  return /Connection terminated|connection timeout|Connection ended|not queryable/i.test(message)
}

class Transient extends Error {
  constructor(readonly reason: unknown) {
    super('transient')
  }
}

export function createOrderedWrites(
  pool: pg.Pool,
  guard: Guard = () => null,
  opts: { retryForMs?: number; onRetry?: (err: unknown) => void } = {},
): OrderedWrites {
  let queue: Write[] = []
  let running = false
  let last: Promise<void> = Promise.resolve()
  const retryForMs = opts.retryForMs ?? RETRY_FOR_MS

  async function drain(): Promise<void> {
    running = true
    try {
      while (queue.length > 0) {
        const batch = queue
        queue = []
        await withRetry(batch)
      }
    } finally {
      running = false
    }
  }

  /**
   * A batch the database could not take for a connection's sake is tried again, the whole
   * batch and in order, with the writes queued after it waiting behind: a restarted PostgreSQL
   * loses no write-through. Each write is a whole record's upsert or a delete, so one applied
   * twice (a COMMIT whose answer was lost) leaves the same row. Past `retryForMs` the batch's
   * writes fail (and are logged).
   */
  async function withRetry(batch: Write[]): Promise<void> {
    const started = Date.now()
    for (let attempt = 0; ; attempt++) {
      const open = batch.filter((w) => !w.settled)
      if (!open.length) return
      try {
        await applyBatch(open)
        return
      } catch (err) {
        const cause = err instanceof Transient ? err.reason : err
        if (!(err instanceof Transient) || Date.now() - started > retryForMs) {
          for (const w of batch) settle(w, cause as Error)
          return
        }
        opts.onRetry?.(cause)
        await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, 2_000)))
      }
    }
  }

  function settle(w: Write, err?: Error): void {
    if (w.settled) return
    w.settled = true
    if (err) w.reject(err)
    else w.resolve()
  }
  const fail = (err: unknown): never => {
    throw transient(err) ? new Transient(err) : err
  }

  async function applyBatch(batch: Write[]): Promise<void> {
    const check = guard()
    if (check) return applyFenced(batch, check)
    try {
      await withClient(pool, async (client) => {
        if (batch.length > 1) {
          try {
            await client.query('BEGIN')
            for (const w of batch) await client.query(w.sql, w.params)
            await client.query('COMMIT')
            for (const w of batch) settle(w)
            return
          } catch (err) {
            if (transient(err)) throw err
            await client.query('ROLLBACK').catch(() => undefined)
          }
        }
        for (const w of batch) {
          try {
            await client.query(w.sql, w.params)
            settle(w)
          } catch (err) {
            if (transient(err)) throw err
            settle(w, err as Error)
          }
        }
      })
    } catch (err) {
      fail(err)
    }
  }

  /**
   * The batch in one transaction behind the fencing check, whose row lock waits for a take-over
   * in progress: either the batch commits before the new owner reads, or it is refused.
   */
  async function applyFenced(batch: Write[], check: { sql: string; params: unknown[] }) {
    const once = async (writes: Write[]): Promise<void> =>
      withClient(pool, async (client) => {
        try {
          await client.query('BEGIN')
          const ok = await client.query(check.sql, check.params)
          if (ok.rowCount !== 1) throw new FencedError()
          for (const w of writes) await client.query(w.sql, w.params)
          await client.query('COMMIT')
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined)
          throw err
        }
      })
    try {
      await once(batch)
      for (const w of batch) settle(w)
    } catch (err) {
      if (transient(err)) fail(err)
      if (err instanceof FencedError || batch.length === 1) {
        for (const w of batch) settle(w, err as Error)
        return
      }
      // Only the failing write rejects: the rest are applied one by one, each fenced.
      for (const w of batch)
        await once([w]).then(
          () => settle(w),
          (e: unknown) => (transient(e) ? fail(e) : settle(w, e as Error)),
        )
    }
  }

  return {
    write(sql, params) {
      const done = new Promise<void>((resolve, reject) => {
        queue.push({ sql, params, resolve, reject, settled: false })
      })
      last = done.catch(() => undefined)
      if (!running) void drain()
      return done
    },
    barrier: () => last,
  }
}
