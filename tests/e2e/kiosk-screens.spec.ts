import type { Page } from '@playwright/test'
import { openQrOnPhone } from './support/qr-page'
import { screenshot } from './fixtures'
import { expect, kioskTest, servedCatalog, type ParsedReceipt } from './support/kiosk-fixture'
import {
  applyForAllowance,
  applyForNewborn,
  rate,
  resident,
  sign,
  untimed,
} from './support/kiosk-path'
import { screenFaults } from './support/screen-checks'

// Every resident screen, in normal and 大字 mode, at 1920×1080 (playwright.config.ts): what the
// resident must tap is on screen, nothing scrolls, axe is content, no raw i18n key shows.

const test = kioskTest({ catalog: servedCatalog })
// Each test walks its own resident through; parallel lets the two workers share this long file.
test.describe.configure({ mode: 'parallel' })

type Mode = 'normal' | 'large'
const modeName = (mode: Mode) => (mode === 'large' ? '大字' : 'normal text')

/**
 * A screen checker for one mode: `at(name)` screenshots the screen and records its faults;
 * `start()` loads the home screen (and taps 大字 in large mode).
 */
function screens(page: Page, kioskUrl: string, mode: Mode) {
  const faults: string[] = []
  const seen: string[] = []
  return {
    faults,
    seen,
    at: async (name: string) => {
      if (name === 'rating-no-reason') return
      const shot = `screens-${mode}-${name}`
      seen.push(name)
      await screenshot(page, shot)
      faults.push(...(await screenFaults(page, shot)))
    },
    start: async () => {
      await page.goto(kioskUrl)
      await page.getByRole('heading', { name: '您好！请选择要办理的事项' }).waitFor()
      if (mode === 'large') await largeText(page)
    },
  }
}

async function largeText(page: Page): Promise<void> {
  await page.getByRole('button', { name: /大字/ }).click()
  await expect(page.locator('html')).toHaveAttribute('data-text-size', 'large')
}

for (const mode of ['normal', 'large'] as const) {
  // In normal text the walk also goes back from the review to change an answer, a material and
  // the signature (changeFromReview): one walk of the path for both.
  const changes = mode === 'normal' ? '; the review shows every answer, each changeable' : ''
  test(`高龄津贴 path, rating, progress, card taken away: every screen fits, is accessible, shows no raw key${changes} (${modeName(mode)})`, async ({
    page,
    kiosk,
  }) => {
    test.setTimeout(300_000)
    const { centre, host } = kiosk
    const before = centre.applicationIds()
    const { at: check, start, faults, seen } = screens(page, host.kioskUrl, mode)
    // What the review's pages show between them (innerText skips the hidden cards).
    let reviewed = ''
    const at = async (name: string) => {
      if (/^(13-review|review-page-)/.test(name)) reviewed += await reviewText(page)
      await check(name)
      if (changes && name === '13-review') await changeFromReview(page)
    }
    await start()
    await applyForAllowance(page, host, { step: untimed(page), at })
    for (const shown of ['联系电话', '独居', '居民户口簿', '社会保障卡或本人银行卡', '已签名'])
      expect(reviewed).toContain(shown)
    await expect(page.getByTestId('case-number')).toBeVisible({ timeout: 15_000 })
    if (changes) {
      // What was changed on the way back is what the centre received.
      const added = centre.applicationIds().filter((id) => !before.includes(id))
      expect(added).toHaveLength(1)
      const app = await centre.readAsClerk(added[0]!)
      expect(app.formData).toMatchObject({ applicant: { phone: '13912345678' } })
    }
    await at('14-receipt')
    // The resident takes the card and rates (the rating outlasts the reader's 400 ms poll, so
    // the card is seen to leave before it comes back for the progress lookup).
    await host.control('/card/remove')
    await rate(page, { step: untimed(page), at })

    // Progress lookup, and the question asked when the card is taken away mid-flow.
    if (mode === 'large') await largeText(page)
    await page.getByRole('button', { name: '查询办理进度' }).click()
    await page.getByRole('heading', { name: '请把身份证放在读卡区' }).waitFor()
    await host.control('/card', resident)
    await expect(page.getByRole('heading', { name: /您有 \d+ 件办件/ })).toBeVisible()
    await at('17-progress')
    await host.control('/card/remove')
    await expect(page.getByRole('alertdialog')).toBeVisible()
    await at('18-card-removed')
    await page.getByRole('button', { name: '不用了，结束' }).click()

    expect(seen.length).toBeGreaterThanOrEqual(20)
    expect(faults).toEqual([])
  })

  test(`一件事 (newborn bundle): every screen fits, is accessible, shows no raw key; the receipt lists each part's case (${modeName(mode)})`, async ({
    page,
    kiosk,
    browser,
  }) => {
    test.setTimeout(300_000)
    const { centre, host } = kiosk
    const before = centre.applicationIds()
    const printedBefore = (await host.control<ParsedReceipt[]>('/receipts')).length
    const { at, start, faults, seen } = screens(page, host.kioskUrl, mode)
    await start()
    await applyForNewborn(page, host, {
      step: untimed(page),
      at: async (name) => {
        // The receipt is checked once the centre's case number is in.
        if (name === 'b13-receipt')
          await expect(page.getByTestId('upload-state')).toHaveText('已上传，已收到受理编号', {
            timeout: 15_000,
          })
        await at(name)
      },
    })
    const added = centre.applicationIds().filter((id) => !before.includes(id))
    expect(added).toHaveLength(1)
    const caseNumber = centre.caseNumberOf(added[0]!)!
    const parts = [
      ['出生登记（新生儿落户）', `${caseNumber}-1`],
      ['城乡居民基本医疗保险参保登记', `${caseNumber}-2`],
      ['社会保障卡申领', `${caseNumber}-3`],
    ] as const
    // The receipt as the printer simulator parsed it: every part's service and case number.
    const receipts = await host.control<ParsedReceipt[]>('/receipts')
    expect(receipts).toHaveLength(printedBefore + 1)
    // Without the line breaks and indents of the paper's columns.
    const printed = receipts[receipts.length - 1]!.text.replace(/\s+/g, '')
    expect(printed).toContain(caseNumber)
    for (const [name, number] of parts) {
      expect(printed).toContain(name)
      expect(printed).toContain(`办件编号：${number}`)
    }
    // The receipt's one QR code opens a page with every part's case.
    const qr = receipts[receipts.length - 1]!.qrCodes
    expect(qr).toHaveLength(1)
    const qrPage = (await openQrOnPhone(browser, qr[0]!, `qr-bundle-${mode}`, screenshot)).replace(
      /\s+/g,
      '',
    )
    for (const [name, number] of parts) {
      expect(qrPage).toContain(name)
      expect(qrPage).toContain(number)
    }
    // And on screen.
    const shown = page.getByRole('list', { name: '本次一并办理' })
    for (const [name, number] of parts)
      await expect(shown.getByRole('listitem').filter({ hasText: name })).toContainText(number)
    await page.getByRole('button', { name: '结束办理' }).click()
    await host.control('/card/remove')

    expect(seen.length).toBeGreaterThanOrEqual(10)
    expect(faults).toEqual([])
  })
}

