// The clerk console (clerk.html on the centre) as a clerk opens it, shared by the specs that
// work cases in it: the console's own browser, the logins (clerk, technician), and the
// accessibility check.
import { chromium, expect, type Browser, type Page } from '@playwright/test'
import { chromiumArgs } from '../../../playwright.config'
import { analyze } from './axe'

/** A Chromium of its own for the consoles: the clerk's browser is not the kiosk's. */
export function launchConsoleBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: chromiumArgs,
  })
}

/** The console at full HD, logged in, once its case inbox is on screen. */
export async function openConsole(
  browser: Browser,
  centreUrl: string,
  who: { username: string; password: string },
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' })
  await page.goto(`${centreUrl}/clerk.html`)
  await page.getByLabel('用户名').fill(who.username)
  await page.getByLabel('密码').fill(who.password)
  await page.getByRole('button', { name: '登录' }).click()
  await expect(page.getByTestId('case-inbox')).toBeVisible()
  return page
}

/**
 * The technician's console (fleet view) on `page`, logged in once the console names the role.
 */
export async function openTechnicianConsole(
  page: Page,
  centreUrl: string,
  who: { username: string; password: string },
): Promise<void> {
  await page.goto(`${centreUrl}/clerk.html`)
  await page.getByLabel('用户名').fill(who.username)
  await page.getByLabel('密码').fill(who.password)
  await page.getByRole('button', { name: '登录' }).click()
  await expect(page.getByTestId('console-role')).toHaveText('运维技术员')
}

/** No serious or critical axe violation on the page as it is. */
export async function expectAccessible(page: Page): Promise<void> {
  const axe = await analyze(page)
  const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
    [],
  )
}
