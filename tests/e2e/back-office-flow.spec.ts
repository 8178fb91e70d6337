// Issue 12's first check, end to end (docs/back-office.md): a resident submits 高龄津贴申领 at the
// kiosk (the device host, the bank card deferred); an elderly-care clerk, in a browser of their
// own, sees it in 待受理 within a second without a reload, while a civil-affairs clerk sees nothing
// and is refused on every case endpoint; the clerk claims it, reads the form, the photographed
// pages and the signature, and sends a 补正 notice for the bank card; at the kiosk the resident
// taps the card on 查询办理进度, photographs the bank card with 现在补交 and sends it; the clerk sees
// it arrive and approves; 打印结果 prints the notice with a QR code that the verify page shows as
// valid, still valid with the centre stopped, and not valid with one character changed; the case
// shows 已出件.
import type { Browser, Locator, Page } from '@playwright/test'
import { chinaDayPlus } from '../../common/domain/china-day'
import { CaseActionBodies, type CaseActionType } from '../../common/cases/api'
import { screenshot } from './fixtures'
import { expectAccessible, launchConsoleBrowser, openConsole } from './support/clerk-console'
import { expect, kioskTest, type ParsedReceipt } from './support/kiosk-fixture'
import { applyForAllowance, resident, untimed } from './support/kiosk-path'
import { caseCard, findCase, supplyMaterial, toProgress } from './support/progress'
import type { RealCentre } from './support/real-centre'
import { screenFaults } from './support/screen-checks'
import { tampered } from './support/verify-page'

const test = kioskTest()

const clerks = {
  elderly: {
    username: 'e2e-flow-elderly',
    password: 'e2e-flow-elderly-pw-1',
    displayName: '李娟',
    role: 'clerk' as const,
    categories: ['elderly-care'],
  },
  civil: {
    username: 'e2e-flow-civil',
    password: 'e2e-flow-civil-pw-1',
    displayName: '刘洋',
    role: 'clerk' as const,
    categories: ['civil-affairs'],
  },
}

const BANK_CARD = '社会保障卡或本人银行卡'

/** The date `days` ahead in China time (YYYY-MM-DD), as the kiosk dates a deferral. */
const localDate = (days: number): string => chinaDayPlus(Date.now(), days)

interface Endpoint {
  /** `METHOD /path` as the centre registers it (centre.caseRoutes()). */
  route: string
  path: string
  body?: unknown
  /**
   * What a clerk of another category gets: refused (403; 401 on a kiosk's route, which takes a
   * terminal's bearer), or 200 with nothing of the case in it.
   */
  refused: 401 | 403 | 'nothing'
}

/**
 * Every case endpoint (docs/back-office.md "API" and "At the kiosk"), each called for this case:
 * the spec checks this list against the routes the centre serves, so none is left out.
 */
