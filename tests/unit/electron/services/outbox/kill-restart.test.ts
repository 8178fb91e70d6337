import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { makeApplication, startHttpFake } from '../../../../support/applications'

const child = join(import.meta.dirname, 'support', 'outbox-child.ts')
const children: ChildProcess[] = []
let cleanup: (() => Promise<void>)[] = []

afterEach(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  for (const f of cleanup) await f()
  cleanup = []
})

function run(args: string[]) {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(proc)
  const lines = createInterface({ input: proc.stdout! })
  const waitFor = (prefix: string) =>
    new Promise<string>((resolve, reject) => {
      lines.on('line', (l) => l.startsWith(prefix) && resolve(l))
      proc.on('exit', (code, sig) =>
        reject(new Error(`child exited ${code ?? sig} before ${prefix}`)),
      )
    })
  const exited = new Promise<void>((r) => proc.on('exit', () => r()))
  return { proc, waitFor, exited }
}

describe('outbox across a SIGKILL', () => {
  it('sends an application exactly once after the process is killed right after storing it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-kill-'))
    const server = await startHttpFake()
    cleanup.push(server.close, async () => rmSync(dir, { recursive: true, force: true }))
    // The first process's request may reach the server, but it never gets an answer.
    server.holdResponsesMs.value = 60_000

    const app = makeApplication()
    const appFile = join(dir, 'app.json')
    writeFileSync(appFile, JSON.stringify(app))
    const dbPath = join(dir, 'outbox.db')
    const keyPath = join(dir, 'outbox.key')

    const first = run(['submit', dbPath, keyPath, server.url, appFile])
    const stored = await first.waitFor('STORED')
    first.proc.kill('SIGKILL')
    await first.exited
    expect(stored).toBe(`STORED ${app.id} waiting`)
    rmSync(appFile)

    server.holdResponsesMs.value = 0
    const second = run(['drain', dbPath, keyPath, server.url])
    const confirmed = await second.waitFor('CONFIRMED')
    await second.exited

    expect(server.fake.stored.size).toBe(1)
    const [record] = [...server.fake.stored.values()]
    expect(record!.app).toEqual(app)
    expect(confirmed).toBe(`CONFIRMED ${record!.confirmation.caseNumber}`)
    expect(server.fake.calls.length).toBeGreaterThanOrEqual(1)
    expect(new Set(server.fake.calls.map((c) => c.idempotencyKey))).toEqual(new Set([app.id]))
  }, 60_000)
})
