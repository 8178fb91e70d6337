// 补交 through the kiosk's durable outbox to the real centre: with the centre unreachable the
// pages wait on the kiosk and arrive once when it is back; with the kiosk's process killed
// (SIGKILL) right after the centre stored them, before the answer came back, the restarted
// outbox resends with the same supplyId and the pages are still there exactly once.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  Outbox,
  createHttpSender,
  createHttpSupplySender,
  machineKeyFileProvider,
} from '../../electron/services/outbox'
import { silentLogger } from '../../node-common/logger'
import { fakeJpeg, makeApplication, resident } from '../support/applications'
import {
  clerkToken,
  enrolTerminal,
  postJson,
  startCentre,
  submitApplication,
  type Centre,
  type EnrolledTerminal,
} from './applications-harness'
import { until } from './kiosk-harness'

let centre: Centre
let terminal: EnrolledTerminal
let caseNumber: string
let proxy: { url: string; mode: 'up' | 'down' | 'hold'; server: Server }
const children: ChildProcess[] = []
const cleanup: (() => Promise<void> | void)[] = []

/** Between kiosk and centre: forwards (up), refuses connections (down), or forwards and never answers (hold). */
async function startProxy(target: string) {
  const p = { url: '', mode: 'up' as 'up' | 'down' | 'hold', server: createServer() }
  p.server.on('request', (req, res) => {
    if (p.mode === 'down') {
      req.socket.destroy()
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([k]) => !['host', 'content-length'].includes(k)),
      ) as Record<string, string>
      const hold = p.mode === 'hold'
      void fetch(new URL(req.url ?? '/', target), {
        method: req.method ?? 'GET',
        headers,
        ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
      }).then(async (r) => {
        const body = Buffer.from(await r.arrayBuffer())
        if (hold) return // the centre answered; the kiosk never hears it
        res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'text/plain' })
        res.end(body)
      })
    })
  })
  await new Promise<void>((r) => p.server.listen(0, '127.0.0.1', r))
  p.url = `http://127.0.0.1:${(p.server.address() as AddressInfo).port}`
  return p
}

beforeEach(async () => {
  centre = await startCentre()
  terminal = await enrolTerminal(centre.store)
  const submitted = await submitApplication(
    centre,
    terminal,
    makeApplication({ terminalId: terminal.terminalId }),
  )
  caseNumber = (submitted.body as { caseNumber: string }).caseNumber
  const clerk = await clerkToken(centre.url, centre.store)
  const auth = { authorization: `Bearer ${clerk}` }
  const due = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10)
  expect((await postJson(`${centre.url}/api/v1/cases/${caseNumber}/claim`, {}, auth)).status).toBe(
    200,
  )
  const asked = await postJson(
    `${centre.url}/api/v1/cases/${caseNumber}/actions/request-supplement`,
    {
      reason: { codes: ['material-unclear'] },
      materials: [{ materialId: 'hukou-book', dueDate: due }],
    },
    auth,
  )
  expect(asked.status).toBe(200)
  proxy = await startProxy(centre.url)
})
afterEach(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  for (const f of cleanup.splice(0)) await f()
  proxy.server.closeAllConnections()
  await new Promise((r) => proxy.server.close(r))
  await centre.close()
})

function supplyInput(pages: Buffer[]) {
  return {
    caseNumber,
    supplyId: randomUUID(),
    terminalId: terminal.terminalId,
    idNumber: resident.idNumber,
    materialId: 'hukou-book',
    pages: pages.map((p) => ({ mediaType: 'image/jpeg' as const, base64: p.toString('base64') })),
  }
}

const stored = async () => (await centre.service.cases.suppliedPages(caseNumber)).length
const supplyEvents = async () =>
  (await centre.service.cases.view(caseNumber, Date.now()))!.events.filter(
    (e) => e.action.type === 'supply',
  ).length

