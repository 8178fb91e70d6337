// Technician mode on the kiosk (docs/fleet.md, "Technician's guide"): a kiosk with no credential
// opens on the first-run screen; the technician types the centre's address and a one-time code
// made at the centre, and the kiosk is enrolled and serves residents without a restart; the
// self-test passes on simulated devices and names each failure when a fault is set (printer out
// of paper, reader unplugged, centre unreachable); the technicians' console shows the terminal
// with its last self-test within seconds; later, technician mode opens only with a long press
// on the hall's name and a technician's login, and its settings are kept and applied.
import { test as base, expect, type Page } from '@playwright/test'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { screenshot } from './fixtures'
import { openTechnicianConsole } from './support/clerk-console'
import { DeviceHostProcess } from './support/device-host-process'
import { Link } from './support/link'
import { RealCentre } from './support/real-centre'
import { screenFaults } from './support/screen-checks'

const TECH = { username: 'e2etech', password: 'e2etechpassword1', displayName: '周强' }
const CLERK = { username: 'clerkb', password: 'clerkbpassword1', displayName: '李娜' }
const HALL = '柳树村便民服务站'
const NAME = 'LS01'

interface Site {
  centre: RealCentre
  link: Link
  host: DeviceHostProcess
  techToken: string
}

const test = base.extend<object, { site: Site }>({
  site: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from this pattern
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'kiosk-tech-'))
      const centre = await RealCentre.create(join(dir, 'centre'))
      const link = new Link({ host: '127.0.0.1', port: centre.port })
      await link.start()
      const techToken = await centre.addStaff({ ...TECH, role: 'technician', categories: [] })
      await centre.addStaff({ ...CLERK, role: 'clerk', categories: [] })
      // No credential, and a configured centre address where nothing answers: the technician
      // types the real one.
      const host = new DeviceHostProcess(join(dir, 'host'), 'http://127.0.0.1:9', {}, null)
      await host.start()
      await use({ centre, link, host, techToken })
      await host.kill('SIGTERM')
      await link.stop()
      await centre.stop()
      rmSync(dir, { recursive: true, force: true })
    },
    { scope: 'worker' },
  ],
})
test.describe.configure({ mode: 'serial' })

const faults: string[] = []
async function shot(page: Page, name: string, check = true): Promise<void> {
  if (check) faults.push(...(await screenFaults(page, name)))
  await screenshot(page, name)
}

/** Taps the keys of the open text-entry panel's keyboard, one per character. */
async function typeKeys(page: Page, keys: string, text: string): Promise<void> {
  for (const ch of text)
    await page.locator(`[data-testid="${keys}"] [data-skbtn="${ch}"]`).first().click()
}
async function deleteKeys(page: Page, keys: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++)
    await page.locator(`[data-testid="${keys}"] [data-skbtn="{bksp}"]`).click()
}
const done = (page: Page) => page.getByTestId('te-done').click()

async function enrolCode(site: Site, hall: string): Promise<string> {
  const res = await fetch(`${site.centre.url}/api/admin/enrol-codes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${site.techToken}` },
    body: JSON.stringify({ hall }),
  })
  return ((await res.json()) as { code: string }).code
}

async function consoleRow(page: Page, site: Site) {
  await openTechnicianConsole(page, site.centre.url, TECH)
  return page.getByTestId(`terminal-${NAME}`)
}

async function runAll(page: Page): Promise<void> {
  await page.getByRole('button', { name: '全部检测' }).click()
  // The speaker's tone: the technician says whether it was heard.
  await page.getByRole('button', { name: '听到了' }).click({ timeout: 30_000 })
  await expect(page.getByTestId('self-test-verdict')).toBeVisible({ timeout: 30_000 })
}

