// A receipt's QR link opened as a resident's phone would, shared by the specs that print receipts.
import { expect, type Browser, type Page } from '@playwright/test'
import { analyze } from './axe'

/**
 * Opens a receipt's QR link as a resident's phone would (390×844, Chinese), checks it answers 200
 * with a readable page that fits the screen, and saves a screenshot. Returns the page's text.
 */
export async function openQrOnPhone(
  browser: Browser,
  url: string,
  shot: string,
  screenshot: (page: Page, name: string) => Promise<void>,
): Promise<string> {
  const phoneContext = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: 'zh-CN',
  })
  const phone = await phoneContext.newPage()
  const cspErrors: string[] = []
  phone.on('console', (m) => {
    if (m.type() === 'error') cspErrors.push(m.text())
  })
  try {
    const res = await phone.goto(url)
    expect(res?.status()).toBe(200)
    expect(res?.headers()['content-type']).toBe('text/html; charset=utf-8')
    await expect(phone.getByRole('heading', { name: /办理进度查询/ })).toBeVisible()
    // Styled by its own inline style under the page's CSP (no external asset, nothing refused).
    expect(await phone.evaluate(() => getComputedStyle(document.body).fontSize)).toBe('20px')
    expect(cspErrors).toEqual([])
    // Nothing wider than the phone: no sideways scrolling.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    )
    const axe = await analyze(phone)
    const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    expect(bad.map((v) => `${shot}: ${v.id} ${v.nodes[0]?.target.join(' ')}`)).toEqual([])
    await screenshot(phone, shot)
    return await phone.locator('body').innerText()
  } finally {
    await phoneContext.close()
  }
}
