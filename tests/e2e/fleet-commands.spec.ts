// The fleet console (docs/fleet.md): the kiosk's health as it reports it over its socket
// (versions, printer, backlog) and the 缺纸 alert raised within seconds of the paper running out
// and cleared on refill; the terminals by hall with filters, a terminal's page with its 7-day
// history as charts, remote commands held by the kiosk while a resident is mid-flow and
// run once it is idle (the result in the console), a new enrolment code with its QR, and a
// larger fleet paged by the centre, narrowed by a name search or a hall.
import jsQR from 'jsqr'
import { healthReport } from '../support/health'
import { screenshot } from './fixtures'
import { openTechnicianConsole } from './support/clerk-console'
import { expect, kioskTest, servedCatalog, type ParsedReceipt } from './support/kiosk-fixture'

const test = kioskTest({ catalog: servedCatalog })
test.describe.configure({ mode: 'serial' })

const TECH = { username: 'e2e-fleet', password: 'e2e-fleet-password-1', displayName: '周强' }
const TERMINAL = '石桥村一号机'
const HALL = '石桥村便民服务站'

const testPages = (receipts: ParsedReceipt[]) =>
  receipts.filter((r) => r.text.includes('打印测试')).length

test('a remote test page and self-test wait while a resident is mid-flow, run once the kiosk is idle, and the console shows them', async ({
  page,
  browser,
  kiosk,
}) => {
  await kiosk.centre.addStaff({ ...TECH, role: 'technician', categories: [] })
  await kiosk.host.control('/printer/refill')
  await page.goto(kiosk.host.kioskUrl)
  await page.getByRole('heading', { name: '您好！请选择要办理的事项' }).waitFor()

  const consoleContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
  const tech = await consoleContext.newPage()
  try {
    await openTechnicianConsole(tech, kiosk.centre.url, TECH)
    const row = tech.getByTestId(`terminal-${TERMINAL}`)
    await expect(row.getByTestId('terminal-status')).toHaveText('在线', { timeout: 15_000 })
    await expect(tech.getByTestId(`hall-${HALL}`)).toContainText('（1 台）')
    await expect(row.getByTestId('terminal-devices')).toHaveText('全部正常')
    // What the kiosk reported: the catalog it runs, the printer, the backlog; no alert.
    await expect(row.getByTestId('terminal-versions')).toContainText(
      `目录 ${servedCatalog.version}`,
    )
    await expect(row.getByTestId('terminal-printer')).toHaveText('正常')
    await expect(row.getByTestId('terminal-backlog')).toHaveText('无')
    await expect(tech.getByTestId('terminal-alerts')).toHaveCount(0)

    // Filters: the printer filter finds the terminal once its paper runs out, not before; the
    // 缺纸 alert comes with it.
    await tech.getByTestId('filter-printer').click()
    await expect(tech.getByTestId('fleet-none-match')).toBeVisible()
    await kiosk.host.control('/printer/paper-out')
    const alert = tech.getByTestId('alert-paper-out')
    // A change is reported at once (at most 6 s after the previous report) and the panel reads
    // the list every 5 s.
    await expect(alert).toHaveText(`缺纸：${HALL} · ${TERMINAL}`, { timeout: 15_000 })
    await expect(tech.getByTestId('filter-printer')).toHaveText('打印机故障（1）')
    await expect(row.getByTestId('terminal-printer')).toHaveText('缺纸')
    await expect(tech.getByTestId('filter-offline')).toHaveText('离线超过10分钟（0）')
    await screenshot(tech, 'fleet-console-filters')
    await tech.getByTestId('filter-all').click()
    await expect(row.getByTestId('terminal-printer')).toHaveText('缺纸')
    await screenshot(tech, 'fleet-technician-paper-out')
    await kiosk.host.control('/printer/refill')
    await expect(alert).toHaveCount(0, { timeout: 15_000 })
    await expect(row.getByTestId('terminal-printer')).toHaveText('正常')

    // The terminal's page: facts, the history as charts, the commands. The week before the
    // kiosk's own reports, as if it had reported all along: one sample an hour.
    const now = Date.now()
    await kiosk.centre.addHealthSamples(
      Array.from({ length: 7 * 24 - 1 }, (_, i) => {
        const hour = 7 * 24 - i
        const report = healthReport({
          outbox: { waiting: hour % 24 < 3 ? 4 - (hour % 24) : 0, oldestAgeSeconds: null },
          rttMs: 20 + ((hour * 37) % 60),
          diskFreeMb: 81_000 - i * 5,
          printer: { state: 'ready', paper: hour > 40 && hour < 46 ? 'out' : 'ok' },
        })
        return {
          terminalId: kiosk.centre.terminal.terminalId,
          receivedAt: now - hour * 3600_000,
          report,
        }
      }),
    )
    await row.getByRole('button', { name: '详情' }).click()
    const terminalPage = tech.getByTestId('terminal-page')
    await expect(terminalPage.getByRole('heading', { name: `${HALL} · ${TERMINAL}` })).toBeVisible()
    await expect(terminalPage.getByTestId('terminal-page-status')).toHaveText('在线')
    for (const chart of ['backlog', 'rtt', 'disk', 'paper'])
      await expect(terminalPage.getByTestId(`chart-${chart}`).locator('path.line')).toBeVisible()
    // The latest sample is the kiosk's own report today.
    await expect(terminalPage.getByTestId('chart-backlog')).toContainText('最新：0 项')
    await expect(terminalPage.getByTestId('chart-paper')).toContainText('最新：正常')
    await expect(terminalPage.getByText('还没有发给这台终端的命令。')).toBeVisible()
    await screenshot(tech, 'fleet-terminal-page')

    // A resident starts: the kiosk is no longer idle.
    await page.getByTestId('category-elderly-care').click()
    await expect(page.getByRole('heading', { name: '养老服务' })).toBeVisible()
    const before = testPages(await kiosk.host.control<ParsedReceipt[]>('/receipts'))

    await terminalPage.getByTestId('command-print-test-page').click()
    const command = terminalPage.getByTestId('command-row-print-test-page')
    // Delivered: the kiosk has it and holds it.
    await expect(command.getByTestId('command-state')).toHaveText('已送达，等终端空闲', {
      timeout: 10_000,
    })
    // A self-test asked for now waits too: it would take the printer and the camera from the
    // resident.
    await terminalPage.getByTestId('command-self-test').click()
    const selfTest = terminalPage.getByTestId('command-row-self-test')
    await expect(selfTest.getByTestId('command-state')).toHaveText('已送达，等终端空闲', {
      timeout: 10_000,
    })
    // The resident goes on; nothing is printed in the middle of their session.
    await page.getByRole('button', { name: /高龄津贴申领/ }).click()
    await expect(page.getByRole('heading', { name: /高龄津贴申领/ }).first()).toBeVisible()
    expect(testPages(await kiosk.host.control<ParsedReceipt[]>('/receipts'))).toBe(before)
    await expect(command.getByTestId('command-state')).toHaveText('已送达，等终端空闲')
    await expect(selfTest.getByTestId('command-state')).toHaveText('已送达，等终端空闲')
    await screenshot(tech, 'fleet-command-held')

    // The resident leaves: the kiosk is idle, the test page comes out, the console says so.
    await page.getByRole('button', { name: '回到首页' }).click()
    await page.getByRole('heading', { name: '您好！请选择要办理的事项' }).waitFor()
    await expect(command.getByTestId('command-state')).toHaveText('已完成', { timeout: 15_000 })
    await expect(command.getByTestId('command-result')).toHaveText('测试页已打印')
    // Then the self-test, unattended (no speaker question, no card awaited): its outcome named.
    await expect(selfTest.getByTestId('command-state')).toHaveText('已完成', { timeout: 30_000 })
    await expect(selfTest.getByTestId('command-result')).toHaveText(/^自检(全部通过|未通过：.+)$/)
    expect(testPages(await kiosk.host.control<ParsedReceipt[]>('/receipts'))).toBe(before + 1)

    // Logs come back sanitized.
    await terminalPage.getByTestId('command-upload-logs').click()
    const logs = terminalPage.getByTestId('command-row-upload-logs')
    await expect(logs.getByTestId('command-state')).toHaveText('已完成', { timeout: 15_000 })
    await expect(logs.getByTestId('command-result')).toContainText(/已上传 \d+ 行日志/)
    await logs.getByRole('button', { name: '查看' }).click()
    await expect(terminalPage.getByTestId('command-logs')).toContainText('device-host')
    await expect(terminalPage.getByTestId('command-list').locator('tbody tr')).toHaveCount(3)
    await screenshot(tech, 'fleet-commands-list')
  } finally {
    await consoleContext.close()
  }
})

