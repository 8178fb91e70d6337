import type { Page } from '@playwright/test'
import { chinaDayPlus } from '../../common/domain/china-day'
import type { Application, UploadStatus } from '../../common/applications/schema'
import { screenshot } from './fixtures'
import type { DeviceHostProcess } from './support/device-host-process'
import { applyForAllowance as walkToReceipt, rate, resident, untimed } from './support/kiosk-path'
import { expect, kioskTest, servedCatalog, type ParsedReceipt } from './support/kiosk-fixture'
import { openQrOnPhone } from './support/qr-page'
import type { RealCentre } from './support/real-centre'

// The kiosk asks whether the centre is back every second instead of every 20 s: the offline test
// then waits about that long for the link's return to be seen, through the same probe.
const test = kioskTest({ catalog: servedCatalog, hostEnv: { KIOSK_LINK_PROBE_MS: '1000' } })

/** Smallest visible touch target (buttons) and the body font size of the current screen. */
async function measure(page: Page): Promise<{ minTarget: number; bodyFont: number }> {
  return page.evaluate(() => {
    const sizes = [...document.querySelectorAll('button, [role="radio"], [role="checkbox"]')]
      .map((e) => e.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.height > 0)
      .map((r) => Math.min(r.width, r.height))
    const main = document.querySelector('.kiosk') ?? document.body
    return {
      minTarget: Math.min(...sizes),
      bodyFont: parseFloat(getComputedStyle(main).fontSize),
    }
  })
}

/**
 * Measurements for one screen of the path. Screenshots, axe and the layout checks of these same
 * screens, in this mode, are kiosk-screens.spec.ts's normal-text walk of this path.
 */
async function checkScreen(page: Page, name: string, sizes: number[]): Promise<void> {
  const m = await measure(page)
  sizes.push(m.minTarget)
  expect(m.bodyFont, `${name} body font`).toBeGreaterThanOrEqual(24)
  expect(m.minTarget, `${name} smallest touch target`).toBeGreaterThanOrEqual(64)
}

/** The shared path with this spec's assertions and measurements at each screen. */
async function applyForAllowance(
  page: Page,
  host: DeviceHostProcess,
  shots: string | null,
  beforeSubmit?: () => void,
) {
  const sizes: number[] = []
  const check = async (name: string) => {
    if (shots) await checkScreen(page, `${shots}-${name}`, sizes)
  }
  const at = async (name: string) => {
    if (name === '03-guide') {
      await expect(page.getByRole('heading', { name: '高龄津贴申领' })).toBeVisible()
      // 一次告知: materials, fee, time limit and conditions on the one guide screen.
      await expect(page.getByText('居民户口簿')).toBeVisible()
      await expect(page.getByText('可以以后补交（15 天内）')).toBeVisible()
      await expect(page.getByText('不收费')).toBeVisible()
      await expect(page.getByText('承诺 20 个工作日内办结')).toBeVisible()
      await expect(page.getByText('年满80周岁（从满80周岁的次月起发放）')).toBeVisible()
    }
    if (name === '05-form-applicant') await expect(page.getByText(resident.name)).toBeVisible()
    if (name === '10-material-preview') {
      // The tapped frame stays where the viewfinder was while its photo is encoded; the photo
      // then takes its place, at the same size on screen and at the camera's full resolution.
      // Read once it is on screen, and again if the photo took its place between the two reads
      // (the frozen frame, hidden then, has no box; the photo has none until it is decoded).
      const shown = page.getByRole('img', { name: '刚拍的照片' })
      let frozen: Awaited<ReturnType<typeof shown.boundingBox>> = null
      await expect
        .poll(async () => {
          await expect(shown).toBeVisible()
          frozen = await shown.boundingBox()
          return (frozen?.width ?? 0) * (frozen?.height ?? 0)
        })
        .toBeGreaterThan(0)
      await expect(page.getByRole('button', { name: '这张可以' })).toBeEnabled()
      const photo = page.locator('img[alt="刚拍的照片"]')
      await expect(photo).toBeVisible()
      expect(await photo.boundingBox()).toEqual(frozen)
      const [natural, camera] = await photo.evaluate((img: HTMLImageElement) => [
        [img.naturalWidth, img.naturalHeight],
        [document.querySelector('video')?.videoWidth, document.querySelector('video')?.videoHeight],
      ])
      expect(natural).toEqual(camera)
      expect(natural![0]).toBeGreaterThanOrEqual(1920)
    }
    if (name === 'rating-no-reason') {
      await expect(page.getByRole('button', { name: '提交评价' })).toBeDisabled()
      return
    }
    await check(name)
  }
  await page.goto(host.kioskUrl)
  await walkToReceipt(page, host, { step: untimed(page), at, beforeSubmit })
  return { sizes, check, at }
}

