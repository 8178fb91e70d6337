// Every QR code the kiosk prints opens a page the real centre answers: "not received yet"
// before the upload, the case after it, and every part's case for a bundle (一件事). The QR is
// read back from the printer simulator's parse of the ESC/POS bytes the kiosk sent.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ReceiptProgress } from '../../common/applications/api'
import { sampleCatalog } from '../../common/catalog/sample'
import { findEntry } from '../../common/catalog/schema'
import type { KioskComposition } from '../../electron/services/compose-kiosk'
import type { Link } from '../e2e/support/link'
import { startCentre, type Centre } from './applications-harness'
import {
  card,
  centreBehindLink,
  learnt,
  openKiosk,
  printReceipt,
  submitThroughBridge,
  until,
} from './kiosk-harness'
import { cleanupsAfterEach } from './support/cleanups'

const cleanups = cleanupsAfterEach()

/** The harness centre announces https://zwfw.example.cn as its public address. */
const PUBLIC = 'https://zwfw.example.cn'

async function setup(): Promise<{ centre: Centre; link: Link; kiosk: KioskComposition }> {
  const { centre, terminal, link } = await centreBehindLink(cleanups)
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-qr-'))
  const kiosk = await openKiosk(dir, link.url, terminal)
  cleanups.push(() => kiosk.close())
  await learnt(dir)
  return { centre, link, kiosk }
}

/** The QR code on the newest receipt the printer simulator finished. */
async function printedQr(kiosk: KioskComposition): Promise<string> {
  const receipts = await until(
    () => kiosk.printerSim!.completeReceipts().length > 0 && kiosk.printerSim!.completeReceipts(),
    'a printed receipt',
  )
  const qr = receipts[receipts.length - 1]!.qrCodes
  expect(qr).toHaveLength(1)
  return qr[0]!
}

/** Opens the QR's page on the centre (the phone reaches the public address; here, loopback). */
async function open(centre: Centre, qr: string) {
  const url = new URL(qr)
  const page = await fetch(`${centre.url}${url.pathname}`)
  const json = await fetch(`${centre.url}/api/v1/receipts/${url.pathname.split('/').pop()}`)
  return {
    status: page.status,
    type: page.headers.get('content-type'),
    csp: page.headers.get('content-security-policy'),
    html: await page.text(),
    json: ReceiptProgress.parse(await json.json()),
  }
}

/** What a page must never show: the resident's name or ID number. */
function expectNoPersonalData(html: string) {
  expect(html).not.toContain(card.name)
  expect(html).not.toContain(card.idNumber)
  expect(html).not.toContain(card.idNumber.slice(-6))
}

describe('the receipt QR code opens a page the centre answers', () => {
  it('online: on the centre’s public address, a readable page with the case', async () => {
    const { centre, kiosk } = await setup()
    const status = await submitThroughBridge(kiosk, sampleCatalog, 'CA-ELDERLY-ALLOWANCE')
    const view = await printReceipt(kiosk, status.applicationId, 10_000)
    expect(view.provisional).toBe(false)
    const qr = await printedQr(kiosk)
    expect(qr).toBe(view.qrPayload)
    expect(qr).toMatch(new RegExp(`^${PUBLIC}/p/[A-Za-z0-9_-]{22}$`))

    const page = await open(centre, qr)
    expect(page.status).toBe(200)
    expect(page.type).toBe('text/html; charset=utf-8')
    expect(page.csp).toContain("default-src 'none'")
    expect(page.html).toContain('<html lang="zh-CN">')
    expect(page.html).toContain('name="viewport"')
    expect(page.html).toContain('高龄津贴申领')
    expect(page.html).toContain(view.caseNumber)
    expect(page.html).toContain('已提交')
    expect(page.html).toContain('Submitted')
    expect(page.html).toContain('社会保障卡或本人银行卡')
    expectNoPersonalData(page.html)
    expect(page.json).toMatchObject({
      received: true,
      kind: 'item',
      caseNumber: view.caseNumber,
      cases: [{ caseNumber: view.caseNumber, status: 'received' }],
    })
  })

  it('offline: "not received yet" before the upload, the case on the same QR after it', async () => {
    const { centre, link, kiosk } = await setup()
    const port = link.port
    await link.stop()
    const status = await submitThroughBridge(kiosk, sampleCatalog, 'CA-ELDERLY-ALLOWANCE')
    const view = await printReceipt(kiosk, status.applicationId, 0)
    expect(view.provisional).toBe(true)
    const qr = await printedQr(kiosk)
    // The address the centre announced while the kiosk was online, not the kiosk's own link.
    expect(qr).toMatch(new RegExp(`^${PUBLIC}/p/[A-Za-z0-9_-]{22}$`))

    const before = await open(centre, qr)
    expect(before.status).toBe(200)
    expect(before.html).toContain('尚未收到')
    expect(before.html).toContain('Not received yet')
    expect(before.html).toContain('网络恢复后终端会自动发送')
    expect(before.json).toEqual({ received: false })

    await link.start(port)
    kiosk.outbox.retryNow()
    const confirmed = await until(() => {
      const s = kiosk.outbox.status(status.applicationId)
      return s?.state === 'confirmed' && s
    }, 'the upload')
    const after = await open(centre, qr)
    expect(after.status).toBe(200)
    expect(after.html).not.toContain('尚未收到')
    expect(after.html).toContain(confirmed.caseNumber!)
    expect(after.html).toContain('高龄津贴申领')
    expectNoPersonalData(after.html)
    expect(after.json).toMatchObject({ received: true, caseNumber: confirmed.caseNumber })
  })

  it('bundle (一件事): the page lists every part’s case', async () => {
    const { centre, kiosk } = await setup()
    const status = await submitThroughBridge(kiosk, sampleCatalog, 'OT-NEWBORN')
    const view = await printReceipt(kiosk, status.applicationId, 10_000)
    expect(view.provisional).toBe(false)
    const page = await open(centre, await printedQr(kiosk))
    expect(page.status).toBe(200)
    expect(page.html).toContain('新生儿出生“一件事”')
    const parts = ['PS-BIRTH-HUKOU', 'MI-RESIDENT-ENROL', 'SI-CARD-APPLY']
    expect(page.json.received && page.json.cases.map((c) => c.caseNumber)).toEqual(
      [1, 2, 3].map((n) => `${view.caseNumber}-${n}`),
    )
    for (const [i, c] of (page.json.received ? page.json.cases : []).entries()) {
      expect(page.html).toContain(c.caseNumber)
      expect(page.html).toContain(c.name['zh-CN'])
      expect(c.code).toBe(parts[i])
      expect(c.name).toEqual(findEntry(sampleCatalog, parts[i]!)?.entry.name)
    }
    expect(page.html).toContain('第 3 项（共 3 项）')
    expectNoPersonalData(page.html)
  })

  it('answers a malformed token 404 and an unknown one "not received yet"', async () => {
    const centre = await startCentre()
    cleanups.push(() => centre.close())
    expect((await fetch(`${centre.url}/p/not-a-token`)).status).toBe(404)
    const unknown = await fetch(`${centre.url}/p/AAAAAAAAAAAAAAAAAAAAAA`)
    expect(unknown.status).toBe(200)
    expect(await unknown.text()).toContain('尚未收到')
    const info = await fetch(`${centre.url}/api/v1/centre`)
    expect(await info.json()).toEqual({ publicUrl: PUBLIC, receiptPath: '/p/' })
  })
})