test('a new enrolment code comes with a QR code of the centre’s address and the code; a larger fleet is paged', async ({
  browser,
  kiosk,
}) => {
  const consoleContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
  const tech = await consoleContext.newPage()
  try {
    await openTechnicianConsole(tech, kiosk.centre.url, TECH)
    await tech.getByLabel('服务站名称').fill('柳林村便民服务站')
    await tech.getByRole('button', { name: '生成登记码' }).click()
    const code = (await tech.getByTestId('enrol-code').first().innerText()).trim()
    const qr = tech.getByTestId('enrol-qr').first()
    await expect(qr).toBeVisible()
    // The image's pixels as the browser drew them, decoded here as the kiosk's camera would.
    const image = await qr.evaluate(async (img: HTMLImageElement) => {
      await img.decode()
      const canvas = document.createElement('canvas')
      canvas.width = img.naturalWidth
      canvas.height = img.naturalHeight
      const g = canvas.getContext('2d')!
      g.drawImage(img, 0, 0)
      const { data, width, height } = g.getImageData(0, 0, canvas.width, canvas.height)
      return { data: Array.from(data), width, height }
    })
    const decoded = jsQR(new Uint8ClampedArray(image.data), image.width, image.height)
    // The centre's public address (GET /api/v1/centre): here the centre's own.
    expect(JSON.parse(decoded?.data ?? 'null')).toEqual({ centre: kiosk.centre.url, code })
    await screenshot(tech, 'fleet-enrol-qr')

    // A larger fleet: 60 more terminals in another hall. The centre pages it, 50 a page.
    const row = tech.getByTestId(`terminal-${TERMINAL}`)
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
    await expect(row).toBeVisible()
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