/** The date `days` ahead in China time (YYYY-MM-DD), as the kiosk dates a deferral. */
const localDate = (days: number): string => chinaDayPlus(Date.now(), days)

/** Today in China Standard Time as the centre numbers cases: YYYYMMDD. */
function caseDay(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '')
}

/**
 * Exactly one application reached the centre since `before` (ids already there), and it holds
 * the resident's submission as a clerk reads it back from the real server (decrypted): the photo,
 * the deferral and the signature. Returns it.
 */
async function expectOneStoredApplication(
  centre: RealCentre,
  before: string[],
): Promise<Application> {
  const added = centre.applicationIds().filter((id) => !before.includes(id))
  expect(added).toHaveLength(1)
  const app = await centre.readAsClerk(added[0]!)
  expect(app.id).toBe(added[0])
  expect(app.terminalId).toBe(centre.terminal.terminalId)
  expect(app.code).toBe('CA-ELDERLY-ALLOWANCE')
  // Filled in from the centre's catalog (so the centre checked the form data against its schema).
  expect(app.catalogVersion).toBe(servedCatalog.version)
  expect(app.applicant).toEqual({
    name: resident.name,
    idNumber: resident.idNumber,
    validUntil: resident.validUntil,
  })
  expect(app.formData).toMatchObject({
    applicant: { name: resident.name, idNumber: resident.idNumber, phone: '13800138000' },
    living: { arrangement: 'alone' },
    payout: { bank: 'rcc', accountNumber: '6230123412341234123' },
  })
  const hukou = app.materials.find((m) => m.materialId === 'hukou-book')
  expect(hukou?.kind).toBe('photographed')
  if (hukou?.kind === 'photographed') {
    expect(hukou.pages).toHaveLength(2)
    for (const page of hukou.pages) {
      expect(page.kind === 'inline' && Buffer.from(page.base64, 'base64').subarray(0, 2)).toEqual(
        Buffer.from([0xff, 0xd8]),
      )
    }
  }
  expect(app.materials.find((m) => m.materialId === 'bank-card')).toEqual({
    kind: 'deferred',
    materialId: 'bank-card',
    deadlineDays: 15,
    dueDate: localDate(15),
  })
  expect(app.commitmentAccepted).toBe(true)
  expect(app.signature?.pngDataUrl).toMatch(/^data:image\/png;base64,/)
  expect(app.signature?.strokes?.strokes.length).toBeGreaterThan(0)
  // Stored once: the centre's log has one "stored" for it, any other answer was a repeat.
  const logged = centre.submissionsLogged(app.id)
  expect(logged.filter((l) => l.msg === 'application stored')).toHaveLength(1)
  expect(logged.filter((l) => !l.repeat)).toHaveLength(1)
  return app
}

const pendingUploads = async (host: DeviceHostProcess) =>
  (await host.control<UploadStatus[]>('/outbox')).filter((s) => s.state !== 'confirmed').length

test.describe.configure({ mode: 'serial' })

