// Co-service (键对键), first slice: a resident on page 1 of the 高龄津贴申领 form asks for video
// help, the clerk accepts and asks to see the application; only after 同意 does the console show
// what the resident types (within a second), and after 停止共享 or the end of the call nothing of
// it is left in the console's DOM or storage. The real centre and the kiosk's own main process.
import { test as base, type Page } from '@playwright/test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, screenshot } from './fixtures'
import { DeviceHostProcess } from './support/device-host-process'
import { arrived, keypad, onScreen, resident } from './support/kiosk-path'
import { RealCentre } from './support/real-centre'
import {
  clerkLogsIn,
  closeAll,
  expectElderlySizes,
  expectVideoPlaying,
  mediaLaunchArgs,
  newParties,
  setAvailable,
} from './video-fixtures'

const test = base.extend<object, { centre: RealCentre; host: DeviceHostProcess }>({
  centre: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from this pattern
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'video-coservice-'))
      const centre = await RealCentre.create(join(dir, 'centre'))
      await use(centre)
      await centre.stop()
      rmSync(dir, { recursive: true, force: true })
    },
    { scope: 'worker' },
  ],
  host: [
    async ({ centre }, use) => {
      const host = new DeviceHostProcess(
        mkdtempSync(join(tmpdir(), 'video-coservice-host-')),
        centre.url,
        {},
        centre.terminal,
      )
      await host.start()
      await use(host)
      await host.kill('SIGTERM')
    },
    { scope: 'worker' },
  ],
})
test.use({ launchOptions: { executablePath: '/usr/bin/chromium', args: mediaLaunchArgs } })

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
