// Co-service (键对键), first slice: a resident on page 1 of the 高龄津贴申领 form asks for video
// help, the clerk accepts and asks to see the application; only after 同意 does the console show
// what the resident types (within a second), and after 停止共享 or the end of the call nothing of
// it is left in the console's DOM or storage. The real centre and the kiosk's own main process.
import type { Locator, Page } from '@playwright/test'
import { expect, screenshot } from './fixtures'
import type { ParsedReceipt } from './support/kiosk-fixture'
import {
  arrived,
  buttonReady,
  keypad,
  onScreen,
  present,
  resident,
  sign,
  submitReview,
  untimed,
} from './support/kiosk-path'
import { videoKioskTest } from './support/video-kiosk'
import {
  clerkLogsIn,
  closeAll,
  expectElderlySizes,
  expectVideoPlaying,
  newParties,
  setAvailable,
} from './video-fixtures'

const test = videoKioskTest()

const PHONE = '13800138000'

/** The resident's name, ID number and the typed phone, wherever the console could keep them. */
async function tracesOnConsole(page: Page): Promise<string[]> {
  const found = await page.evaluate(() => {
    const all = [
      document.documentElement.outerHTML,
      ...Object.values(localStorage),
      ...Object.values(sessionStorage),
    ].join('\n')
    return all
  })
  return [resident.name, resident.idNumber, PHONE].filter((v) => found.includes(v))
}

const field = (clerk: Page, label: string) =>
  clerk.getByTestId('cosvc-field').filter({ has: clerk.getByRole('term').getByText(label) })

test('the clerk sees the application only with consent, live, and nothing after it', async ({
  browser,
  centre,
  host,
}) => {
  test.setTimeout(180_000)
  const { kiosk: k, clerk: c } = await newParties(browser)
  const kiosk = k.page
  const clerk = c.page
  try {
    await clerkLogsIn(clerk, centre.url, 'e2e-clerk', 'e2e-clerk-password-1')
    await setAvailable(clerk)

    // The resident signs in on the allowance form and asks for help on its first page.
    await kiosk.goto(host.kioskUrl)
    await kiosk.getByRole('button', { name: '高龄津贴申领' }).click()
    await kiosk.getByRole('button', { name: '开始办理' }).click()
    await host.control('/card', resident)
    await arrived(kiosk, onScreen('form', '第 1 步'))
    await kiosk.getByTestId('help-button').click()
    await kiosk.getByTestId('choose-video').click()
    await expect(clerk.getByTestId('offer')).toBeVisible({ timeout: 15_000 })
    await clerk.getByRole('button', { name: '接听', exact: true }).first().click()
    await expectVideoPlaying(kiosk)
    await expectVideoPlaying(clerk)

    // Without consent the console shows what it showed before: item and step, no form data.
    await expect(clerk.getByTestId('cosvc-request')).toBeVisible()
    await expect(clerk.getByTestId('cosvc-mirror')).toHaveCount(0)
    expect(await tracesOnConsole(clerk)).toEqual([])

    // 查看申请: the kiosk asks, large and spoken.
    await clerk.getByTestId('cosvc-request').click()
    const question = kiosk.getByTestId('cosvc-consent')
    await expect(question).toContainText('工作人员请求查看您正在填写的信息，是否同意？')
    await expect(question.getByRole('button', { name: '同意', exact: true })).toBeVisible()
    await expect(question.getByRole('button', { name: '不同意', exact: true })).toBeVisible()
    await expectElderlySizes(kiosk)
    await screenshot(kiosk, 'cosvc-kiosk-consent')
    expect(await tracesOnConsole(clerk)).toEqual([])

    // 同意: the resident is back on the form with the call docked; the console mirrors it.
    await question.getByRole('button', { name: '同意', exact: true }).click()
    await expect(kiosk.locator('[data-screen="sharing"]')).toBeVisible()
    await arrived(kiosk, onScreen('form', '第 1 步'))
    await expect(kiosk.getByTestId('cosvc-stop')).toBeVisible()
    await expect(clerk.getByTestId('cosvc-mirror')).toBeVisible()
    await expect(clerk.getByTestId('cosvc-step')).toContainText('第 1 步')
    await expect(field(clerk, '姓名')).toContainText(resident.name)
    // The ID number is masked on the kiosk before it leaves.
    await expect(clerk.getByTestId('cosvc-mirror')).not.toContainText(resident.idNumber)

    // What the resident types shows on the console within a second.
    await keypad(kiosk, PHONE.slice(0, -1))
    await kiosk
      .locator('.keypad')
      .getByRole('button', { name: PHONE.slice(-1), exact: true })
      .click()
    await expect(field(clerk, '联系电话')).toContainText(PHONE, { timeout: 1_000 })
    await screenshot(clerk, 'cosvc-console-mirror')
    await screenshot(kiosk, 'cosvc-kiosk-sharing')

    // 停止共享: the console drops everything of the application.
    await kiosk.getByTestId('cosvc-stop').click()
    await expect(clerk.getByTestId('cosvc-status')).toHaveText('群众已停止共享')
    await expect(clerk.getByTestId('cosvc-mirror')).toHaveCount(0)
    expect(await tracesOnConsole(clerk)).toEqual([])
    await expect(kiosk.locator('[data-screen="call"]')).toBeVisible()

    // Shared again, then the resident hangs up: nothing is left after the call either.
    await clerk.getByTestId('cosvc-request').click()
    await kiosk.getByTestId('cosvc-agree').click()
    await expect(field(clerk, '联系电话')).toContainText(PHONE)
    await kiosk.getByTestId('hang-up').click()
    await expect(clerk.getByTestId('submit-wrapup')).toBeVisible()
    await expect(clerk.getByTestId('cosvc-panel')).toHaveCount(0)
    expect(await tracesOnConsole(clerk)).toEqual([])

    // The centre recorded the steps with the call, and none of the form data.
    const logged = centre.log.filter((l) => l.msg === 'co-service').map((l) => l.step)
    expect(logged).toEqual(['requested', 'granted', 'withdrawn', 'requested', 'granted', 'ended'])
    expect(JSON.stringify(centre.log)).not.toContain(PHONE)
    expect(k.errors).toEqual([])
    expect(c.errors).toEqual([])
  } finally {
    await closeAll(k.context, c.context)
  }
})

