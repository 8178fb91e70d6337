// `npm run server` on PostgreSQL, as an operator runs it: `migrate --postgres URL` applies the
// schema once, every command takes --postgres, `serve --postgres URL` starts the centre on it,
// and an unreachable database is one clear line.
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../support/free-port'
import { startPostgres, type PostgresServer } from '../support/postgres'

const cli = (args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'signaling-server/src/cli.ts', ...args],
    { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } },
  )
  return { code: r.status, out: r.stdout, err: r.stderr }
}

async function scalar(url: string, sql: string): Promise<unknown> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    return Object.values((await c.query(sql)).rows[0] as object)[0]
  } finally {
    await c.end()
  }
}

describe('the centre on PostgreSQL from the command line', { timeout: 120_000 }, () => {
  let server: PostgresServer
  let url: string
  const dir = mkdtempSync(join(tmpdir(), 'pg-cli-'))
  beforeAll(async () => {
    server = await startPostgres()
    url = server.url(await server.createDatabase())
  }, 120_000)
  afterAll(async () => {
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('lists the PostgreSQL options and the migrate command in --help', () => {
    const r = cli(['--help'])
    expect(r.code).toBe(0)
    for (const text of ['--postgres URL', '--postgres-pool N', 'migrate --postgres URL'])
      expect(r.out).toContain(text)
  })

  it('migrates once, then finds the schema up to date', async () => {
    const first = cli(['migrate', '--postgres', url])
    expect([first.code, first.err]).toEqual([0, ''])
    expect(first.out).toBe(
      'signaling: applied 001_initial.sql, 002_staff_disabled.sql, 003_technician_role.sql, 004_terminal_last_seen.sql, 005_terminal_health.sql, 006_call_visit.sql, 007_call_co_service.sql, 008_call_rating.sql, 009_terminal_commands.sql, 010_rollouts.sql, 011_counter_fence.sql, 012_fleet_list.sql\nrecords: applied 001_initial.sql, 002_case_work.sql, 003_supervision.sql, 004_catalog_versions.sql\n',
    )
    const again = cli(['migrate', '--postgres', url])
    expect(again.out).toBe('signaling: up to date\nrecords: up to date\n')
    expect(await scalar(url, `SELECT count(*)::int FROM schema_migrations`)).toBe(16)
  })

  it('makes an enrolment code in PostgreSQL, given the URL in SERVER_POSTGRES_URL', async () => {
    const r = cli(['enrol-code', '--hall', '石桥村便民服务站'], { SERVER_POSTGRES_URL: url })
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^ENROL_CODE=/)
    expect(await scalar(url, `SELECT hall FROM enrol_codes`)).toBe('石桥村便民服务站')
  })

  it('serves the centre on PostgreSQL and stops cleanly on SIGTERM', async () => {
    const renderer = join(dir, 'renderer')
    rmSync(renderer, { recursive: true, force: true })
    mkdirSync(renderer, { recursive: true })
    writeFileSync(join(renderer, 'clerk.html'), '<!doctype html><title>clerk</title>')
    const port = await freePort()
    const proc = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'signaling-server/src/cli.ts',
        '--postgres',
        url,
        '--postgres-pool',
        '4',
        '--port',
        String(port),
        '--renderer',
        renderer,
        '--demo',
        '--demo-terminal-file',
        join(dir, 'demo-terminal.json'),
      ],
      {
        env: { ...process.env, SERVER_DATA_KEY: Buffer.alloc(32, 7).toString('base64') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let out = ''
    proc.stdout.on('data', (b: Buffer) => (out += b.toString()))
    const exited = new Promise<number | null>((resolve) => proc.once('exit', resolve))
    // Ready when it prints where it listens.
    await new Promise<void>((resolve, reject) => {
      proc.stdout.on('data', () => out.includes('SERVER_URL=') && resolve())
      void exited.then((code) => reject(new Error(`server exited ${code}: ${out}`)))
    })
    const health = await fetch(`http://127.0.0.1:${port}/health`)
    expect(health.status).toBe(200)
    // The demo seed went to PostgreSQL: staff, the demo terminal, cases.
    expect(await scalar(url, `SELECT count(*)::int FROM users`)).toBeGreaterThan(0)
    expect(await scalar(url, `SELECT count(*)::int FROM terminals`)).toBe(1)
    expect(await scalar(url, `SELECT count(*)::int FROM cases`)).toBeGreaterThan(0)
    proc.kill('SIGTERM')
    expect(await exited).toBe(0)
  })

  it('says in one line when the database cannot be reached', async () => {
    const port = await freePort()
    const r = cli(['migrate', '--postgres', `postgres://postgres@127.0.0.1:${port}/none`])
    expect(r.code).toBe(2)
    expect(r.err.trim().split('\n')).toHaveLength(1)
    expect(r.err).toContain('cannot open the PostgreSQL database')
    expect(r.err).toContain('ECONNREFUSED')
    const serve = cli(['--postgres', `postgres://postgres@127.0.0.1:${port}/none`])
    expect(serve.code).toBe(2)
    expect(serve.err.trim()).toMatch(/^cannot open the signaling store: .*ECONNREFUSED/)
  })
})