function caseEndpoints(caseNumber: string): Endpoint[] {
  const base = '/api/v1/cases'
  const one = `${base}/${caseNumber}`
  const r = (route: string) => `${route.split(' ')[0]} ${base}${route.split(' ')[1] ?? ''}`
  const kiosk = { idNumber: resident.idNumber }
  const actions = (Object.keys(CaseActionBodies) as CaseActionType[]).map((type): Endpoint => ({
    route: r('POST /:caseNumber/actions/:action'),
    path: `${one}/actions/${type}`,
    // Refused before its body is read: a body that would do for an allowed caller is not needed.
    body: {},
    refused: 403,
  }))
  return [
    { route: r('GET'), path: `${base}?queue=to-accept`, refused: 'nothing' },
    { route: r('GET /counts'), path: `${base}/counts`, refused: 'nothing' },
    { route: r('POST /search-id'), path: `${base}/search-id`, body: kiosk, refused: 'nothing' },
    { route: r('GET /audit'), path: `${base}/audit`, refused: 403 },
    { route: r('GET /:caseNumber'), path: one, refused: 403 },
    { route: r('POST /:caseNumber/reveal'), path: `${one}/reveal`, refused: 403 },
    {
      route: r('GET /:caseNumber/pages/:materialId/:page'),
      path: `${one}/pages/hukou-book/0`,
      refused: 403,
    },
    {
      route: r('GET /:caseNumber/supplied/:seq/:materialId/:page'),
      path: `${one}/supplied/1/bank-card/0`,
      refused: 403,
    },
    { route: r('GET /:caseNumber/signature'), path: `${one}/signature`, refused: 403 },
    { route: r('GET /:caseNumber/assignees'), path: `${one}/assignees`, refused: 403 },
    { route: r('GET /:caseNumber/calls'), path: `${one}/calls`, refused: 403 },
    ...actions,
    { route: r('POST /:caseNumber/claim'), path: `${one}/claim`, refused: 403 },
    { route: r('DELETE /:caseNumber/claim'), path: `${one}/claim`, refused: 403 },
    {
      route: r('POST /:caseNumber/reassign'),
      path: `${one}/reassign`,
      body: { userId: 'any' },
      refused: 403,
    },
    {
      route: r('POST /:caseNumber/status'),
      path: `${one}/status`,
      body: { status: 'accepted' },
      refused: 403,
    },
    // The kiosk's routes take a terminal's bearer: a staff session is 401.
    { route: r('POST /lookup'), path: `${base}/lookup`, body: kiosk, refused: 401 },
    { route: r('POST /:caseNumber/supply'), path: `${one}/supply`, body: {}, refused: 401 },
    { route: r('POST /:caseNumber/result'), path: `${one}/result`, body: kiosk, refused: 401 },
    { route: r('POST /:caseNumber/issued'), path: `${one}/issued`, body: kiosk, refused: 401 },
    { route: r('POST /:caseNumber/receipt'), path: `${one}/receipt`, body: kiosk, refused: 401 },
    { route: r('POST /:caseNumber/withdraw'), path: `${one}/withdraw`, body: kiosk, refused: 401 },
  ]
}

