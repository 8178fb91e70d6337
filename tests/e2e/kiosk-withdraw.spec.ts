import type { Browser } from '@playwright/test'
import { Touch } from '../support/touch'
import { screenshot } from './fixtures'
import { openConsole } from './support/clerk-console'
import { expect, kioskTest, type Kiosk } from './support/kiosk-fixture'
import { arrived, onScreen } from './support/kiosk-path'
import { caseCard, findCase, submitAllowance, toProgress, type Press } from './support/progress'
import { RealCentre } from './support/real-centre'
import { screenFaults } from './support/screen-checks'

// 撤回 at the kiosk (docs/back-office.md, "撤回, online"; docs/kiosk.md): the resident withdraws
// an undecided case (确定撤回这件申请吗？) by touch, and the clerk's open case view shows 已撤回
// live with who did it; with the centre's answer lost, the kiosk says it cannot reach the centre
// and asking again withdraws it once. In normal and 大字.

const test = kioskTest()
test.describe.configure({ mode: 'serial' })

/** The clerk console in a browser of its own, with the case open (claimed by this clerk). */
async function consoleWithCase(browser: Browser, kiosk: Kiosk, caseNumber: string) {
  const clerk = await openConsole(browser, kiosk.centre.url, RealCentre.clerk)
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
      const caseNumber = await submitAllowance(kiosk)
      const { clerk, view } = await consoleWithCase(browser, kiosk, caseNumber)
      await toProgress(page, kiosk.host, large, tap)
      await findCase(page, caseNumber, tap)
      const c = caseCard(page, caseNumber)
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
