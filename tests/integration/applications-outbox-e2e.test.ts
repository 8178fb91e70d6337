// The kiosk's real outbox (electron/services/outbox) sending to the real centre: exactly once,
// with the centre down at submit time, and across a centre restart while the kiosk retries
// after losing the answer to a request the centre had already stored.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { UploadStatus } from '../../common/applications/schema'
import { terminalBearer } from '../../electron/services/centre-api'
import { silentLogger } from '../../node-common/logger'
import { Outbox, createHttpSender, machineKeyFileProvider } from '../../electron/services/outbox'
import { sampleCatalog } from '../../common/catalog/sample'
import type { ReceiptDataInput } from '../../common/devices/printer'
import { createApplicationHandlers } from '../../electron/services/bridge/handlers/applications'
import { ResidentSession } from '../../electron/services/bridge/handlers/session'
import { makeApplication, resident } from '../support/applications'
import {
  centreFiles,
  enrolTerminal,
  startCentre,
  submitApplication,
  type Centre,
} from './applications-harness'
import { freePort } from '../support/free-port'
import { cleanupsAfterEach } from './support/cleanups'

const cleanups = cleanupsAfterEach()

async function openKiosk(serverUrl: string, terminal: { terminalId: string; credential: string }) {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-'))
  const credentialFile = join(dir, 'terminal.json')
  writeFileSync(credentialFile, JSON.stringify(terminal))
  const outbox = await Outbox.open({
    dbPath: join(dir, 'outbox.db'),
    keyProvider: machineKeyFileProvider(join(dir, 'keys', 'outbox.key')),
    sender: createHttpSender({
      serverUrl,
      credential: terminalBearer(credentialFile),
      timeoutMs: 5000,
    }),
    log: silentLogger(),
    // Short delays keep the test quick; the policy itself is tested in tests/unit/electron/services/outbox.
    backoff: { baseMs: 100, maxMs: 400 },
  })
  cleanups.push(() => outbox.close())
  outbox.start()
  return outbox
}

function until(outbox: Outbox, id: string, state: UploadStatus['state'], ms = 15_000) {
  return new Promise<UploadStatus>((resolve, reject) => {
    const check = () => {
      const s = outbox.status(id)
      if (s?.state === state) {
        clearInterval(timer)
        clearTimeout(limit)
        resolve(s)
      }
    }
    const timer = setInterval(check, 20)
    const limit = setTimeout(() => {
      clearInterval(timer)
      reject(new Error(`not ${state} within ${ms} ms: ${JSON.stringify(outbox.status(id))}`))
    }, ms)
    check()
  })
}

/**
 * Forwards each request to the centre and waits for its answer, then, while `dropAnswers` is
 * set, destroys the kiosk's connection instead of passing the answer on: the application is
 * stored but the kiosk does not know.
 */
async function lossyProxy(upstream: () => string) {
  const state = { dropAnswers: true, forwarded: 0, dropped: 0, keys: [] as string[] }
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    state.keys.push(String(req.headers['idempotency-key']))
    let answer: Response
    try {
      answer = await fetch(upstream() + (req.url ?? ''), {
        method: req.method,
        headers: {
          'content-type': String(req.headers['content-type']),
          authorization: String(req.headers.authorization),
          'idempotency-key': String(req.headers['idempotency-key']),
        },
        body: Buffer.concat(chunks),
      })
    } catch {
      req.socket.destroy()
      return
    }
    state.forwarded++
    const body = Buffer.from(await answer.arrayBuffer())
    if (state.dropAnswers) {
      state.dropped++
      req.socket.destroy()
      return
    }
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(body)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  )
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, state }
}

