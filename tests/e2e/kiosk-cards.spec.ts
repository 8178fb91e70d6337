import type { Page } from '@playwright/test'
import type { CardType, IdCard } from '../../common/devices/id-card'
import { demoCards } from '../../electron/services/devices/id-reader/sim-cards'
import { screenshot } from './fixtures'
import type { DeviceHostProcess } from './support/device-host-process'
import { expect, kioskTest } from './support/kiosk-fixture'
import { resident as elder } from './support/kiosk-path'
import { expectAccessible as accessible } from './support/screen-checks'

// Every card type the reader decodes completes an application; what the card decides (age,
// validity) is told before the form; a card already on the reader is read when a screen asks
// for it; the phone field takes no digit beyond its length. Through the device host (the kiosk's
// main process, simulated reader) and the real centre, in Chromium.

const test = kioskTest()
// Each test puts its own card on the reader; parallel lets the two workers share this file.
test.describe.configure({ mode: 'parallel' })

/** The simulator's demo cards, as a technician or a demo would put them on the reader. */
const cards: Record<CardType, IdCard> = demoCards

/** How the form labels the number of each document. */
const numberLabel: Record<CardType, string> = {
  resident: '公民身份号码',
  'hk-mo-tw-residence': '港澳台居民居住证号码',
  'foreign-permanent': '外国人永久居留身份证号码',
  'foreign-permanent-2023': '外国人永久居留身份证号码',
}

/** Screenshot in normal and 大字 mode (the toggle flipped and back), axe on both. */
async function bothSizes(page: Page, name: string): Promise<void> {
  await screenshot(page, name)
  await accessible(page, name)
  await page.getByRole('button', { name: '大字' }).click()
  await expect(page.locator('html')).toHaveAttribute('data-text-size', 'large')
  await screenshot(page, `${name}-large`)
  await accessible(page, `${name}-large`)
  await page.getByRole('button', { name: '标准字' }).click()
  await expect(page.locator('html')).toHaveAttribute('data-text-size', 'normal')
}

async function keypad(page: Page, digits: string): Promise<void> {
  for (const d of digits)
    await page.locator('.keypad').getByRole('button', { name: d, exact: true }).click()
}

/** From home to the guide of an item in a category. */
async function openGuide(page: Page, host: DeviceHostProcess, category: string, item: string) {
  await page.goto(host.kioskUrl)
  await page.getByRole('heading', { name: '您好！请选择要办理的事项' }).waitFor()
  await page.getByTestId(`category-${category}`).click()
  await page.getByRole('button', { name: new RegExp(item) }).click()
  await expect(page.getByRole('heading', { name: item })).toBeVisible()
}

/** Starts 高龄津贴申领 with `card` on the reader; the kiosk says it cannot do it here. */
async function refusedForAllowance(page: Page, host: DeviceHostProcess, card: IdCard) {
  await openGuide(page, host, 'elderly-care', '高龄津贴申领')
  await page.getByRole('button', { name: '开始办理' }).click()
  await page.getByRole('heading', { name: '请把身份证放在读卡区' }).waitFor()
  await host.control('/card', card)
  await expect(page.getByRole('heading', { name: '这项业务不能在这里为您办理' })).toBeVisible()
}

/** Ends the session from the bar and takes the card away; waits until the reader saw it go. */
async function leave(page: Page, host: DeviceHostProcess, button: string) {
  await page.getByRole('button', { name: button, exact: true }).click()
  await page.getByRole('heading', { name: '您好！请选择要办理的事项' }).waitFor()
  await host.control('/card/remove')
  await expect.poll(() => readerState(host), { timeout: 5_000 }).toBe('waiting-card')
}

interface SessionDump {
  dump: string
  reader: string
}
const readerState = async (host: DeviceHostProcess) =>
  (await host.control<SessionDump>('/session')).reader
const sessionCard = async (host: DeviceHostProcess) =>
  (JSON.parse((await host.control<SessionDump>('/session')).dump) as { card: unknown }).card