test('a kiosk with no credential is enrolled on its own screen, self-tested, and shown in the console', async ({
  page,
  browser,
  site,
}) => {
  test.setTimeout(180_000)
  await page.goto(site.host.kioskUrl)
  await expect(page.getByRole('heading', { name: '本机尚未登记' })).toBeVisible()
  await expect(page.getByRole('heading', { name: '您好！请选择要办理的事项' })).toHaveCount(0)
  await shot(page, 'technician-first-run')

  await page.getByRole('button', { name: '开始登记' }).click()
  await expect(page.getByRole('heading', { name: '登记本机' })).toBeVisible()
  // The configured address is prefilled.
  await expect(page.getByTestId('field-enrol-address')).toHaveValue('http://127.0.0.1:9')
  await shot(page, 'technician-enrol')

  const code = await enrolCode(site, HALL)
  await page.getByTestId('field-enrol-code').click()
  await typeKeys(page, 'te-code-keys', code.replace(/-/g, ''))
  await done(page)
  await page.getByTestId('field-enrol-name').click()
  await page.getByTestId('te-mode-code').click()
  await typeKeys(page, 'te-code-keys', NAME)
  await done(page)

  // Nothing answers at the configured address: said in words, nothing typed is lost.
  await page.getByRole('button', { name: '登记', exact: true }).click()
  await expect(page.getByTestId('enrol-error')).toHaveText(/连不上这个地址的服务中心/)
  await expect(page.getByTestId('field-enrol-code')).toHaveValue(code.replace(/-/g, ''))
  await expect(page.getByTestId('field-enrol-name')).toHaveValue(NAME)
  await shot(page, 'technician-enrol-unreachable')

  // The right address, a wrong code.
  const port = new URL(site.link.url).port
  await page.getByTestId('field-enrol-address').click()
  await deleteKeys(page, 'te-url-keys', 1)
  await typeKeys(page, 'te-url-keys', port)
  await done(page)
  await expect(page.getByTestId('field-enrol-address')).toHaveValue(site.link.url)
  await page.getByTestId('field-enrol-code').click()
  await deleteKeys(page, 'te-code-keys', 1)
  await typeKeys(page, 'te-code-keys', code.endsWith('A') ? 'B' : 'A')
  await done(page)
  await page.getByRole('button', { name: '登记', exact: true }).click()
  await expect(page.getByTestId('enrol-error')).toHaveText(/登记码不对/)
  await expect(page.getByTestId('field-enrol-name')).toHaveValue(NAME)
  await shot(page, 'technician-enrol-wrong-code')

  await page.getByTestId('field-enrol-code').click()
  await deleteKeys(page, 'te-code-keys', 1)
  await typeKeys(page, 'te-code-keys', code.slice(-1))
  await done(page)
  await page.getByRole('button', { name: '登记', exact: true }).click()
  await expect(page.getByRole('heading', { name: '登记完成' })).toBeVisible({ timeout: 15_000 })
  await expect(page.getByTestId('enrolled-as')).toHaveText(`本机已登记为“${HALL} · ${NAME}”。`)
  await shot(page, 'technician-enrolled')
  // The credential is kept where only the kiosk's user can read it, with the centre it names.
  const credFile = join(site.host.dataDir, 'terminal.json')
  expect(statSync(credFile).mode & 0o077).toBe(0)
  expect(JSON.parse(readFileSync(credFile, 'utf8'))).toMatchObject({
    hall: HALL,
    terminalName: NAME,
    serverUrl: site.link.url,
  })

  // The same code cannot enrol a second kiosk.
  const again = await fetch(`${site.centre.url}/api/terminals/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, terminalName: 'other' }),
  })
  expect(again.status).toBe(400)

  // Self-test on simulated devices, with a card lying on the reader.
  await site.host.control('/card')
  await page.getByRole('button', { name: '现在自检' }).click()
  await expect(page.getByRole('heading', { name: '设备自检' })).toBeVisible()
  await runAll(page)
  await expect(page.getByTestId('self-test-verdict')).toContainText('全部通过')
  for (const part of [
    'id-reader',
    'printer',
    'camera',
    'microphone',
    'speaker',
    'network',
    'disk',
    'outbox',
  ])
    await expect(page.getByTestId(`selftest-${part}`).getByTestId('selftest-status')).toHaveText(
      '通过',
    )
  // The card's holder, masked.
  await expect(page.getByTestId('selftest-id-reader')).toContainText(
    /读到：\S+\*.* \d{6}\*+\d{3}[\dX]/,
  )
  await expect(page.getByTestId('selftest-printer')).toContainText('纸宽 80mm')
  await shot(page, 'technician-self-test-passed')
  const printed = await site.host.control<{ text: string }[]>('/receipts')
  expect(printed.some((r) => /测试/.test(r.text))).toBe(true)

  const consoleContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
  const tech = await consoleContext.newPage()
  try {
    const row = await consoleRow(tech, site)
    await expect(row.getByTestId('terminal-status')).toHaveText('在线', { timeout: 15_000 })
    await expect(row.getByTestId('terminal-self-test')).toHaveText(/^通过（/, { timeout: 15_000 })

    // Faults: paper out, reader unplugged, centre gone.
    await site.host.control('/printer/paper-out')
    await site.host.control('/reader/unplug')
    await site.centre.stop()
    await runAll(page)
    await expect(page.getByTestId('self-test-verdict')).toContainText(
      '未通过：读卡器、打印机、网络',
    )
    const status = (part: string) =>
      page.getByTestId(`selftest-${part}`).getByTestId('selftest-status')
    await expect(status('id-reader')).toHaveText('未通过：未连接')
    await expect(status('printer')).toHaveText('未通过：缺纸')
    await expect(status('network')).toHaveText('未通过：连不上服务中心')
    await expect(status('camera')).toHaveText('通过')
    await shot(page, 'technician-self-test-failing')

    // The centre is back: the kiosk's next report carries the failed self-test.
    await site.centre.start()
    await tech.reload()
    await expect(tech.getByTestId('console-role'))
      .toHaveText('运维技术员')
      .catch(async () => {
        await consoleRow(tech, site)
      })
    const row2 = tech.getByTestId(`terminal-${NAME}`)
    await expect(row2.getByTestId('terminal-self-test')).toHaveText(
      /^未通过：读卡器、打印机、网络（/,
      { timeout: 20_000 },
    )
    await screenshot(tech, 'technician-console-self-test')

    // Refilled: testing the printer alone clears its failure, the others stay.
    await site.host.control('/printer/refill')
    await page.getByRole('button', { name: '检测 打印机' }).click()
    await expect(status('printer')).toHaveText('通过', { timeout: 30_000 })
    await expect(page.getByTestId('self-test-verdict')).toContainText('未通过：读卡器、网络')
    await site.host.control('/reader/replug')
  } finally {
    await consoleContext.close()
  }

  // Leaving technician mode: the residents' home screen, as the enrolled terminal.
  await page.getByRole('button', { name: '返回' }).click()
  await page.getByRole('button', { name: '开始为群众服务' }).click()
  await expect(page.getByRole('heading', { name: '您好！请选择要办理的事项' })).toBeVisible()
  await expect(page.getByTestId('hall-name')).toHaveText(HALL)
})

test('technician mode opens only with a long press and a technician’s login; settings are kept and applied', async ({
  page,
  site,
}) => {
  test.setTimeout(120_000)
  await page.goto(site.host.kioskUrl)
  await expect(page.getByRole('heading', { name: '您好！请选择要办理的事项' })).toBeVisible()
  const hall = page.getByTestId('hall-name')
  // A tap does nothing.
  await hall.click()
  await expect(page.getByRole('heading', { name: '运维技术员登录' })).toHaveCount(0)
  const box = (await hall.boundingBox())!
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await page.mouse.down()
  await expect(page.getByRole('heading', { name: '运维技术员登录' })).toBeVisible({
    timeout: 10_000,
  })
  await page.mouse.up()
  await shot(page, 'technician-login')

  const logIn = async (who: { username: string; password: string }) => {
    await page.getByTestId('field-tech-username').click()
    await deleteKeys(page, 'te-latin-keys', 20)
    await typeKeys(page, 'te-latin-keys', who.username)
    await done(page)
    await page.getByTestId('field-tech-password').click()
    await typeKeys(page, 'te-latin-keys', who.password)
    await done(page)
    await page.getByRole('button', { name: '登录', exact: true }).click()
  }
  // A clerk's account is refused, in words.
  await logIn(CLERK)
  await expect(page.getByTestId('login-error')).toHaveText(
    '这个账号不是运维技术员，不能进入运维模式。',
  )
  await shot(page, 'technician-login-refused')
  await logIn(TECH)
  await expect(page.getByRole('heading', { name: '运维', exact: true })).toBeVisible()
  await expect(page.getByTestId('tech-terminal')).toContainText(`${HALL} · ${NAME}`)
  await expect(page.getByTestId('tech-last-self-test')).toContainText('上次自检：未通过')
  await shot(page, 'technician-menu')

  await page.getByRole('button', { name: '本机设置' }).click()
  await expect(page.getByRole('heading', { name: '本机设置' })).toBeVisible()
  await page.getByRole('button', { name: '无操作提醒时间 增加' }).click()
  await page.getByRole('button', { name: '无操作提醒时间 增加' }).click()
  await expect(page.getByTestId('setting-idleSeconds')).toContainText('80 秒')
  await page.getByTestId('setting-largeText').getByRole('radio', { name: '开' }).click()
  await page.getByTestId('setting-paper').getByRole('radio', { name: '58 mm' }).click()
  await page.getByRole('button', { name: '保存设置' }).click()
  await expect(page.getByTestId('settings-message')).toHaveText('设置已保存，已经生效。')
  await shot(page, 'technician-settings')
  const kept = JSON.parse(readFileSync(join(site.host.dataDir, 'settings.json'), 'utf8')) as {
    idleSeconds: number
    paperWidth: string
    largeTextDefault: boolean
  }
  expect(kept).toMatchObject({ idleSeconds: 80, paperWidth: '58mm', largeTextDefault: true })

  await page.getByRole('button', { name: '导出日志' }).click()
  await expect(page.getByTestId('log-exported')).toContainText(/已导出 \d+ 行日志/)
  const file = /保存在：(\S+)/.exec(
    (await page.getByTestId('log-exported').textContent()) ?? '',
  )?.[1]
  const exported = readFileSync(file!, 'utf8')
  // Sanitized: no full ID number of the demo card that was read in the self-test.
  expect(exported).not.toMatch(/\d{17}[\dX]/)
  await shot(page, 'technician-settings-exported', false)

  // Back with the residents: 大字 from the start.
  await page.getByRole('button', { name: '退出运维模式' }).click()
  await expect(page.getByRole('heading', { name: '您好！请选择要办理的事项' })).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('data-text-size', 'large')
})

test('every technician screen fits, is accessible and shows no raw keys', () => {
  expect(faults).toEqual([])
})
