import type { Browser, Locator, Page } from '@playwright/test'
import { checkResultPayload, ResultKeyList } from '../../common/results/verify'
import { payloadOf } from '../../common/results/payload'
import { makeApplication } from '../support/applications'
import { Touch } from '../support/touch'
import { screenshot } from './fixtures'
import { expect, kioskTest, type Kiosk, type ParsedReceipt } from './support/kiosk-fixture'
import { arrived, buttonReady, onScreen, present, resident } from './support/kiosk-path'
import { RealCentre } from './support/real-centre'
import { screenFaults } from './support/screen-checks'

// 补交 and 打印结果 at the kiosk (docs/kiosk.md, docs/back-office.md): a clerk sends a 补正
// notice for the 居民户口簿 through the case API; the resident taps the card on 查询办理进度,
// sees 现在补交, photographs both pages and sends them (they reach the centre through the
// outbox); after an approval through the API, 打印结果 prints the notice with a QR code whose
// payload verifies against the centre's key list, and the case shows 已出件. And 撤回: the
// resident withdraws an undecided case (确定撤回这件申请吗？), the clerk's open case view shows
// 已撤回 live; with the centre's answer lost, the kiosk says it cannot reach the centre and
// asking again withdraws it once. In normal and 大字.

const test = kioskTest()
test.describe.configure({ mode: 'serial' })