for (const type of Object.keys(cards) as CardType[]) {
  test(`a ${type} card holder applies for a social security card; the centre holds the number`, async ({
    page,
    kiosk,
  }) => {
    test.setTimeout(90_000)
    const { centre, host } = kiosk
    const card = cards[type]
    const before = centre.applicationIds()
    await openGuide(page, host, 'social-security', '社会保障卡申领')
    await page.getByRole('button', { name: '开始办理' }).click()
    await page.getByRole('heading', { name: '请把身份证放在读卡区' }).waitFor()
    await host.control('/card', card)
    await expect(page.locator('main[data-screen="form"]')).toBeVisible()
    // The number is labelled after the document the resident holds, and shown as read.
    const form = page.locator('main[data-screen="form"]')
    await expect(form.getByText(numberLabel[type], { exact: true })).toBeVisible()
    await expect(form.getByText(card.idNumber)).toBeVisible()
    if (type !== 'resident') {
      await expect(form.getByText('公民身份号码')).toHaveCount(0)
      // No 民族 on these documents: not asked, not required.
      await expect(form.getByText('民族', { exact: true })).toHaveCount(0)
    }
    if (!card.address) {
      // A foreigner's card has no address: asked, typed in by the resident.
      await expect(form.getByText('户籍地址')).toHaveCount(0)
      // On the kiosk's own text-entry panel (no system keyboard), in pinyin: 石桥 (shiqiao).
      const address = form.getByRole('textbox', { name: '在华居住地址' })
      await address.click()
      await page.getByTestId('te-mode-pinyin').click()
      const keys = page.getByTestId('te-py-keys')
      for (const l of 'shiqiao')
        await keys.getByRole('button', { name: l.toUpperCase(), exact: true }).click()
      await page
        .getByTestId('te-py-candidates')
        .getByRole('button', { name: '石桥', exact: true })
        .click()
      await expect(address).toHaveValue('石桥')
      await page.getByTestId('te-done').click()
    }
    if (type === 'hk-mo-tw-residence')
      await expect(form.getByText('居住地址', { exact: true })).toBeVisible()
    await keypad(page, '13800138000')
    // The top of the section, where the card's fields are (the keypad scrolled it down).
    await form.locator('.screen-body').evaluate((e) => e.scrollTo(0, 0))
    await bothSizes(page, `cards-${type}-form`)
    await page.getByRole('button', { name: '下一步' }).click()
    await expect(page.getByRole('heading', { name: /材料 1\/1/ })).toBeVisible()
    await page.getByRole('button', { name: '以后补交（30 天内）' }).click()
    await page.getByRole('heading', { name: '申领承诺书' }).waitFor()
    const box = (await page.getByTestId('signature-pad').boundingBox())!
    await page.mouse.move(box.x + 100, box.y + 150)
    await page.mouse.down()
    for (let x = 100; x < 600; x += 50) await page.mouse.move(box.x + x, box.y + 120 + (x % 100))
    await page.mouse.up()
    await page.getByRole('button', { name: '我已阅读，同意并签名' }).click()
    await page.getByRole('heading', { name: '请核对后提交' }).waitFor()
    await page.getByRole('button', { name: '确认提交' }).click()
    await expect(page.getByTestId('case-number')).toHaveText(/^\d{8}-\d{6}$/, { timeout: 15_000 })
    // The centre holds it with the number as read, whatever the document.
    const added = centre.applicationIds().filter((id) => !before.includes(id))
    expect(added).toHaveLength(1)
    const app = await centre.readAsClerk(added[0]!)
    expect(app.code).toBe('SI-CARD-APPLY')
    expect(app.applicant).toEqual({
      name: card.name,
      idNumber: card.idNumber,
      validUntil: card.validUntil,
    })
    expect(app.formData.applicant).toMatchObject({ idNumber: card.idNumber, phone: '13800138000' })
    if (type !== 'resident') expect(app.formData.applicant).not.toHaveProperty('nation')
    expect(centre.caseNumberOf(app.id)).toBe(await page.getByTestId('case-number').textContent())
    await leave(page, host, '结束办理')
  })
}

