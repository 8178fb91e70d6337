// A kiosk reports its health to the centre over its socket and the technician's fleet console
// shows it: versions, printer, backlog. Pulling the simulated printer's paper raises the 缺纸
// alert within seconds; refilling it clears the alert. A larger fleet is paged by the centre,
// and a name search or a hall narrows it.
import type { Page } from '@playwright/test'
import { screenshot } from './fixtures'
import { expect, kioskTest, servedCatalog } from './support/kiosk-fixture'

const test = kioskTest({ catalog: servedCatalog })
test.describe.configure({ mode: 'serial' })

const TECH = { username: 'e2e-tech', password: 'e2e-tech-password-1', displayName: '周强' }
const TERMINAL = '石桥村一号机'

async function logIn(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/clerk.html`)
  await page.getByLabel('用户名').fill(TECH.username)
  await page.getByLabel('密码').fill(TECH.password)
  await page.getByRole('button', { name: '登录' }).click()
  await expect(page.getByTestId('console-role')).toHaveText('运维技术员')
}

test('the fleet console shows the kiosk’s health, and 缺纸 within seconds of the paper running out', async ({
  page,
  browser,
  kiosk,
}) => {
  await kiosk.centre.addStaff({ ...TECH, role: 'technician', categories: [] })
  await kiosk.host.control('/printer/refill')
  // The kiosk opens its socket and reports once its home screen is up.
  await page.goto(kiosk.host.kioskUrl)
  await page.getByRole('heading', { name: '您好！请选择要办理的事项' }).waitFor()

  const consoleContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
  const tech = await consoleContext.newPage()
  try {
    await logIn(tech, kiosk.centre.url)
    const row = tech.getByTestId(`terminal-${TERMINAL}`)
    await expect(row.getByTestId('terminal-status')).toHaveText('在线', { timeout: 15_000 })
    await expect(row.getByTestId('terminal-versions')).toContainText(
      `目录 ${servedCatalog.version}`,
    )
    await expect(row.getByTestId('terminal-printer')).toHaveText('正常')
    await expect(row.getByTestId('terminal-backlog')).toHaveText('无')
    await expect(tech.getByTestId('terminal-alerts')).toHaveCount(0)

    await kiosk.host.control('/printer/paper-out')
    const alert = tech.getByTestId('alert-paper-out')
    // A change is reported at once (at most 6 s after the previous report) and the panel reads
    // the list every 5 s.
    await expect(alert).toHaveText(`缺纸：石桥村便民服务站 · ${TERMINAL}`, { timeout: 15_000 })
    await expect(row.getByTestId('terminal-printer')).toHaveText('缺纸')
    await screenshot(tech, 'fleet-technician-paper-out')

    await kiosk.host.control('/printer/refill')
    await expect(alert).toHaveCount(0, { timeout: 15_000 })
    await expect(row.getByTestId('terminal-printer')).toHaveText('正常')

    // A larger fleet: 60 more terminals in another hall. The centre pages it, 50 a page.
    await kiosk.centre.enrolTerminals(
      '东山村便民服务站',
      Array.from({ length: 60 }, (_, i) => `东山村${i + 1}号机`),
    )
    const range = tech.getByTestId('fleet-range')
    await expect(range).toHaveText('第 1–50 台，共 61 台', { timeout: 15_000 })
    await expect(tech.getByTestId('filter-all')).toHaveText('全部（61）')
    await expect(row).toHaveCount(0)
    await tech.getByTestId('fleet-next').click()
    await expect(range).toHaveText('第 51–61 台，共 61 台')
    await expect(row.getByTestId('terminal-status')).toHaveText('在线')
    await screenshot(tech, 'fleet-console-pages')
    // A name searched for, or a hall chosen, starts from the first page of what matches.
    await tech.getByTestId('fleet-search').fill('一号')
    await expect(row).toBeVisible()
    await expect(tech.getByTestId('filter-all')).toHaveText('全部（1）')
    await expect(range).toHaveCount(0)
    await tech.getByTestId('fleet-search').fill('')
    await tech.getByTestId('fleet-hall').selectOption('东山村便民服务站')
    await expect(tech.getByTestId('filter-all')).toHaveText('全部（60）')
    await expect(range).toHaveText('第 1–50 台，共 60 台')
  } finally {
    await consoleContext.close()
  }
})