/** Elderly-first sizes of a kiosk element: its buttons ≥ 64 px both ways, its text ≥ 24 px. */
async function expectLarge(box: Locator): Promise<void> {
  const sizes = await box.evaluate((root) => ({
    buttons: [...root.querySelectorAll('button')].map((b) => {
      const r = b.getBoundingClientRect()
      return Math.min(r.width, r.height)
    }),
    fonts: [...root.querySelectorAll('p, h3, span, strong, button')]
      .filter((e) => (e.textContent ?? '').trim() && e.getClientRects().length > 0)
      .map((e) => parseFloat(getComputedStyle(e).fontSize)),
  }))
  expect(sizes.buttons.length).toBeGreaterThan(0)
  expect(Math.min(...sizes.buttons)).toBeGreaterThanOrEqual(64)
  expect(Math.min(...sizes.fonts)).toBeGreaterThanOrEqual(24)
  // In the viewport, nothing to scroll to.
  const r = (await box.boundingBox())!
  expect(r.y + r.height).toBeLessThanOrEqual(1080)
}

const helper = {
  username: 'e2e-cosvc-helper',
  password: 'e2e-cosvc-helper-pw-1',
  displayName: '刘敏',
  role: 'clerk' as const,
  categories: ['elderly-care'],
}

/** A clerk action's line on the console, the newest of its kind. */
const sentAction = (clerk: Page, kind: string) =>
  clerk.getByTestId('cosvc-sent-action').filter({ hasText: kind }).last()

