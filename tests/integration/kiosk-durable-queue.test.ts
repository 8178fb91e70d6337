// What the kiosk owes the centre and the resident survives a restart of its services: a rating
// given while offline is delivered once when the link is back, and a receipt queued while the
// printer is out of paper prints exactly once after the restart (the real composition, the real
// centre, the printer simulator parsing what was printed).
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import iconv from 'iconv-lite'
import Database from 'libsql'
import { describe, expect, it } from 'vitest'
import { sampleCatalog } from '../../common/catalog/sample'
import { maskName } from '../../common/privacy/mask'
import {
  card,
  centreBehindLink,
  learnt,
  openKiosk,
  printReceipt,
  rateThroughBridge,
  submitThroughBridge,
  until,
} from './kiosk-harness'
import { cleanupsAfterEach } from './support/cleanups'

const cleanups = cleanupsAfterEach()

async function setup() {
  const { centre, terminal, link } = await centreBehindLink(cleanups)
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-durable-'))
  const start = async () => {
    const k = await openKiosk(dir, link.url, terminal)
    let closed = false
    const close = async () => {
      if (!closed) await k.close()
      closed = true
    }
    cleanups.push(close)
    return { k, close }
  }
  return { centre, link, dir, start }
}

function outboxRows(dir: string, table: string): Record<string, unknown>[] {
  const db = new Database(join(dir, 'outbox.db'), { readonly: true })
  try {
    return db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[]
  } finally {
    db.close()
  }
}

function fileBytes(dir: string): Buffer {
  const p = join(dir, 'outbox.db')
  return Buffer.concat([p, `${p}-wal`].filter(existsSync).map((f) => readFileSync(f)))
}

describe('kiosk durable queues across a restart', () => {
  it('a rating given offline is queued, and delivered once after the restart', async () => {
    const { centre, link, dir, start } = await setup()
    const first = await start()
    await learnt(dir)
    const port = link.port
    await link.stop()
    const status = await submitThroughBridge(first.k, sampleCatalog, 'CA-ELDERLY-ALLOWANCE')
    expect(await rateThroughBridge(first.k, status.applicationId)).toEqual({
      stored: false,
      queued: true,
    })
    // A second tap stores nothing new.
    await rateThroughBridge(first.k, status.applicationId)
    expect(outboxRows(dir, 'ratings')).toHaveLength(1)
    // Sealed at rest like the application.
    expect(fileBytes(dir).includes(Buffer.from('too-slow'))).toBe(false)
    await first.close()
    expect(await centre.service.store.countRatings()).toBe(0)

    await link.start(port)
    const second = await start()
    await until(
      async () => (await centre.service.store.countRatings()) === 1,
      'the rating at the centre',
    )
    await until(
      () => outboxRows(dir, 'ratings')[0]?.state === 'confirmed',
      'the rating confirmed on the kiosk',
    )
    // Once more, as after another outage: nothing is sent twice.
    second.k.outbox.retryNow()
    await until(
      () => second.k.outbox.status(status.applicationId)?.state === 'confirmed',
      'the application confirmed',
    )
    expect(await centre.service.store.countRatings()).toBe(1)
    expect(await centre.service.store.countApplications()).toBe(1)
    const [row] = outboxRows(dir, 'ratings')
    expect(row).toMatchObject({ subject_id: status.applicationId, payload: null })
  }, 60_000)

  it('a receipt queued while the printer is out of paper prints exactly once after a restart', async () => {
    const { dir, start } = await setup()
    const first = await start()
    await learnt(dir)
    first.k.printerSim!.paperOut()
    await until(() => first.k.printer.status().state === 'paper-out', 'paper out')
    const status = await submitThroughBridge(first.k, sampleCatalog, 'CA-ELDERLY-ALLOWANCE')
    const view = await printReceipt(first.k, status.applicationId, 10_000)
    expect(view.printed).toBe(false)
    expect(first.k.printerSim!.completeReceipts()).toHaveLength(0)
    expect(outboxRows(dir, 'print_jobs')).toHaveLength(1)
    expect(outboxRows(dir, 'print_jobs')[0]!.label).toBe(view.caseNumber)
    // The receipt's ESC/POS bytes (GB18030 text: the applicant line) are sealed at rest.
    const applicantLine = iconv.encode(`申请人：${maskName(card.name)}`, 'gb18030')
    expect(fileBytes(dir).includes(applicantLine)).toBe(false)
    await first.close()

    const second = await start()
    const receipts = await until(
      () =>
        second.k.printerSim!.completeReceipts().length > 0 &&
        second.k.printerSim!.completeReceipts(),
      'the receipt printed after the restart',
    )
    await until(() => outboxRows(dir, 'print_jobs').length === 0, 'the printed job removed')
    expect(receipts).toHaveLength(1)
    expect(receipts[0]!.text).toContain(view.caseNumber)
    expect(receipts[0]!.text).not.toContain(card.idNumber)
    expect(receipts[0]!.text).toContain(`申请人：${maskName(card.name)}`)
    expect(receipts[0]!.qrCodes).toEqual([view.qrPayload])
    await second.close()

    // Another restart prints nothing again.
    const third = await start()
    await until(() => third.k.printer.status().state === 'ready', 'printer ready')
    expect(outboxRows(dir, 'print_jobs')).toHaveLength(0)
    expect(third.k.printer.jobs()).toEqual([])
    expect(third.k.printerSim!.completeReceipts()).toHaveLength(0)
  }, 60_000)
})
