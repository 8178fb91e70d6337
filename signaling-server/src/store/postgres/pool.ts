import pg from 'pg'

/** How a PostgreSQL store reaches its database (`StoreConfig` kind 'postgres', store/open.ts). */
export interface PostgresConfig {
  /** postgres://user@host:port/database; a password is better kept in PGPASSWORD or ~/.pgpass. */
  url: string
  /** Connections this process keeps open to the database, per store (default 10). */
  poolSize?: number
  /** An idle connection failed (e.g. the server restarted); the pool replaces it. */
  onError?: (err: Error) => void
}

export const DEFAULT_POOL_SIZE = 10

export function createPool(config: PostgresConfig, name: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize ?? DEFAULT_POOL_SIZE,
    application_name: `village-centre ${name}`,
    // A dead or unreachable server is an error within seconds, not a hang.
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
  })
  // Without a listener an idle client's error (server restart, network cut) kills the process.
  pool.on('error', (err) => (config.onError ?? defaultOnError)(err))
  const open = new Set<pg.PoolClient>()
  pool.on('connect', (client) => {
    open.add(client)
    client.once('end', () => open.delete(client))
  })
  connections.set(pool, open)
  return pool
}

const connections = new WeakMap<pg.Pool, Set<pg.PoolClient>>()

/**
 * Ends the pool and waits until every connection has closed (`pool.end()` alone resolves once
 * each is asked to end): after it, the server has no session of this store left.
 */
export async function closePool(pool: pg.Pool): Promise<void> {
  const ended = [...(connections.get(pool) ?? [])].map(
    (c) => new Promise<void>((resolve) => c.once('end', () => resolve())),
  )
  await pool.end()
  await Promise.all(ended)
}

function defaultOnError(err: Error): void {
  process.emitWarning(`PostgreSQL connection lost: ${err.message}`)
}

/**
 * Runs `fn` with one pooled connection. A checked-out connection has no error listener of the
 * pool's, and an 'error' nobody listens to kills the process: this one takes it, and a
 * connection that failed is discarded rather than given back.
 */
export async function withClient<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect()
  let broken: Error | undefined
  const onError = (err: Error) => (broken = err)
  client.on('error', onError)
  try {
    return await fn(client)
  } finally {
    client.removeListener('error', onError)
    client.release(broken ?? false)
  }
}

/** Runs `fn` in one transaction on one pooled connection: committed if it resolves. */
export function inTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  return withClient(pool, async (client) => {
    await client.query('BEGIN')
    try {
      const result = await fn(client)
      await client.query('COMMIT')
      return result
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw err
    }
  })
}

/** int8 (bigint) and count(*) arrive as strings; times and counts here fit a double. */
/** The first row a query answers, or null. */
export async function firstRow(
  db: Pick<pg.Pool, 'query'>,
  sql: string,
  params: unknown[] = [],
): Promise<Record<string, unknown> | null> {
  return ((await db.query(sql, params)).rows[0] as Record<string, unknown> | undefined) ?? null
}

export const num = (v: unknown): number => Number(v)
export const numOrNull = (v: unknown): number | null =>
  v === null || v === undefined ? null : Number(v)
export const bytesOrNull = (v: unknown): Buffer | null =>
  v === null || v === undefined ? null : (v as Buffer)
