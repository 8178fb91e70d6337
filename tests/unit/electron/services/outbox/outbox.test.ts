import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'libsql'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { uploadStateText, type Application } from '../../../../../common/applications/schema'
import { silentLogger } from '../../../../../node-common/logger'
import {
  Outbox,
  backoffDelay,
  machineKeyFileProvider,
  type ApplicationSender,
  type OutboxOptions,
  type SendResult,
} from '../../../../../electron/services/outbox'
import {
  FakeApplicationServer,
  fakeJpeg,
  makeApplication,
  resident,
} from '../../../../support/applications'
import { until as pollUntil } from '../../../../support/until'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'outbox-'))
})
afterEach(() => {
  vi.useRealTimers()
  rmSync(dir, { recursive: true, force: true })
})

const dbPath = () => join(dir, 'outbox.db')

function openOutbox(sender: ApplicationSender, extra: Partial<OutboxOptions> = {}) {
  return Outbox.open({
    dbPath: dbPath(),
    keyProvider: machineKeyFileProvider(join(dir, 'keys', 'outbox.key')),
    sender,
    log: silentLogger(),
    ...extra,
  })
}

/** The server is unreachable. */
const offline: ApplicationSender = {
  send: async () => ({ kind: 'retry', reason: 'network: TypeError' }),
}

/** A sender that hands the application to the fake server in-process. */
function direct(server: FakeApplicationServer): ApplicationSender & { sent: Application[] } {
  const sent: Application[] = []
  return {
    sent,
    async send(app) {
      sent.push(app)
      const answer = server.receive(app.id, 'Bearer t', JSON.parse(JSON.stringify(app)))
      if (answer.status >= 300) return { kind: 'rejected', reason: `http ${answer.status}` }
      return { kind: 'confirmed', confirmation: answer.body as never }
    },
  }
}

function fileBytes(): Buffer {
  const parts = [dbPath(), `${dbPath()}-wal`].filter(existsSync).map((p) => readFileSync(p))
  return Buffer.concat(parts)
}

const until = (check: () => boolean, ms = 5000) => pollUntil(check, ms)