describe('kiosk outbox → centre, end to end', () => {
  it('waits while the centre is down, then delivers exactly once when it comes up', async () => {
    const files = centreFiles()
    // Enrol on a first start, then stop: the kiosk submits while the centre is unreachable.
    let centre: Centre = await startCentre(files)
    const terminal = await enrolTerminal(centre.store)
    await centre.close()
    const port = await freePort()
    const kiosk = await openKiosk(`http://127.0.0.1:${port}`, terminal)

    const app = makeApplication({ terminalId: terminal.terminalId })
    const submitted = await kiosk.submit(app)
    expect(submitted.state).toBe('waiting')
    // A double tap while offline stores nothing new.
    await kiosk.submit(app)
    await new Promise((r) => setTimeout(r, 500))
    expect(['waiting', 'uploading']).toContain(kiosk.status(app.id)!.state)
    expect(kiosk.status(app.id)!.attempts).toBeGreaterThan(0)

    centre = await startCentre(files, { port })
    cleanups.push(() => centre.close())
    kiosk.retryNow()
    const done = await until(kiosk, app.id, 'confirmed')
    expect(done.caseNumber).toMatch(/^\d{8}-\d{6}$/)
    expect(await centre.service.store.countApplications()).toBe(1)
    expect(await centre.service.store.getApplication(app.id)).toEqual(
      JSON.parse(JSON.stringify(app)),
    )
    expect(
      (await centre.service.store.getCase(done.caseNumber!))?.missing.map((m) => m.materialId),
    ).toEqual(['bank-card'])
  })

  it('stays exactly once when the answer is lost and the centre restarts while the kiosk retries', async () => {
    const files = centreFiles()
    let centre: Centre = await startCentre(files)
    const terminal = await enrolTerminal(centre.store)
    const port = centre.port
    const proxy = await lossyProxy(() => `http://127.0.0.1:${port}`)
    const kiosk = await openKiosk(proxy.url, terminal)

    const app = makeApplication({ terminalId: terminal.terminalId })
    await kiosk.submit(app)
    // The centre stores it, the kiosk never hears back.
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (proxy.state.dropped >= 1) {
          clearInterval(t)
          resolve()
        }
      }, 10)
    })
    expect(await centre.service.store.countApplications()).toBe(1)
    const stored = await centre.service.store.getApplication(app.id)
    expect(kiosk.status(app.id)!.state).not.toBe('confirmed')

    // The centre goes down and comes back on the same port with the same files.
    await centre.close()
    await new Promise((r) => setTimeout(r, 300))
    centre = await startCentre(files, { port })
    cleanups.push(() => centre.close())
    proxy.state.dropAnswers = false
    kiosk.retryNow()

    const done = await until(kiosk, app.id, 'confirmed')
    expect(await centre.service.store.countApplications()).toBe(1)
    expect(await centre.service.store.getApplication(app.id)).toEqual(stored)
    // The confirmation the kiosk finally got is the one the centre made on the first attempt.
    const repeat = await submitApplication(centre, terminal, app)
    expect(repeat.status).toBe(200)
    expect((repeat.body as { caseNumber: string }).caseNumber).toBe(done.caseNumber)
    // Every attempt carried the same idempotency key.
    expect(new Set(proxy.state.keys)).toEqual(new Set([app.id]))
    expect(proxy.state.keys.length).toBeGreaterThanOrEqual(2)
  })

  it('marks an application the centre refuses as too deep `failed` after one attempt', async () => {
    // Issue 9 item 16: the centre answered 500 to form data nested 4,000 deep, and the kiosk
    // retried it for ever; the resident's receipt said "waiting to upload" all along.
    const centre = await startCentre()
    cleanups.push(() => centre.close())
    const terminal = await enrolTerminal(centre.store)
    const kiosk = await openKiosk(centre.url, terminal)
    let deep: unknown = []
    for (let i = 0; i < 4_000; i++) deep = [deep]
    const base = makeApplication({ terminalId: terminal.terminalId })
    const app = { ...base, formData: { ...base.formData, note: deep } }
    await kiosk.submit(app)
    const failed = await until(kiosk, app.id, 'failed')
    expect(failed.attempts).toBe(1)
    expect(failed.nextAttemptAt).toBeNull()
    expect(await centre.service.store.countApplications()).toBe(0)
  })

  it('tells the resident on the receipt, shown and printed, when the centre refuses the upload', async () => {
    const centre = await startCentre()
    cleanups.push(() => centre.close())
    const terminal = await enrolTerminal(centre.store)
    const outbox = await openKiosk(centre.url, terminal)
    const session = new ResidentSession()
    session.placeCard({
      cardType: 'resident',
      name: resident.name,
      gender: '女',
      genderCode: '2',
      birthDate: '1940-03-07',
      // Registered in 示例县, as 高龄津贴's eligibility asks.
      address: '示例省示例县青山镇石桥村3组12号',
      idNumber: resident.idNumber,
      validFrom: '2010-01-01',
      validUntil: '长期',
    })
    session.putPage('hukou-book', 0, 0, true, { mediaType: 'image/jpeg', data: 'AAAA' })
    const printed: ReceiptDataInput[] = []
    const handlers = createApplicationHandlers({
      session,
      catalog: () => sampleCatalog,
      outbox,
      printer: () => ({
        print: (r) => (printed.push(r), { printed: Promise.resolve() }),
        status: () => ({ state: 'ready' }),
      }),
      terminalId: async () => terminal.terminalId,
      hallName: '石桥村便民服务站',
      receiptUrl: (token) => `${centre.url}/p/${token}`,
      log: silentLogger(),
    })
    let deep: unknown = []
    for (let i = 0; i < 4_000; i++) deep = [deep]
    const base = makeApplication({ terminalId: terminal.terminalId })
    const status = await handlers.submit({
      code: base.code,
      locale: 'zh-CN',
      formData: { ...base.formData, note: deep },
      materials: [
        { materialId: 'hukou-book', kind: 'photographed' },
        { materialId: 'bank-card', kind: 'deferred' },
      ],
      commitmentAccepted: true,
      signature: base.signature,
    })
    const receipt = await handlers.printReceipt({
      applicationId: status.applicationId,
      waitForCaseMs: 10_000,
    })
    expect(receipt.uploadState).toBe('failed')
    expect(printed).toHaveLength(1)
    expect(printed[0]!.uploadStatus).toBe('rejected')
    expect(printed[0]!.footer?.join('')).toContain('工作人员')
  })
})