test('a resident applies for the old-age allowance: photo, deferral, signature, receipt, rating', async ({
  page,
  browser,
  kiosk,
}) => {
  test.setTimeout(180_000)
  const { centre, host } = kiosk
  const before = centre.applicationIds()
  const { sizes, check, at } = await applyForAllowance(page, host, 'path')
  // The centre's case number: YYYYMMDD-NNNNNN, today's date in China Standard Time.
  await expect(page.getByTestId('case-number')).toHaveText(new RegExp(`^${caseDay()}-\\d{6}$`), {
    timeout: 15_000,
  })
  await expect(page.getByTestId('upload-state')).toHaveText('已上传，已收到受理编号')
  await expect(page.getByText('回执已打印，请从出纸口取走')).toBeVisible()
  await check('14-receipt')
  const caseNumber = (await page.getByTestId('case-number').textContent())!
  // The receipt as the printer simulator parsed it from the ESC/POS bytes.
  const receipts = await host.control<ParsedReceipt[]>('/receipts')
  expect(receipts).toHaveLength(1)
  const printed = receipts[0]!
  expect(printed.text).toContain(caseNumber)
  expect(printed.text).toContain('社会保障卡或本人银行卡')
  expect(printed.text).toContain(localDate(15))
  expect(printed.text).not.toContain(resident.idNumber)
  // The QR code opens the centre's page for this receipt, on the centre's public address:
  // the case, received, the bank card still to bring by its date; no name, no ID number.
  expect(printed.qrCodes).toHaveLength(1)
  expect(printed.qrCodes[0]).toMatch(new RegExp(`^${centre.url}/p/[A-Za-z0-9_-]{22}$`))
  const shown = await openQrOnPhone(browser, printed.qrCodes[0]!, 'qr-online', screenshot)
  expect(shown).toContain('高龄津贴申领')
  expect(shown).toContain(caseNumber)
  expect(shown).toContain('已提交')
  expect(shown).toContain('社会保障卡或本人银行卡')
  expect(shown).toContain(`请于 ${localDate(15)} 前补交`)
  expect(shown).not.toContain(resident.name)
  expect(shown).not.toContain(resident.idNumber)
  const app = await expectOneStoredApplication(centre, before)
  expect(centre.caseNumberOf(app.id)).toBe(caseNumber)

  await rate(page, { step: untimed(page), at })
  await expect
    .poll(() => centre.ratings())
    .toMatchObject([
      {
        terminalId: centre.terminal.terminalId,
        level: 'dissatisfied',
        reasons: ['too-many-materials'],
        subjectKind: 'application',
        subjectId: app.id,
      },
    ])
  expect(Math.min(...sizes)).toBeGreaterThanOrEqual(64)

  // Progress lookup: tap the card, see the case and what is still missing.
  await host.control('/card/remove')
  // The reader has seen it go (it polls every 400 ms: a card taken away and put back at once is
  // never seen to leave).
  await expect
    .poll(async () => (await host.control<{ reader: string }>('/session')).reader)
    .toBe('waiting-card')
  await page.getByRole('button', { name: '查询办理进度' }).click()
  await host.control('/card', resident)
  await expect(page.getByRole('heading', { name: '您有 1 件办件' })).toBeVisible()
  await expect(page.getByText(caseNumber)).toBeVisible()
  await expect(page.getByText(/还缺：社会保障卡或本人银行卡/)).toBeVisible()
  await check('17-progress')
  await page.getByRole('button', { name: '回到首页' }).click()
  await host.control('/card/remove')
})