async function call(
  centre: RealCentre,
  token: string,
  e: Pick<Endpoint, 'route' | 'path' | 'body'>,
): Promise<{ status: number; text: string }> {
  const res = await fetch(`${centre.url}${e.path}`, {
    method: e.route.split(' ')[0],
    headers: {
      authorization: `Bearer ${token}`,
      ...(e.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(e.body === undefined ? {} : { body: JSON.stringify(e.body) }),
  })
  return { status: res.status, text: await res.text() }
}

/** The clerk of another category, on every case endpoint: refused, or shown nothing of the case. */
async function expectRefusedEverywhere(
  centre: RealCentre,
  token: string,
  caseNumber: string,
): Promise<void> {
  const endpoints = caseEndpoints(caseNumber)
  expect([...new Set(endpoints.map((e) => e.route))].sort()).toEqual(
    [...new Set(centre.caseRoutes())].sort(),
  )
  // The application behind the case, read by its id, is the same case's data.
  const [applicationId] = centre.applicationIds()
  endpoints.push({
    route: 'GET /api/v1/applications/:id',
    path: `/api/v1/applications/${applicationId}`,
    refused: 403,
  })
  for (const e of endpoints) {
    const r = await call(centre, token, e)
    const what = `${e.route} (${e.path})`
    if (e.refused === 'nothing') {
      expect(r.status, what).toBe(200)
      expect(r.text, what).not.toContain(caseNumber)
      expect(r.text, what).not.toMatch(/":[1-9]/) // every count 0
    } else expect(r.status, what).toBe(e.refused)
  }
}

/** Each image of the locator decoded by the browser (a broken image has no natural width). */
async function expectDecoded(images: Locator, count: number): Promise<void> {
  await expect(images).toHaveCount(count)
  for (let i = 0; i < count; i++) {
    await expect
      .poll(() => images.nth(i).evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBeGreaterThan(0)
  }
}

/** An action that takes no reason, on the open case through its form, and the status after it. */
async function act(view: Locator, action: string, status: string) {
  await view.getByTestId(`action-${action}`).click()
  await view.getByTestId('action-send').click()
  await expect(view.getByTestId('case-status')).toHaveText(status)
}

/** The verify page on a phone, and what it says of `url`. */
async function expectVerified(phone: Page, url: string, outcome: 'valid' | 'invalid') {
  await phone.goto(url)
  await expect(phone.locator('#outcome')).toHaveAttribute('data-outcome', outcome)
}

test('高龄津贴申领 from the kiosk through the clerk’s inbox, 补正 and 补交 to a printed, verifiable result', async ({
  page,
  kiosk,
}) => {
  test.setTimeout(240_000)
  const { centre, host } = kiosk
  const elderlyToken = await centre.addStaff(clerks.elderly)
  const civilToken = await centre.addStaff(clerks.civil)
  const consoles: Browser = await launchConsoleBrowser()
  const faults: string[] = []
  const kioskShot = async (name: string) => {
    await screenshot(page, name)
    faults.push(...(await screenFaults(page, name)))
  }
  try {
    const clerk = await openConsole(consoles, centre.url, clerks.elderly)
    const civil = await openConsole(consoles, centre.url, clerks.civil)
    // Set once: still there at the end, so neither console was reloaded.
    for (const p of [clerk, civil])
      await p.evaluate(() => Object.assign(window, { __notReloaded: true }))
    for (const p of [clerk, civil]) await expect(p.getByTestId('inbox-empty')).toBeVisible()

    // The resident applies at the kiosk: two pages of the household register, the bank card deferred.
    await page.goto(host.kioskUrl)
    await applyForAllowance(page, host, { step: untimed(page) })
    await expect(page.getByTestId('upload-state')).toHaveText('已上传，已收到受理编号', {
      timeout: 15_000,
    })
    const caseNumber = (await page.getByTestId('case-number').textContent())!

    // Pushed to the console (cases:changed), not polled: in 待受理 within a second.
    const row = clerk.locator(`[data-testid="inbox-row"][data-case="${caseNumber}"]`)
    await expect(row).toBeVisible({ timeout: 1_000 })
    await expect(row).toContainText('高龄津贴申领')
    await expect(row).toContainText('石桥村便民服务站')
    await expect(clerk.getByTestId('count-to-accept')).toHaveText('(1)')
    await screenshot(clerk, 'flow-inbox')

    // The clerk of another category sees nothing of it and is refused on every case endpoint.
    await expect(civil.getByTestId('count-to-accept')).toHaveText('(0)')
    await expect(civil.getByTestId('inbox-row')).toHaveCount(0)
    await expectRefusedEverywhere(centre, civilToken, caseNumber)

    // Claimed by opening it: the form with the item's labels, both pages, the signature.
    await row.getByRole('button', { name: '打开' }).click()
    const view = clerk.getByTestId('case-view')
    await expect(view.getByTestId('case-claim')).toHaveText('您正在处理这个案件，其他坐席会看到。')
    await expect(view.getByTestId('case-status')).toHaveText('已提交')
    await expect(view.getByTestId('applicant')).toContainText('王*英 · 110101********1249')
    await expect(view.locator('dd[data-path="living.arrangement"]')).toHaveText('独居')
    await expect(view.locator('dd[data-path="applicant.phone"]')).toHaveText('138****8000')
    await expect(view).not.toContainText(resident.idNumber)
    await expectDecoded(view.getByTestId('case-page'), 2)
    await expectDecoded(view.getByTestId('signature'), 1)
    await expect(view.getByTestId('commitment-text')).toContainText('本人承诺所填信息')
    await expect(view.getByTestId('material-bank-card')).toContainText(
      `容缺后补 · 补交期限 ${localDate(15)}`,
    )
    await expectAccessible(clerk)
    await screenshot(clerk, 'flow-case-view')

    // 一次性告知补正: the bank card, now rather than in 15 days.
    await view.getByTestId('action-request-supplement').click()
    await view.getByTestId('supplement-bank-card').check()
    await view.getByTestId('reason-material-missing').check()
    await view.getByTestId('reason-text').fill('请补交本人银行卡，核对发放账户')
    await view.getByTestId('action-send').click()
    await expect(view.getByTestId('case-status')).toHaveText('待补交材料')
    await expect(view.getByTestId('history')).toContainText('一次性告知补正')

    // At the kiosk: the card tapped on 查询办理进度, the bank card photographed and sent.
    await toProgress(page, host)
    await findCase(page, caseNumber)
    const card = caseCard(page, caseNumber)
    await expect(card).toContainText('待补交材料')
    await expect(card).toContainText('需要补交材料')
    await kioskShot('flow-kiosk-progress-supply')
    await supplyMaterial(page, caseNumber, BANK_CARD, 1, async (screen) => {
      if (screen !== 'camera') await kioskShot(`flow-kiosk-supply-${screen}`)
    })

    // The clerk, with the case still open, sees it arrive: back to 已提交, with the page.
    await expect(view.getByTestId('case-status')).toHaveText('已提交', { timeout: 15_000 })
    const supplied = view.getByTestId('supplied-bank-card')
    await expect(supplied).toContainText('村便民服务站补交')
    await expectDecoded(supplied.getByTestId('supplied-page'), 1)
    // Through the kiosk's outbox: the page, once.
    expect((await centre.suppliedPages(caseNumber)).map((p) => p.materialId)).toEqual(['bank-card'])
    await screenshot(clerk, 'flow-case-view-supplied')
    await act(view, 'accept', '已受理')
    await act(view, 'start-review', '审核中')
    await act(view, 'approve', '已办结（通过）')

    // 打印结果 at the kiosk.
    await page.getByRole('button', { name: '返回办理进度' }).click()
    await expect(page.getByRole('heading', { name: /您有 \d+ 件办件/ })).toBeVisible()
    await findCase(page, caseNumber)
    await expect(card.locator('.status')).toHaveText('已办结（通过）')
    await kioskShot('flow-kiosk-result')
    const before = (await host.control<ParsedReceipt[]>('/receipts')).length
    await card.getByRole('button', { name: '打印结果' }).click()
    await expect(page.getByText('结果通知书已打印')).toBeVisible({ timeout: 20_000 })
    await kioskShot('flow-kiosk-result-printed')

    // The printer simulator's parse of the bytes: the notice text as the centre filled it, one QR.
    const receipts = await host.control<ParsedReceipt[]>('/receipts')
    expect(receipts).toHaveLength(before + 1)
    const printed = receipts.at(-1)!
    const caseView = await call(centre, elderlyToken, {
      route: 'GET',
      path: `/api/v1/cases/${caseNumber}`,
    })
    const notice = (JSON.parse(caseView.text) as { result: { noticeText: string } }).result
    const flat = (s: string) => s.replace(/\s+/g, '')
    // Line by line: the receipt puts a rule under the title and wraps at its width.
    for (const line of notice.noticeText.split('\n').filter((l) => l.trim()))
      expect(flat(printed.text)).toContain(flat(line))
    expect(printed.text).toContain('结果通知书')
    expect(printed.text).toContain(caseNumber)
    expect(printed.text).not.toContain(resident.name)
    expect(printed.qrCodes).toHaveLength(1)
    const qr = printed.qrCodes[0]!

    // 已出件, at the kiosk once the list is read again, and on the clerk's console, live.
    await findCase(page, caseNumber)
    await expect(card.locator('.status')).toHaveText('已出件')
    await expect(view.getByTestId('case-status')).toHaveText('已出件')
    for (const p of [clerk, civil])
      expect(await p.evaluate(() => '__notReloaded' in window)).toBe(true)
    expect(faults).toEqual([])

    // The QR on a phone (Chromium): valid; one character changed, not valid; the same with the
    // centre stopped, from what the page kept.
    const phoneContext = await consoles.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
    })
    const phone = await phoneContext.newPage()
    await expectVerified(phone, qr, 'valid')
    const outcome = phone.locator('#outcome')
    await expect(outcome).toContainText('王*英')
    await expect(outcome).toContainText(caseNumber)
    await expect(outcome).toContainText('准予')
    await expect(phone.locator('body')).toHaveAttribute('data-offline-ready', 'true')
    await screenshot(phone, 'flow-verify-valid')
    await expectVerified(phone, tampered(qr), 'invalid')
    await centre.stop()
    await expectVerified(phone, qr, 'valid')
    await expect(phone.locator('body')).toHaveAttribute('data-checked', 'offline')
    await screenshot(phone, 'flow-verify-offline')
    await expectVerified(phone, tampered(qr), 'invalid')
    await expect(outcome.locator('.reason')).toContainText('签名与内容不符')
    await screenshot(phone, 'flow-verify-tampered-offline')
  } finally {
    await consoles.close()
    await host.control('/card/remove').catch(() => {})
  }
})