describe('outbox', () => {
  it('keeps name, ID number and image bytes encrypted on disk', async () => {
    const image = fakeJpeg()
    const outbox = await openOutbox(offline)
    outbox.start()
    const app = makeApplication({}, image)
    const status = await outbox.submit(app)
    expect(status.state).toBe('waiting')
    expect(uploadStateText[status.state]['zh-CN']).toBe('已提交，等待上传')
    await outbox.close()

    const disk = fileBytes()
    expect(disk.length).toBeGreaterThan(image.length)
    for (const secret of [
      Buffer.from(resident.name, 'utf8'),
      Buffer.from(resident.idNumber, 'utf8'),
      Buffer.from('13800138000', 'utf8'),
      image.subarray(4, 68),
      Buffer.from(image.toString('base64').slice(8, 72), 'utf8'),
    ]) {
      expect(disk.includes(secret)).toBe(false)
    }
    // What is on disk in clear is only what the receipt needs.
    expect(disk.includes(Buffer.from(app.id))).toBe(true)
    expect(disk.includes(Buffer.from('bank-card'))).toBe(true)
  })

  it('uses WAL with synchronous=FULL and survives a reopen with every byte intact', async () => {
    const server = new FakeApplicationServer()
    const app = makeApplication()
    const first = await openOutbox(offline)
    // FULL (2): each commit fsyncs the WAL, so it survives a power cut, not only a crash.
    expect(first.storageSettings()).toEqual({ journalMode: 'wal', synchronous: 2, secureDelete: 1 })
    first.start()
    await first.submit(app)
    await first.close()

    const db = new Database(dbPath())
    expect(db.prepare('PRAGMA journal_mode').raw().get()).toEqual(['wal'])
    db.close()

    const sender = direct(server)
    const second = await openOutbox(sender)
    expect(second.status(app.id)?.state).toBe('waiting')
    second.start()
    await until(() => second.status(app.id)?.state === 'confirmed')
    expect(sender.sent).toHaveLength(1)
    expect(sender.sent[0]).toEqual(app)
    await second.close()
  })

  it('retries a flaky server with growing, jittered delays until it confirms', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const server = new FakeApplicationServer()
    const real = direct(server)
    const callTimes: number[] = []
    let failures = 4
    const flaky: ApplicationSender = {
      async send(app, signal) {
        callTimes.push(Date.now())
        if (failures-- > 0) return { kind: 'retry', reason: 'http 503' } satisfies SendResult
        return real.send(app, signal)
      },
    }
    const policy = { baseMs: 1000, maxMs: 60_000 }
    const outbox = await openOutbox(flaky, { backoff: policy, random: () => 0.5 })
    outbox.start()
    const app = makeApplication()
    await outbox.submit(app)
    await vi.advanceTimersByTimeAsync(0)
    expect(callTimes).toHaveLength(1)
    const waiting = outbox.status(app.id)!
    expect(waiting).toMatchObject({ state: 'waiting', attempts: 1 })
    expect(waiting.nextAttemptAt).toBeGreaterThan(Date.now())

    await vi.advanceTimersByTimeAsync(60_000)
    expect(callTimes).toHaveLength(5)
    const gaps = callTimes.slice(1).map((t, i) => t - (callTimes[i] as number))
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeGreaterThan(gaps[i - 1] as number)
    gaps.forEach((gap, i) => {
      const nominal = policy.baseMs * 2 ** i
      expect(gap).toBeGreaterThanOrEqual(nominal / 2)
      expect(gap).toBeLessThanOrEqual(nominal)
    })
    expect(outbox.status(app.id)).toMatchObject({ state: 'confirmed', attempts: 5 })
    expect(server.stored.size).toBe(1)
    await outbox.close()
  })

  it('spreads retries of many kiosks (jitter) and caps the delay', () => {
    const policy = { baseMs: 1000, maxMs: 30_000 }
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(3, policy, Math.random)))
    expect(delays.size).toBeGreaterThan(10)
    expect(backoffDelay(40, policy, () => 0.999)).toBeLessThanOrEqual(30_000)
  })

  it('stores a double-tapped submit once and the server gets it once', async () => {
    const server = new FakeApplicationServer()
    const outbox = await openOutbox(direct(server))
    const app = makeApplication()
    await outbox.submit(app)
    await outbox.submit(app)
    expect(outbox.list()).toHaveLength(1)
    outbox.start()
    await until(() => outbox.status(app.id)?.state === 'confirmed')
    expect(server.calls).toHaveLength(1)
    expect(server.stored.size).toBe(1)
    await outbox.close()
  })

  it('sends exactly once across a crash between send and confirmation', async () => {
    const server = new FakeApplicationServer()
    let delivered = false
    // The request reaches the server, then the kiosk dies before the answer is recorded.
    const dying: ApplicationSender = {
      send(app) {
        server.receive(app.id, 'Bearer t', JSON.parse(JSON.stringify(app)))
        delivered = true
        return new Promise<SendResult>(() => {})
      },
    }
    const app = makeApplication()
    const first = await openOutbox(dying)
    first.start()
    await first.submit(app)
    await until(() => delivered)
    expect(first.status(app.id)?.state).toBe('uploading')
    await first.close()

    const second = await openOutbox(direct(server))
    expect(second.status(app.id)?.state).toBe('waiting')
    second.start()
    await until(() => second.status(app.id)?.state === 'confirmed')

    expect(server.calls.map((c) => c.idempotencyKey)).toEqual([app.id, app.id])
    expect(server.stored.size).toBe(1)
    const stored = [...server.stored.values()][0]!
    expect(second.status(app.id)?.caseNumber).toBe(stored.confirmation.caseNumber)
    expect(stored.app).toEqual(app)
    await second.close()
  })

  it('purges personal data once confirmed, keeping the case number for the receipt', async () => {
    const server = new FakeApplicationServer()
    const app = makeApplication()
    const outbox = await openOutbox(offline)
    outbox.start()
    await outbox.submit(app)
    await outbox.close()

    const db = new Database(dbPath())
    const row = db.prepare('SELECT payload FROM applications WHERE id = ?').raw().get(app.id) as [
      Buffer,
    ]
    const sealed = Buffer.from(row[0])
    db.close()
    expect(sealed.length).toBeGreaterThan(4096)

    const reopened = await openOutbox(direct(server))
    reopened.start()
    await until(() => reopened.status(app.id)?.state === 'confirmed')
    await reopened.close()

    // Neither the ciphertext nor a zeroed-but-kept copy: the bytes are gone from file and WAL.
    const disk = fileBytes()
    expect(disk.includes(sealed.subarray(0, 64))).toBe(false)
    expect(disk.includes(sealed.subarray(sealed.length - 64))).toBe(false)

    const after = await openOutbox(offline)
    const status = after.status(app.id)!
    expect(status.caseNumber).toMatch(/^SQ2025/)
    expect(status.deferred).toEqual([{ materialId: 'bank-card', dueDate: '2025-06-25' }])
    await after.close()
  })

  it("keeps a bundle's part cases with its confirmation, across a reopen, for the receipt", async () => {
    const server = new FakeApplicationServer()
    const app = makeApplication({ kind: 'bundle', code: 'OT-NEWBORN' })
    const outbox = await openOutbox(direct(server))
    outbox.start()
    await outbox.submit(app)
    await until(() => outbox.status(app.id)?.state === 'confirmed')
    await outbox.close()
    const after = await openOutbox(offline)
    const { caseNumber, cases } = after.status(app.id)!
    expect(cases).toEqual([
      { itemCode: 'PS-BIRTH-HUKOU', caseNumber: `${caseNumber}-1` },
      { itemCode: 'MI-RESIDENT-ENROL', caseNumber: `${caseNumber}-2` },
    ])
    await after.close()
  })

  it('marks an application the server refuses as failed instead of retrying it forever', async () => {
    const rejecting: ApplicationSender = {
      send: async () => ({ kind: 'rejected', reason: 'http 422' }),
    }
    const outbox = await openOutbox(rejecting)
    outbox.start()
    const app = makeApplication()
    await outbox.submit(app)
    await until(() => outbox.status(app.id)?.state === 'failed')
    expect(outbox.status(app.id)?.attempts).toBe(1)
    await outbox.close()
  })

  it('refuses an application that breaks the contract before storing anything', async () => {
    const outbox = await openOutbox(offline)
    const bad = { ...makeApplication(), signature: undefined }
    await expect(outbox.submit(bad)).rejects.toThrow()
    expect(outbox.list()).toHaveLength(0)
    await outbox.close()
  })
})