test('offline: the receipt says waiting to upload; its QR says not received yet, then the case once the link is back', async ({
  page,
  browser,
  kiosk,
}) => {
  test.setTimeout(120_000)
  const { centre, link, host } = kiosk
  const before = centre.applicationIds()
  // The kiosk's link to the centre goes down; the centre (and a resident's phone) stay up.
  const linkPort = link.port
  await link.stop()
  await applyForAllowance(page, host, null)
  await expect(page.getByTestId('upload-state')).toHaveText('已提交，等待上传', { timeout: 15_000 })
  await screenshot(page, 'offline-receipt')
  const receipts = await host.control<ParsedReceipt[]>('/receipts')
  const printed = receipts[receipts.length - 1]!
  expect(printed.text).toContain('已提交，等待上传')
  expect(printed.text).toContain('社会保障卡或本人银行卡')
  expect(printed.qrCodes).toHaveLength(1)
  const provisional = (await page.getByTestId('case-number').textContent())!
  expect(printed.text).toContain(provisional)
  expect(centre.applicationIds()).toEqual(before)
  // Before the upload the QR already opens a page: not received yet, and why, kindly.
  const qr = printed.qrCodes[0]!
  expect(qr).toMatch(new RegExp(`^${centre.url}/p/[A-Za-z0-9_-]{22}$`))
  const waiting = await openQrOnPhone(browser, qr, 'qr-offline-before-upload', screenshot)
  expect(waiting).toContain('尚未收到')
  expect(waiting).toContain('网络恢复后终端会自动发送，您不需要再做什么')
  expect(waiting).toContain('Not received yet')
  // The link comes back on the same port; the kiosk's outbox retries.
  await link.start(linkPort)
  await expect
    .poll(() => centre.applicationIds().length, { timeout: 60_000 })
    .toBe(before.length + 1)
  const app = await expectOneStoredApplication(centre, before)
  await expect.poll(() => pendingUploads(host)).toBe(0)
  const outbox = await host.control<UploadStatus[]>('/outbox')
  expect(outbox.find((s) => s.applicationId === app.id)?.caseNumber).toBe(
    centre.caseNumberOf(app.id),
  )
  // The same printed QR now opens the case.
  const arrived = await openQrOnPhone(browser, qr, 'qr-offline-after-upload', screenshot)
  expect(arrived).not.toContain('尚未收到')
  expect(arrived).toContain(centre.caseNumberOf(app.id)!)
  expect(arrived).toContain('高龄津贴申领')
  await page.getByRole('button', { name: '结束办理' }).click()
  await host.control('/card/remove')
})

test('the kiosk process killed right after submit: restarted, the application arrives exactly once', async ({
  page,
  kiosk,
}) => {
  test.setTimeout(120_000)
  const { centre, link, host } = kiosk
  const before = centre.applicationIds()
  const logBefore = centre.submissionsLogged().length
  // The centre's answers are held from the moment of submit: it stores the application, the
  // kiosk never hears so.
  await applyForAllowance(page, host, null, () => link.hold())
  await expect
    .poll(() => centre.applicationIds().length, { timeout: 20_000 })
    .toBe(before.length + 1)
  const id = centre.applicationIds().find((i) => !before.includes(i))!
  const unconfirmed = (await host.control<UploadStatus[]>('/outbox')).find(
    (s) => s.applicationId === id,
  )
  expect(unconfirmed?.state).not.toBe('confirmed')
  // Killed between send and confirmation.
  await host.kill('SIGKILL')
  link.release()
  await host.start()
  await expect.poll(() => pendingUploads(host), { timeout: 30_000 }).toBe(0)
  // The restarted kiosk sent it again with the same idempotency key; the centre answered the
  // repeat with the stored confirmation and kept one application, with nothing lost.
  const calls = centre.submissionsLogged().slice(logBefore)
  expect(calls.length).toBeGreaterThanOrEqual(2)
  expect(new Set(calls.map((c) => c.applicationId))).toEqual(new Set([id]))
  expect(calls.filter((c) => c.repeat === true).length).toBeGreaterThanOrEqual(1)
  const app = await expectOneStoredApplication(centre, before)
  const outbox = await host.control<UploadStatus[]>('/outbox')
  expect(outbox.find((s) => s.applicationId === app.id)).toMatchObject({
    state: 'confirmed',
    caseNumber: centre.caseNumberOf(app.id),
  })
})