test('the clerk proposes, asks for a photo and prints; the resident confirms, signs and submits', async ({
  browser,
  centre,
  host,
}) => {
  test.setTimeout(240_000)
  const { kiosk: k, clerk: c } = await newParties(browser)
  const kiosk = k.page
  const clerk = c.page
  try {
    // A clerk of its own: the first test's clerk still owes that call's wrap-up.
    await centre.addStaff(helper)
    await clerkLogsIn(clerk, centre.url, helper.username, helper.password)
    await setAvailable(clerk)
    await kiosk.goto(host.kioskUrl)
    await kiosk.getByRole('button', { name: '高龄津贴申领' }).click()
    await kiosk.getByRole('button', { name: '开始办理' }).click()
    await host.control('/card', resident)
    await arrived(kiosk, onScreen('form', '第 1 步'))
    await kiosk.getByTestId('help-button').click()
    await kiosk.getByTestId('choose-video').click()
    await expect(clerk.getByTestId('offer')).toBeVisible({ timeout: 15_000 })
    await clerk.getByRole('button', { name: '接听', exact: true }).first().click()
    await expectVideoPlaying(kiosk)
    // Before consent the console offers no action on the application.
    await expect(clerk.getByTestId('cosvc-actions')).toHaveCount(0)
    await clerk.getByTestId('cosvc-request').click()
    await kiosk.getByTestId('cosvc-agree').click()
    await expect(clerk.getByTestId('cosvc-mirror')).toBeVisible()

    // The clerk proposes the phone number; the kiosk shows it highlighted, the form unchanged.
    await clerk.getByTestId('cosvc-field-select').selectOption({ label: '联系电话' })
    await clerk.getByTestId('cosvc-value').fill(PHONE)
    await clerk.getByTestId('cosvc-propose').click()
    const proposal = kiosk.getByTestId('proposal')
    await expect(proposal).toContainText(`联系电话：${PHONE}`)
    await expect(kiosk.locator('.kiosk-field[data-proposed="true"]')).toHaveCount(1)
    await expect(sentAction(clerk, '建议填写')).toContainText('等待群众回应')
    await expect(field(clerk, '联系电话')).toHaveCount(0)
    await expectLarge(kiosk.getByTestId('proposals'))
    // The page keeps all of its form in view beside the proposal (one screen, no scrolling).
    await expect(kiosk.getByText('请输入 11 位手机号码')).toBeInViewport({ ratio: 1 })
    await screenshot(kiosk, 'cosvc-kiosk-proposal')
    // 确认: the value is in the form (and so in the mirror); the console sees it confirmed.
    await proposal.getByRole('button', { name: '确认 联系电话' }).click()
    await expect(proposal).toHaveCount(0)
    await expect(field(clerk, '联系电话')).toContainText(PHONE)
    await expect(sentAction(clerk, '建议填写')).toContainText('群众已确认')

    // A photo of another item's material does not fit: refused in words, nothing changed.
    await clerk.getByTestId('cosvc-material-select').selectOption({ label: '《出生医学证明》' })
    await clerk.getByTestId('cosvc-photo').click()
    await expect(sentAction(clerk, '拍照').getByRole('alert')).toHaveText(
      '终端拒绝，未作任何改变：这份材料不属于群众正在办理的事项',
    )
    await expect(kiosk.getByTestId('clerk-request')).toHaveCount(0)
    await arrived(kiosk, onScreen('form', '第 1 步'))

    // The resident goes on to the household register.
    const click = (name: string) => kiosk.getByRole('button', { name, exact: true }).click()
    await click('下一步')
    await arrived(kiosk, onScreen('form', '第 2 步'))
    await kiosk.getByRole('radio', { name: '独居' }).click()
    await click('下一步')
    await arrived(kiosk, onScreen('form', '第 3 步'))
    await kiosk.getByRole('radio', { name: '农村商业银行（信用社）' }).click()
    await keypad(kiosk, '6230123412341234123')
    await click('下一步')
    await arrived(kiosk, onScreen('form', '第 4 步'))
    await click('下一步')
    await arrived(kiosk, onScreen('materials', '材料 1/2：居民户口簿'))

    // The clerk asks for a photo of it: asked large and spoken; 去拍照 opens the camera.
    await clerk.getByTestId('cosvc-material-select').selectOption({ label: '居民户口簿' })
    await clerk.getByTestId('cosvc-photo').click()
    const request = kiosk.getByTestId('clerk-request')
    await expect(request).toContainText('工作人员请您拍摄：居民户口簿')
    await expectLarge(request)
    await screenshot(kiosk, 'cosvc-kiosk-photo-request')
    await request.getByRole('button', { name: '去拍照' }).click()
    await arrived(kiosk, buttonReady('拍照'))
    await expect(sentAction(clerk, '拍照')).toContainText('群众已确认')
    // The resident keeps a page: the clerk sees it, full size on click.
    await click('拍照')
    await arrived(kiosk, present('img[alt="刚拍的照片"]'))
    await click('这张可以')
    const thumbs = clerk.getByTestId('cosvc-thumb')
    await expect(thumbs).toHaveCount(1)
    await thumbs.first().click()
    await expect(clerk.getByTestId('cosvc-page-full').getByRole('img')).toBeVisible()
    await screenshot(clerk, 'cosvc-console-page')
    await clerk.getByTestId('cosvc-page-full').getByRole('button', { name: '关闭' }).click()
    await arrived(kiosk, buttonReady('拍照'))
    await click('拍照')
    await arrived(kiosk, present('img[alt="刚拍的照片"]'))
    await click('这张可以')
    await expect(thumbs).toHaveCount(2)

    // The clerk prints the 一次告知单 at the kiosk: it lists the item's materials.
    const printedBefore = (await host.control<ParsedReceipt[]>('/receipts')).length
    await clerk.getByTestId('cosvc-print-notice').click()
    await expect(request).toContainText('工作人员要为您打印一次告知单：高龄津贴申领')
    await request.getByRole('button', { name: '打印' }).click()
    await expect(sentAction(clerk, '打印')).toContainText('群众已确认', { timeout: 20_000 })
    const printed = await host.control<ParsedReceipt[]>('/receipts')
    expect(printed.length).toBe(printedBefore + 1)
    const notice = printed.at(-1)!.text
    for (const text of ['一次告知单', '高龄津贴申领', '居民身份证', '居民户口簿', '办理时限'])
      expect(notice).toContain(text)
    await screenshot(clerk, 'cosvc-console-actions')

    // The bank card later; the clerk asks for the signature, the resident signs and submits.
    await click('下一步')
    await arrived(kiosk, onScreen('materials', '材料 2/2'))
    await kiosk.getByRole('button', { name: '以后补交（15 天内）' }).click()
    await arrived(kiosk, onScreen('commitment'))
    await clerk.getByTestId('cosvc-sign').click()
    await expect(request).toContainText('工作人员请您签署承诺书')
    await request.getByRole('button', { name: '去签名' }).click()
    await sign(kiosk)
    await click('我已阅读，同意并签名')
    await arrived(kiosk, onScreen('review'))
    await expect(clerk.getByTestId('cosvc-commitment')).toContainText('已签名')
    await submitReview(kiosk, untimed(kiosk))

    // The centre's application carries the co-filled value and who proposed and confirmed it.
    await expect.poll(() => centre.applicationIds().length, { timeout: 15_000 }).toBeGreaterThan(0)
    const app = await centre.readAsClerk(centre.applicationIds().at(-1)!)
    expect((app.formData.applicant as Record<string, unknown>).phone).toBe(PHONE)
    const history = app.coService ?? []
    const clerkId = centre.log.find((l) => l.msg === 'co-service' && l.step === 'action')?.clerkId
    expect(clerkId).toBeTruthy()
    expect(history.map((h) => [h.kind, h.path ?? h.materialId ?? h.document, h.outcome])).toEqual([
      ['propose', 'applicant.phone', 'accepted'],
      ['photo', 'birth-certificate', 'refused'],
      ['photo', 'hukou-book', 'accepted'],
      ['print', 'notice', 'accepted'],
      ['sign', undefined, 'accepted'],
    ])
    expect(history.every((h) => h.clerkId === clerkId)).toBe(true)
    expect(history[0]!.value).toBe(PHONE)
    // The centre recorded the actions and outcomes with the call, by kind only.
    const steps = centre.log.filter((l) => l.msg === 'co-service').map((l) => l.step)
    expect(steps.filter((s) => s === 'action')).toHaveLength(5)
    expect(JSON.stringify(centre.log)).not.toContain(PHONE)

    // 停止共享: the mirror, the pages and the actions (the proposed phone) leave the console.
    await kiosk.getByTestId('cosvc-stop').click()
    await expect(clerk.getByTestId('cosvc-status')).toHaveText('群众已停止共享')
    await expect(clerk.getByTestId('cosvc-thumb')).toHaveCount(0)
    expect(await tracesOnConsole(clerk)).toEqual([])
    // After the call nothing of the application is left on the console either.
    await kiosk.getByTestId('hang-up').click()
    await expect(clerk.getByTestId('submit-wrapup')).toBeVisible()
    expect(await tracesOnConsole(clerk)).toEqual([])
    // The kiosk asks for the call's rating; the centre keeps it with the call id and the
    // call's quality summary.
    const rating = kiosk.locator('[data-screen="call-rating"]')
    await expect(rating.getByRole('heading')).toHaveText('请为这次视频通话评价')
    await rating.getByRole('radio', { name: '满意', exact: true }).click()
    await kiosk.getByTestId('call-rating-send').click()
    await expect(rating.getByRole('heading')).toHaveText('谢谢您的评价！')
    const satisfied = async () =>
      (await centre.ratedCalls()).filter((r) => r.rating.level === 'satisfied')
    await expect.poll(async () => (await satisfied()).length, { timeout: 15_000 }).toBe(1)
    const [rated] = await satisfied()
    expect(rated!.call.id).toBe(rated!.rating.callId)
    expect(rated!.call.clerkId).toBe(clerkId)
    await expect
      .poll(async () => (await satisfied())[0]!.call.qualityTerminal, { timeout: 10_000 })
      .toMatchObject({ rttMsMedian: expect.any(Number) })
    expect(k.errors).toEqual([])
    expect(c.errors).toEqual([])
  } finally {
    await closeAll(k.context, c.context)
  }
})
