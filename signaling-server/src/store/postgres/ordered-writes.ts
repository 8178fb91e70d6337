import type pg from 'pg'
import { withClient } from './pool'

interface Write {
  sql: string
  params: unknown[]
  resolve(): void
  reject(err: Error): void
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
/** A write refused because another node has fenced the counter's writes since. */
export class FencedError extends Error {
  constructor() {
    super('fenced: another node serves the video counter now')
  }
}

/** The fencing check (`SELECT … FOR SHARE`) each batch runs first, or null while not fenced. */
export type Guard = () => { sql: string; params: unknown[] } | null

export function createOrderedWrites(pool: pg.Pool, guard: Guard = () => null): OrderedWrites {
  let queue: Write[] = []
  let running = false
  let last: Promise<void> = Promise.resolve()

  async function drain(): Promise<void> {
    running = true
    try {
      while (queue.length > 0) {
        const batch = queue
        queue = []
        await applyBatch(batch)
      }
    } finally {
      running = false
    }
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
            for (const w of batch) w.resolve()
            return
          } catch {
            await client.query('ROLLBACK').catch(() => undefined)
          }
        }
        for (const w of batch) {
          try {
            await client.query(w.sql, w.params)
            w.resolve()
          } catch (err) {
            w.reject(err as Error)
          }
        }
      })
    } catch (err) {
      // No connection: every write of the batch fails (a promise settles at most once).
      for (const w of batch) w.reject(err as Error)
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
      for (const w of batch) w.resolve()
    } catch (err) {
      if (err instanceof FencedError || batch.length === 1) {
        for (const w of batch) w.reject(err as Error)
        return
      }
      // Only the failing write rejects: the rest are applied one by one, each fenced.
      for (const w of batch) await once([w]).then(w.resolve, w.reject)
    }
  }

  return {
    write(sql, params) {
      const done = new Promise<void>((resolve, reject) => {
        queue.push({ sql, params, resolve, reject })
      })
      last = done.catch(() => undefined)
      if (!running) void drain()
      return done
    },
    barrier: () => last,
  }
}
