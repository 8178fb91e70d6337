import type { Page } from '@playwright/test'
import { screenshot } from './fixtures'
import { expect, kioskTest } from './support/kiosk-fixture'
import { submitAllowance, toProgress } from './support/progress'
import { screenFaults } from './support/screen-checks'

// A resident with more cases than one screen holds looks them up: the cases are turned page by
// page (上一页/下一页), never scrolled, in normal and 大字 mode, and every case is on some page.

const CASES = 6

const test = kioskTest({
  // The resident's earlier applications, submitted as the kiosk's outbox submits them.
  prepare: async (kiosk) => {
    for (let i = 0; i < CASES; i++) await submitAllowance(kiosk)
  },
})
test.describe.configure({ mode: 'serial' })

/** The case numbers on the page in view (cards of other pages are hidden and inert). */
async function casesInView(page: Page): Promise<string[]> {
  const text = await page.locator('.page-item:not([data-off-page])').allInnerTexts()
  return text.flatMap((t) => [...t.matchAll(/\d{8}-\d{6}/g)].map((m) => m[0]))
}

for (const large of [false, true]) {
  test(`${CASES} cases are turned page by page, none scrolled off (${large ? '大字' : 'normal text'})`, async ({
    page,
    kiosk,
  }) => {
    await toProgress(page, kiosk.host, large)
    await expect(page.getByRole('heading', { name: `您有 ${CASES} 件办件` })).toBeVisible()

    const seen = new Set<string>()
    const faults: string[] = []
    const count = page.getByText(/第 \d+ 页，共 \d+ 页/)
    await expect(count).toBeVisible()
    const pages = Number(/共 (\d+) 页/.exec((await count.textContent()) ?? '')?.[1])
    expect(pages).toBeGreaterThan(1)
    for (let n = 1; n <= pages; n++) {
      await expect(count).toHaveText(`第 ${n} 页，共 ${pages} 页`)
      const name = `progress-${large ? 'large' : 'normal'}-page-${n}`
      await screenshot(page, name)
      faults.push(...(await screenFaults(page, name)))
      const here = await casesInView(page)
      expect(here.length, `cases on page ${n}`).toBeGreaterThan(0)
      for (const c of here) seen.add(c)
      const next = page.getByRole('button', { name: '下一页', exact: true })
      if (n < pages) await next.click()
      else await expect(next).toHaveCount(0)
    }
    expect(seen.size).toBe(CASES)
    // And back: the first page again.
    for (let n = pages; n > 1; n--) await page.getByRole('button', { name: '上一页' }).click()
    await expect(count).toHaveText(`第 1 页，共 ${pages} 页`)
    expect(faults).toEqual([])
    await kiosk.host.control('/card/remove')
  })
}