test('a 36-year-old is told before the form that the allowance is for people aged 80 and over', async ({
  page,
  kiosk,
}) => {
  const { host } = kiosk
  // Registered in the county, so age is the one condition the card decides against.
  const young: IdCard = { ...demoCards.resident, address: elder.address! }
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
  const age =
    Number(today.slice(0, 4)) - 1990 - (today.slice(5) >= young.birthDate.slice(5) ? 0 : 1)
  expect(age).toBe(36)
  await refusedForAllowance(page, host, young)
  await expect(page.getByTestId('ineligible-reasons')).toHaveText(
    `“高龄津贴申领”是为年满80周岁的居民办理的。按证件上的出生日期，您现在${age}周岁。`,
  )
  await expect(page.locator('main[data-screen="form"]')).toHaveCount(0)
  await expect(page.getByRole('button', { name: '视频求助' })).toBeVisible()
  await bothSizes(page, 'cards-ineligible-age')
  await leave(page, host, '回到首页')
})

test('an expired card is refused kindly before the form, with video help offered', async ({
  page,
  kiosk,
}) => {
  const { host } = kiosk
  const expired: IdCard = { ...elder, validUntil: '2024-01-01' }
  await refusedForAllowance(page, host, expired)
  await expect(page.getByTestId('ineligible-reasons')).toHaveText(
    '您的居民身份证有效期到2024年1月1日，已经过期，不能用来办理。请先换领新证，再来办理。',
  )
  await bothSizes(page, 'cards-ineligible-expired')
  // Video help is one tap away and opens the video counter.
  await page.getByRole('button', { name: '视频求助' }).click()
  await expect(page.locator('main[data-screen="ineligible"]')).toHaveCount(0)
  await expect(page.getByRole('heading', { name: /工作人员/ })).toBeVisible()
  await screenshot(page, 'cards-ineligible-expired-video')
  await page.goto(host.kioskUrl)
  await host.control('/card/remove')
  await expect.poll(() => readerState(host)).toBe('waiting-card')
})

test('a card already lying on the reader is read when the sign-in screen appears', async ({
  page,
  kiosk,
}) => {
  const { host } = kiosk
  await page.goto(host.kioskUrl)
  await page.getByRole('heading', { name: '您好！请选择要办理的事项' }).waitFor()
  // Placed on the home screen, before any screen asks for it: nobody's session yet.
  await host.control('/card', elder)
  await expect.poll(() => readerState(host)).toBe('card-present')
  await expect.poll(() => sessionCard(host)).toBeNull()
  await page.getByTestId('category-elderly-care').click()
  await page.getByRole('button', { name: /高龄津贴申领/ }).click()
  await page.getByRole('button', { name: '开始办理' }).click()
  // Not lifted and placed again: the form comes up with the card's data.
  await expect(page.locator('main[data-screen="form"]')).toBeVisible({ timeout: 5_000 })
  await expect(page.getByText(elder.name)).toBeVisible()
  await leave(page, host, '回到首页')
})

test('the phone field refuses a 12th digit at the keypad', async ({ page, kiosk }) => {
  const { host } = kiosk
  await openGuide(page, host, 'elderly-care', '高龄津贴申领')
  await page.getByRole('button', { name: '开始办理' }).click()
  await page.getByRole('heading', { name: '请把身份证放在读卡区' }).waitFor()
  await host.control('/card', elder)
  await expect(page.locator('main[data-screen="form"]')).toBeVisible()
  // The phone field stops at 11 digits: a 12th is refused at the keypad.
  await keypad(page, '13800138000')
  const display = page.locator('.keypad-display')
  await expect(display).toHaveText('13800138000')
  const nine = page.locator('.keypad').getByRole('button', { name: '9', exact: true })
  await expect(nine).toBeDisabled()
  await nine.click({ force: true })
  await expect(display).toHaveText('13800138000')
  await bothSizes(page, 'cards-phone-full')
  // Deleting one digit lets one in again.
  await page.getByRole('button', { name: '删除一位' }).click()
  await expect(nine).toBeEnabled()
  await nine.click()
  await expect(display).toHaveText('13800138009')
  await leave(page, host, '回到首页')
})