/** A 高龄津贴申领 of the resident, submitted as the outbox submits (待受理). */
async function submitted(kiosk: Kiosk): Promise<string> {
  const { centre } = kiosk
  const app = makeApplication({
    terminalId: centre.terminal.terminalId,
    applicant: { name: resident.name, idNumber: resident.idNumber },
  })
  const res = await fetch(`${centre.url}/api/v1/applications`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${centre.terminal.terminalId}:${centre.terminal.credential}`,
      'idempotency-key': app.id,
    },
    body: JSON.stringify({
      ...app,
      formData: {
        ...app.formData,
        applicant: {
          ...(app.formData.applicant as object),
          name: resident.name,
          idNumber: resident.idNumber,
        },
      },
    }),
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { caseNumber: string }).caseNumber
}

/** The same, with a 补正 for the 户口簿. */
async function caseWithSupplementNotice(kiosk: Kiosk): Promise<string> {
  const { centre } = kiosk
  const caseNumber = await submitted(kiosk)
  expect((await centre.caseApi(`/${caseNumber}/claim`)).status).toBe(200)
  const due = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10)
  const asked = await centre.caseApi(`/${caseNumber}/actions/request-supplement`, {
    reason: { codes: ['material-unclear'] },
    materials: [{ materialId: 'hukou-book', dueDate: due }],
  })
  expect(asked.status, JSON.stringify(asked.body)).toBe(200)
  return caseNumber
}

const card = (page: Page, caseNumber: string) =>
  page.locator('section.case').filter({ hasText: caseNumber })

/** How a test presses a kiosk button: a mouse click, or a finger (Touch.tap). */
type Press = (target: Locator) => Promise<void>
const click: Press = (target) => target.click()

async function toProgress(page: Page, kiosk: Kiosk, large: boolean, press = click) {
  await kiosk.host.control('/card/remove')
  await expect
    .poll(async () => (await kiosk.host.control<{ reader: string }>('/session')).reader)
    .toBe('waiting-card')
  await page.goto(kiosk.host.kioskUrl)
  await page.getByRole('heading', { name: '您好！请选择要办理的事项' }).waitFor()
  if (large) {
    await press(page.getByRole('button', { name: /大字/ }))
    await expect(page.locator('html')).toHaveAttribute('data-text-size', 'large')
  }
  await press(page.getByRole('button', { name: '查询办理进度' }))
  await page.getByRole('heading', { name: '请把身份证放在读卡区' }).waitFor()
  await kiosk.host.control('/card', resident)
  await expect(page.getByRole('heading', { name: /您有 \d+ 件办件/ })).toBeVisible()
}

/** Turns the progress pages until the case's card is in view. */
async function findCase(page: Page, caseNumber: string, press = click) {
  for (let i = 0; i < 10; i++) {
    const visible = page.locator('.page-item:not([data-off-page])').filter({ hasText: caseNumber })
    if ((await visible.count()) > 0) return
    await press(page.getByRole('button', { name: '下一页', exact: true }))
  }
  throw new Error(`case ${caseNumber} not on any page`)
}

for (const large of [false, true]) {
  const mode = large ? 'large' : 'normal'
  test(`补交 then 打印结果 at the kiosk (${large ? '大字' : 'normal text'})`, async ({
    page,
    kiosk,
  }) => {
    const { centre, host } = kiosk
    const caseNumber = await caseWithSupplementNotice(kiosk)
    await toProgress(page, kiosk, large)
    await findCase(page, caseNumber)
    const c = card(page, caseNumber)
    await expect(c).toContainText('待补交材料')
    await expect(c).toContainText('需要补交材料')
    await expect(c).toContainText('补交材料期间不计时')
    const faults: string[] = []
    await screenshot(page, `progress-supply-${mode}`)
    faults.push(...(await screenFaults(page, `progress-supply-${mode}`)))

    await c.getByRole('button', { name: '现在补交：居民户口簿' }).click()
    await arrived(page, onScreen('supply', '补交：居民户口簿'))
    await page.getByRole('button', { name: '打开摄像头拍照' }).click()
    await arrived(page, buttonReady('拍照'))
    await screenshot(page, `supply-camera-${mode}`)
    faults.push(...(await screenFaults(page, `supply-camera-${mode}`)))
    for (let i = 0; i < 2; i++) {
      await page.getByRole('button', { name: '拍照', exact: true }).click()
      await arrived(page, buttonReady('这张可以'))
      await page.getByRole('button', { name: '这张可以' }).click()
      await arrived(page, i === 0 ? buttonReady('拍照') : present('img[alt="第 2 页照片"]'))
    }
    await screenshot(page, `supply-photographed-${mode}`)
    faults.push(...(await screenFaults(page, `supply-photographed-${mode}`)))
    await page.getByRole('button', { name: '现在送交' }).click()
    await arrived(page, onScreen('supply-sent'))
    await expect(page.getByRole('status')).toContainText('已经保存在本机')
    await screenshot(page, `supply-sent-${mode}`)
    faults.push(...(await screenFaults(page, `supply-sent-${mode}`)))
    // Through the outbox to the centre: both pages, once.
    await expect.poll(async () => (await centre.suppliedPages(caseNumber)).length).toBe(2)

    // The clerk takes it from here (back in 待受理) and approves.
    for (const [action, body] of [
      ['accept', {}],
      ['supply', { materialId: 'bank-card' }],
      ['start-review', {}],
      ['approve', {}],
    ] as const) {
      const r = await centre.caseApi(`/${caseNumber}/actions/${action}`, body)
      expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200)
    }

    await page.getByRole('button', { name: '返回办理进度' }).click()
    await expect(page.getByRole('heading', { name: /您有 \d+ 件办件/ })).toBeVisible()
    await findCase(page, caseNumber)
    await expect(c).toContainText('已批准')
    await expect(c.getByRole('button', { name: '打印结果' })).toBeVisible()
    await screenshot(page, `progress-result-${mode}`)
    faults.push(...(await screenFaults(page, `progress-result-${mode}`)))
    const before = (await host.control<ParsedReceipt[]>('/receipts')).length
    await c.getByRole('button', { name: '打印结果' }).click()
    await expect(page.getByText('结果通知书已打印')).toBeVisible({ timeout: 20_000 })
    await screenshot(page, `print-result-${mode}`)
    faults.push(...(await screenFaults(page, `print-result-${mode}`)))

    const receipts = await host.control<ParsedReceipt[]>('/receipts')
    expect(receipts).toHaveLength(before + 1)
    const printed = receipts.at(-1)!
    expect(printed.text).toContain('结果通知书')
    expect(printed.text).toContain(caseNumber)
    expect(printed.text).toContain('准予')
    expect(printed.text).toContain('王*英')
    expect(printed.text).not.toContain(resident.name)
    expect(printed.qrCodes).toHaveLength(1)
    const payload = payloadOf(printed.qrCodes[0]!)
    expect(payload).not.toBeNull()
    const keys = ResultKeyList.parse(await (await fetch(`${centre.url}/api/v1/result-keys`)).json())
    expect(await checkResultPayload(payload!, keys)).toMatchObject({
      outcome: 'valid',
      fields: { caseNumber, decision: 'approved', maskedName: '王*英' },
    })
    // 已出件, on the card once the list is read again.
    await findCase(page, caseNumber)
    await expect(c.locator('.status')).toHaveText('已出件')
    expect(faults).toEqual([])
    await kiosk.host.control('/card/remove')
  })
}

/** The clerk console in a browser of its own, with the case open (claimed by this clerk). */
async function consoleWithCase(browser: Browser, kiosk: Kiosk, caseNumber: string) {
  const clerk = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
  await clerk.goto(`${kiosk.centre.url}/clerk.html`)
  await clerk.getByLabel('用户名').fill(RealCentre.clerk.username)
  await clerk.getByLabel('密码').fill(RealCentre.clerk.password)
  await clerk.getByRole('button', { name: '登录' }).click()
  await clerk.getByTestId('case-search').fill(caseNumber)
  await clerk.getByRole('button', { name: '查找' }).click()
  const view = clerk.getByTestId('case-view')
  await expect(view.getByTestId('case-status')).toHaveText('已提交')
  return { clerk, view }
}

test.describe('撤回, touch only', () => {
  test.use({ hasTouch: true })
  for (const large of [false, true]) {
    const mode = large ? 'large' : 'normal'
    test(`撤回申请 at the kiosk, shown 已撤回 live in the clerk's case view (${large ? '大字' : 'normal text'})`, async ({
      page,
      kiosk,
      browser,
    }) => {
      const { centre, link } = kiosk
      const touch = await Touch.on(page)
      const tap: Press = (target) => touch.tap(target)
      const caseNumber = await submitted(kiosk)
      const { clerk, view } = await consoleWithCase(browser, kiosk, caseNumber)
      await toProgress(page, kiosk, large, tap)
      await findCase(page, caseNumber, tap)
      const c = card(page, caseNumber)
      await expect(c.locator('.status')).toHaveText('已提交')
      const faults: string[] = []
      await tap(c.getByRole('button', { name: '撤回申请' }))
      await arrived(page, onScreen('withdraw', '确定撤回这件申请吗？'))
      const question = page.locator('main[data-screen="withdraw"]')
      await expect(question).toContainText('高龄津贴申领')
      await expect(question).toContainText(caseNumber)
      await screenshot(page, `withdraw-confirm-${mode}`)
      faults.push(...(await screenFaults(page, `withdraw-confirm-${mode}`)))

      if (!large) {
        // 不撤回 changes nothing.
        await tap(page.getByRole('button', { name: '不撤回' }))
        await expect(page.getByRole('heading', { name: /您有 \d+ 件办件/ })).toBeVisible()
        await findCase(page, caseNumber, tap)
        await expect(c.locator('.status')).toHaveText('已提交')
        expect(await centre.caseActions(caseNumber)).toEqual(['submit'])
        await tap(c.getByRole('button', { name: '撤回申请' }))
        await arrived(page, onScreen('withdraw', '确定撤回这件申请吗？'))

        // The centre records it but its answer never arrives: the kiosk says it cannot reach the
        // centre, and the question stays.
        link.hold()
        await tap(page.getByRole('button', { name: '确定撤回' }))
        await expect(page.getByRole('alert')).toContainText('现在连不上服务中心，请稍后再试', {
          timeout: 20_000,
        })
        await screenshot(page, `withdraw-offline-${mode}`)
        faults.push(...(await screenFaults(page, `withdraw-offline-${mode}`)))
        link.cut()
        link.release()
      }

      await tap(page.getByRole('button', { name: '确定撤回' }))
      await arrived(page, onScreen('withdraw-done', '申请已撤回'))
      await expect(page.getByRole('status')).toContainText('这件申请已撤回，不再办理')
      await screenshot(page, `withdraw-done-${mode}`)
      faults.push(...(await screenFaults(page, `withdraw-done-${mode}`)))
      // Once, also after the lost answer and the second 确定撤回.
      expect(await centre.caseActions(caseNumber)).toEqual(['submit', 'withdraw'])

      // Live in the clerk's open case (cases:changed), with who did it.
      await expect(view.getByTestId('case-status')).toHaveText('已撤回')
      await expect(view.getByTestId('history')).toContainText('撤回')
      await expect(view.getByTestId('history')).toContainText('申请人本人（经石桥村一号机）')
      if (!large) await screenshot(clerk, 'case-view-withdrawn')
      await clerk.close()

      await tap(page.getByRole('button', { name: '返回办理进度' }))
      await expect(page.getByRole('heading', { name: /您有 \d+ 件办件/ })).toBeVisible()
      await findCase(page, caseNumber, tap)
      await expect(c.locator('.status')).toHaveText('已撤回')
      await expect(c.getByRole('button', { name: '撤回申请' })).toHaveCount(0)
      expect(faults).toEqual([])
      await kiosk.host.control('/card/remove')
    })
  }
})
