import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openSqliteRecordsStore } from '../../signaling-server/src/applications/sqlite-store'
import { makeApplication } from '../support/applications'

type Result = { id: string; kind: string; caseNumber: string | null }

describe('applications store shared by several processes', () => {
  it('stores a key once and never hands out a case number twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apps-mp-'))
    const dbPath = join(dir, 'applications.db')
    const key = randomBytes(32)
    // Create the schema once, so the children race on data rather than on the migration.
    await openSqliteRecordsStore(dbPath).close()
    const shared = makeApplication()
    const children = 3
    const procs = Array.from({ length: children }, (_, c) => {
      const own = Array.from({ length: 8 }, () => makeApplication())
      // Each child sends the shared application among its own, at a different position.
      const apps = [...own.slice(0, c * 3), shared, ...own.slice(c * 3)]
      const file = join(dir, `apps-${c}.json`)
      writeFileSync(file, JSON.stringify(apps))
      const child = spawn(
        'npx',
        [
          'tsx',
          'tests/integration/applications-store-child.ts',
          dbPath,
          key.toString('base64'),
          file,
        ],
        { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'pipe'] },
      )
      let stdout = ''
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
      const ready = new Promise<void>((resolve) =>
        child.stderr.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()),
      )
      const done = new Promise<string>((resolve, reject) =>
        child.on('exit', (code) =>
          code === 0 ? resolve(stdout) : reject(new Error(`exit ${code}`)),
        ),
      )
      return { child, ready, done }
    })
    await Promise.all(procs.map((p) => p.ready))
    for (const p of procs) p.child.stdin.end('go\n')
    const outputs = await Promise.all(procs.map((p) => p.done))
    const results = outputs.flatMap((o) => JSON.parse(o) as Result[])
    const forShared = results.filter((r) => r.id === shared.id)
    expect(forShared.map((r) => r.kind).sort()).toEqual(['created', 'repeat', 'repeat'])
    expect(new Set(forShared.map((r) => r.caseNumber)).size).toBe(1)
    const created = results.filter((r) => r.kind === 'created')
    expect(created).toHaveLength(children * 8 + 1)
    expect(new Set(created.map((r) => r.caseNumber)).size).toBe(created.length)
    const store = openSqliteRecordsStore(dbPath)
    expect(await store.countApplications()).toBe(children * 8 + 1)
    await store.close()
  }, 60_000)
})
