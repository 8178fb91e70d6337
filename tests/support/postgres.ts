// Debian's PostgreSQL 15 (the database the centre's scale-out deployment runs) for tests: a
// throwaway cluster in a temp folder on loopback, started and removed by the test that needs it.
import { execFile, execFileSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { atExit } from './exit-hooks'
import { freePort } from './free-port'

const BIN = '/usr/lib/postgresql/15/bin'

/** Whether Debian's postgresql-15 package is installed (scripts/test.sh installs it). */
export const havePostgres = existsSync(join(BIN, 'initdb')) && existsSync(join(BIN, 'pg_ctl'))

export interface PostgresServer {
  port: number
  /** A connection URL for database `name` on this server. */
  url(name: string): string
  /** A new empty database; its name. */
  createDatabase(): Promise<string>
  dropDatabase(name: string): Promise<void>
  /** Stops the server and removes its files. */
  stop(): Promise<void>
  /**
   * Restarts the server as an operator would (`pg_ctl restart -m fast`: sessions are ended,
   * committed data kept); resolves once it accepts connections again.
   */
  restart(): Promise<void>
}

/** `postgres` refuses to run as root: as root, run the server binaries as the postgres user. */
function asServerUser(cmd: string, args: string[]): string {
  const root = process.getuid?.() === 0
  const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]
  return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

/**
 * Starts a PostgreSQL 15 cluster on 127.0.0.1 and a free port, in a temp folder (trust auth for
 * the test user only; fsync off, because a test's data need not survive a power cut). Stopped
 * with `stop()`, and at the latest when the test process exits.
 */
export async function startPostgres(): Promise<PostgresServer> {
  if (!havePostgres)
    throw new Error(
      `PostgreSQL 15 is not installed (${BIN}): apt-get install postgresql (scripts/test.sh does)`,
    )
  const dir = mkdtempSync(join(tmpdir(), 'pg-test-'))
  const data = join(dir, 'data')
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    chownSync(dir, uid, gid)
  }
  asServerUser(join(BIN, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ])
  const port = await freePort()
  const opts = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
  ].join(' ')
  // -w: returns once the server accepts connections.
  asServerUser(join(BIN, 'pg_ctl'), ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', 'start'])
  let stopped = false
  const stop = () => {
    if (stopped) return
    stopped = true
    try {
      asServerUser(join(BIN, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  const cancelExitHook = atExit(stop)

  const url = (name: string) => `postgres://postgres@127.0.0.1:${port}/${name}`
  const admin = new pg.Pool({ connectionString: url('postgres'), max: 2 })
  // Its idle connections end when the server restarts (restart()); the pool opens new ones.
  admin.on('error', () => {})
  let n = 0
  const create = async () => {
    const name = `t_${process.pid}_${++n}`
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`)
    return name
  }
  // One database made ahead, while the test before runs (a CREATE DATABASE takes ~0.3 s here).
  let spare: Promise<string> | null = null
  return {
    port,
    url,
    async createDatabase() {
      const next = spare ?? create()
      spare = create()
      spare.catch(() => undefined)
      return next
    },
    async dropDatabase(name) {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    },
    async restart() {
      await new Promise<void>((resolve, reject) => {
        const root = process.getuid?.() === 0
        const args = ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-m', 'fast', '-w', 'restart']
        const [file, argv] = root
          ? ['runuser', ['-u', 'postgres', '--', join(BIN, 'pg_ctl'), ...args]]
          : [join(BIN, 'pg_ctl'), args]
        // Asynchronous: the test's clients keep running while the server is down.
        execFile(file, argv, (err) => (err ? reject(err) : resolve()))
      })
    },
    async stop() {
      cancelExitHook()
      await spare?.catch(() => undefined)
      await admin.end().catch(() => undefined)
      stop()
    },
  }
}

/**
 * Every value of every table in the database, as bytes: bytea columns raw, every other column
 * as its text. What a dump of the database would hold, for checking that no personal field is
 * kept readable.
 */
export async function tableBytes(url: string): Promise<Buffer> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const columns = await client.query<{
      table_name: string
      column_name: string
      data_type: string
    }>(
      `SELECT table_name, column_name, data_type FROM information_schema.columns
       WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
    )
    const tables = new Map<string, { name: string; bytea: boolean }[]>()
    for (const c of columns.rows) {
      const list = tables.get(c.table_name) ?? []
      list.push({ name: c.column_name, bytea: c.data_type === 'bytea' })
      tables.set(c.table_name, list)
    }
    const chunks: Buffer[] = []
    for (const [table, cols] of tables) {
      const select = cols.map((c) => (c.bytea ? `"${c.name}"` : `"${c.name}"::text`)).join(', ')
      const rows = await client.query({
        text: `SELECT ${select} FROM "${table}"`,
        rowMode: 'array',
      })
      for (const row of rows.rows as unknown[][])
        for (const v of row)
          if (v !== null) chunks.push(Buffer.isBuffer(v) ? v : Buffer.from(String(v)))
    }
    return Buffer.concat(chunks)
  } finally {
    await client.end()
  }
}