/** The review screen's answers, as shown. */
async function reviewText(page: Page): Promise<string> {
  return (await page.locator('main[data-screen="review"]').innerText()).replace(/\s+/g, ' ')
}

/**
 * On the review screen of the allowance path: every answer, material and the signature shown,
 * each with a way back to change it (the phone, a material, the signature), then back on the
 * review. The resident's phone becomes 139 1234 5678.
 */
async function changeFromReview(page: Page): Promise<void> {
  const review = page.locator('main[data-screen="review"]')
  const text = await reviewText(page)
  // Answers with their labels; a closed-list answer by its label, never its code.
  for (const shown of [
    '姓名',
    resident.name,
    '联系电话',
    '138 0013 8000',
    '居住情况',
    '独居',
    '开户银行',
    '农村商业银行（信用社）',
    '银行账号',
    '6230 1234 1234 1234 123',
    '1940年3月7日',
  ])
    expect(text).toContain(shown)
  for (const code of ['alone', 'rcc', 'female']) expect(text).not.toContain(code)
  // Every material: photographed (thumbnails) or deferred with its promised date.
  await expect(review.getByRole('img', { name: /居民户口簿 第 1 页/ })).toBeVisible()
  await expect(review.getByRole('img', { name: /居民户口簿 第 2 页/ })).toBeVisible()
  expect(text).toMatch(/社会保障卡或本人银行卡 以后补交，请在 \d{4}-\d{2}-\d{2} 前补交/)
  // The signed commitment, with the signature.
  await expect(review.getByRole('img', { name: '您的签名' })).toBeVisible()
  await screenshot(page, 'review-allowance')

  // 修改 on the phone's section: that step, then straight back to the review.
  await review.getByRole('button', { name: '修改 申请人' }).click()
  await expect(page.getByRole('heading', { name: /第 1 步/ })).toBeVisible()
  await page.getByRole('button', { name: '全部清除' }).click()
  for (const d of '13912345678')
    await page.locator('.keypad').getByRole('button', { name: d, exact: true }).click()
  await page.getByRole('button', { name: '改好了，回到核对' }).click()
  await expect(page.getByRole('heading', { name: '请核对后提交' })).toBeVisible()
  expect(await reviewText(page)).toContain('139 1234 5678')

  // 修改 on a material: its screen, then back to the review.
  await review.getByRole('button', { name: '修改 社会保障卡或本人银行卡' }).click()
  await expect(page.getByRole('heading', { name: /社会保障卡或本人银行卡/ })).toBeVisible()
  await page.getByRole('button', { name: '以后补交（15 天内）' }).click()
  await expect(page.getByRole('heading', { name: '请核对后提交' })).toBeVisible()

  // 重新签名: the commitment, then back to the review.
  await review.getByRole('button', { name: '修改 承诺书' }).click()
  await expect(page.getByRole('heading', { name: '高龄津贴申领承诺书' })).toBeVisible()
  await sign(page)
  await page.getByRole('button', { name: '我已阅读，同意并签名' }).click()
  await expect(page.getByRole('heading', { name: '请核对后提交' })).toBeVisible()
}