describe('补交 through the durable outbox', () => {
  it('waits while the centre is unreachable and arrives once when it is back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'supply-offline-'))
    const http = {
      serverUrl: proxy.url,
      credential: async () => terminal.bearer,
      timeoutMs: 5_000,
    }
    const outbox = await Outbox.open({
      dbPath: join(dir, 'outbox.db'),
      keyProvider: machineKeyFileProvider(join(dir, 'outbox.key')),
      sender: createHttpSender(http),
      supplySender: createHttpSupplySender(http),
      log: silentLogger(),
      backoff: { baseMs: 100, maxMs: 300 },
    })
    cleanup.push(
      () => outbox.close(),
      () => rmSync(dir, { recursive: true, force: true }),
    )
    proxy.mode = 'down'
    outbox.start()
    const pages = [fakeJpeg(), fakeJpeg()]
    const input = supplyInput(pages)
    expect(outbox.submitSupply(input).state).toBe('waiting')
    // The same tap twice stores nothing new.
    outbox.submitSupply(input)
    expect(outbox.listSupplies()).toHaveLength(1)
    await until(() => (outbox.supplyStatus(input.supplyId)?.attempts ?? 0) >= 2, 'two attempts')
    expect(await stored()).toBe(0)
    // Sealed at rest: neither the card's number nor a page's bytes are in the file.
    const file = () =>
      Buffer.concat(
        [join(dir, 'outbox.db'), join(dir, 'outbox.db-wal')]
          .filter((f) => existsSync(f))
          .map((f) => readFileSync(f)),
      )
    expect(file().includes(Buffer.from(resident.idNumber))).toBe(false)
    expect(file().includes(pages[0]!.subarray(4, 68))).toBe(false)

    proxy.mode = 'up'
    outbox.retryNow()
    await until(() => outbox.supplyStatus(input.supplyId)?.state === 'confirmed', 'confirmed')
    expect(outbox.supplyStatus(input.supplyId)?.statusAfter).toBe('received')
    const got = await centre.service.cases.suppliedPages(caseNumber)
    expect(got.map((p) => p.bytes.equals(pages[p.page]!))).toEqual([true, true])
    expect(await supplyEvents()).toBe(1)
  }, 60_000)

  it('arrives exactly once when the kiosk is killed (SIGKILL) right after sending', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'supply-kill-'))
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
    const child = join(import.meta.dirname, 'support', 'supply-child.ts')
    const run = (args: string[]) => {
      const proc = spawn(process.execPath, ['--import', 'tsx', child, ...args], {
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      children.push(proc)
      const lines = createInterface({ input: proc.stdout! })
      const waitFor = (prefix: string) =>
        new Promise<string>((resolve, reject) => {
          lines.on('line', (l) => l.startsWith(prefix) && resolve(l))
          proc.on('exit', (code, sig) => reject(new Error(`child exited ${code ?? sig}`)))
        })
      const exited = new Promise<void>((r) => proc.on('exit', () => r()))
      return { proc, waitFor, exited }
    }
    const input = supplyInput([fakeJpeg()])
    const file = join(dir, `supply-${randomBytes(3).toString('hex')}.json`)
    writeFileSync(file, JSON.stringify(input))
    const db = join(dir, 'outbox.db')
    const key = join(dir, 'outbox.key')

    proxy.mode = 'hold'
    const first = run(['submit', db, key, proxy.url, terminal.bearer, file])
    expect(await first.waitFor('STORED')).toBe(`STORED ${input.supplyId} waiting`)
    rmSync(file)
    // The centre has stored the pages; the kiosk has not heard so. Kill it now.
    await until(async () => (await stored()) === 1, 'the centre storing the pages')
    first.proc.kill('SIGKILL')
    await first.exited

    proxy.mode = 'up'
    const second = run(['drain', db, key, proxy.url, terminal.bearer])
    expect(await second.waitFor('CONFIRMED')).toBe('CONFIRMED received')
    await second.exited
    expect(await stored()).toBe(1)
    expect(await supplyEvents()).toBe(1)
  }, 60_000)
})
