// Voice guidance as the resident hears it: a recording stand-in for speechSynthesis (see
// support/speech-recorder.ts) observes what each screen says, in which language and voice; that
// mute silences it; and what a kiosk without a Mandarin voice does.
import type { Page } from '@playwright/test'
import en from '../../renderer/src/i18n/locales/en.json' with { type: 'json' }
import zh from '../../renderer/src/i18n/locales/zh-CN.json' with { type: 'json' }
import { screenshot } from './fixtures'
import { applyForAllowance, onScreen, arrived, rate, untimed } from './support/kiosk-path'
import { expect, kioskTest } from './support/kiosk-fixture'
import {
  lastSpoken,
  recordSpeech,
  speaking,
  spoken,
  zhAndEnVoices,
  type Spoken,
} from './support/speech-recorder'

const test = kioskTest()
test.describe.configure({ mode: 'serial' })

const han = /[\u3400-\u9fff]/

/** Waits until the page's newest utterance is a new one that satisfies `ok`. */
async function expectSaid(page: Page, ok: (s: Spoken) => boolean, what: string): Promise<Spoken> {
  await expect
    .poll(async () => {
      const s = await lastSpoken(page)
      return s !== null && ok(s)
    }, what)
    .toBe(true)
  return (await lastSpoken(page))!
}

/** What each screen of the path must say (zh-CN), by the path's screen names. */
function expectedZh(name: string, heading: string): (text: string) => boolean {
  const section = heading.split('：').slice(1).join('：')
  const table: Record<string, (t: string) => boolean> = {
    '01-home': (t) => t === zh.home.spokenGreeting,
    '02-category': (t) => t === '养老服务。请点击要办理的事项。',
    '03-guide': (t) =>
      t.startsWith('高龄津贴申领。') && t.includes('居民户口簿') && t.includes('不收费'),
    '04-signin': (t) => t === zh.signin.spoken,
    '05-form-applicant': (t) => t.startsWith(`请核对并填写：${section}。`),
    '06-form-error': (t) => t.startsWith('还有 1 处需要修改。') && t.includes('请填写“联系电话”'),
    '07-form-living': (t) => t.startsWith(`请核对并填写：${section}。`),
    '08-form-payout': (t) => t.startsWith(`请核对并填写：${section}。`),
    '09-material-hukou': (t) => t.startsWith('居民户口簿。'),
    '10-material-preview': (t) => t.startsWith('居民户口簿。'),
    '11-material-bank-card': (t) => t.includes('以后补交'),
    '12-commitment': (t) => t.startsWith('高龄津贴申领承诺书。') && t.includes('签上您的名字'),
    '13-review': (t) => t === zh.review.spoken,
    '15-rating': (t) => t === zh.rating.title,
    'rating-no-reason': (t) => t === zh.rating.why,
    '16-rating-reasons': (t) => t === zh.rating.why,
  }
  // A screen this table does not know yet (added to the path later) must at least say
  // something in Chinese.
  return table[name] ?? ((t) => han.test(t))
}

test('every screen of the 高龄津贴 path speaks its text in zh-CN with a Mandarin voice', async ({
  page,
  kiosk,
}) => {
  test.setTimeout(120_000)
  await recordSpeech(page, zhAndEnVoices)
  await page.goto(kiosk.host.kioskUrl)
  const heard: string[] = []
  const at = async (name: string) => {
    const heading = (await page.locator('main h2').first().textContent()) ?? ''
    const check = expectedZh(name, heading)
    const s = await expectSaid(page, (s) => check(s.text), `${name} says its text`)
    // Mandarin, in the Mandarin voice (not Cantonese, not the platform's default).
    expect(s, name).toMatchObject({ lang: 'zh-CN', voice: 'zh-CN' })
    heard.push(s.text)
    if (name === '01-home') {
      // The help button's topic screen speaks too.
      await page.getByTestId('help-button').click()
      await expectSaid(page, (s) => s.text === zh.video.pickSpoken, 'topic picker speaks')
      await page.getByRole('button', { name: zh.video.back }).click()
      await expectSaid(page, (s) => s.text === zh.home.spokenGreeting, 'home again')
    }
  }
  await applyForAllowance(page, kiosk.host, { step: untimed(page), at })
  const receipt = await expectSaid(page, (s) => s.text.startsWith('申请已提交'), 'receipt')
  expect(receipt).toMatchObject({ lang: 'zh-CN', voice: 'zh-CN' })
  // The deferred bank card and its due date are read out.
  expect(receipt.text).toContain('银行卡')
  await rate(page, { step: untimed(page), at })
  await expectSaid(page, (s) => s.text === zh.home.spokenGreeting, 'home after the rating')
  // Everything said was Chinese, never a raw i18n key.
  for (const s of await spoken(page)) {
    expect(s.text).toMatch(han)
    expect(s.text).not.toMatch(/\b[a-z]+\.[a-zA-Z]+\b/)
    expect(s.lang).toBe('zh-CN')
  }
  expect(heard.length).toBeGreaterThanOrEqual(15)
})

test('in English, screens speak English in an English voice', async ({ page, kiosk }) => {
  // The previous resident's card is taken away: a card on the reader is read at once on sign-in.
  await kiosk.host.control('/card/remove')
  // The reader has seen it go (else the sign-in screen reads the card still lying there).
  await expect
    .poll(async () => (await kiosk.host.control<{ reader: string }>('/session')).reader, {
      timeout: 5_000,
    })
    .toBe('waiting-card')
  await recordSpeech(page, zhAndEnVoices)
  await page.goto(kiosk.host.kioskUrl)
  await expectSaid(page, (s) => s.text === zh.home.spokenGreeting, 'Chinese first')
  await page.getByRole('button', { name: /Switch language|切换/ }).click()
  const checkEnglish = (s: Spoken) => {
    expect(s).toMatchObject({ lang: 'en', voice: 'en-US' })
    // English words only: no Chinese read by the English voice.
    expect(s.text).not.toMatch(han)
  }
  checkEnglish(await expectSaid(page, (s) => s.text === en.home.spokenGreeting, 'home in en'))
  await page.getByTestId('help-button').click()
  checkEnglish(await expectSaid(page, (s) => s.text === en.video.pickSpoken, 'topic picker'))
  await page.getByRole('button', { name: en.video.back }).click()
  await page.getByTestId('category-elderly-care').click()
  checkEnglish(
    await expectSaid(page, (s) => s.text.endsWith(en.category.spoken.slice(10)), 'category'),
  )
  await page.getByRole('button', { name: /Old-age allowance/ }).click()
  const guide = await expectSaid(page, (s) => s.text.startsWith('Old-age allowance'), 'guide')
  checkEnglish(guide)
  expect(guide.text).toContain(en.guide.spokenStart)
  await page.getByRole('button', { name: en.guide.start, exact: true }).click()
  checkEnglish(await expectSaid(page, (s) => s.text === en.signin.spoken, 'sign-in'))
})

test('mute stops speech at once and keeps every later screen silent; unmute says the screen', async ({
  page,
  kiosk,
}) => {
  await recordSpeech(page, zhAndEnVoices)
  await page.goto(kiosk.host.kioskUrl)
  await expectSaid(page, (s) => s.text === zh.home.spokenGreeting, 'home')
  expect(await speaking(page)).toBe(true)
  await page.getByRole('button', { name: zh.voice.mute }).click()
  // What was being said is cut off, not left to finish.
  expect(await speaking(page)).toBe(false)
  expect((await lastSpoken(page))?.cancelled).toBe(true)
  const before = (await spoken(page)).length
  await page.getByTestId('help-button').click()
  await expect(page.getByRole('heading', { name: zh.video.pickTitle })).toBeVisible()
  await page.getByRole('button', { name: zh.video.back }).click()
  await page.getByTestId('category-elderly-care').click()
  await arrived(page, onScreen('category', '养老服务'))
  await page.getByRole('button', { name: /高龄津贴申领/ }).click()
  await arrived(page, onScreen('guide', '高龄津贴申领'))
  expect(await spoken(page)).toHaveLength(before)
  expect(await speaking(page)).toBe(false)
  // Voice on again: the resident hears the screen they are on, once.
  await page.getByRole('button', { name: zh.voice.unmute }).click()
  const s = await expectSaid(page, (s) => s.text.startsWith('高龄津贴申领。'), 'guide again')
  expect(s).toMatchObject({ lang: 'zh-CN', voice: 'zh-CN' })
  expect(await spoken(page)).toHaveLength(before + 1)
})

test('without a Mandarin voice the resident gets the text, and the technician one log line', async ({
  page,
  kiosk,
}) => {
  const logged = () =>
    kiosk.host.logLines
      .map((l) => JSON.parse(l) as { msg: string; missing?: string[]; level: number })
      .filter((l) => /no speech voice/.test(l.msg))
  const linesBefore = logged().length
  await recordSpeech(page, [{ name: 'Test English', lang: 'en-US' }])
  await page.goto(kiosk.host.kioskUrl)
  await expect(page.getByRole('heading', { name: zh.home.greeting })).toBeVisible()
  await page.getByTestId('category-elderly-care').click()
  await arrived(page, onScreen('category', '养老服务'))
  await page.getByRole('button', { name: /高龄津贴申领/ }).click()
  await arrived(page, onScreen('guide', '高龄津贴申领'))
  // Every text is on screen...
  await expect(page.getByText('年满80周岁（从满80周岁的次月起发放）')).toBeVisible()
  await page.getByRole('button', { name: '开始办理' }).click()
  await expect(page.getByRole('heading', { name: zh.signin.title })).toBeVisible()
  await screenshot(page, 'voice-no-mandarin-signin')
  // ...and nothing Chinese went to the English voice (or to the platform's default one).
  await expect.poll(() => logged().length - linesBefore, 'one line for the technician').toBe(1)
  expect(await spoken(page)).toEqual([])
  const line = logged().at(-1)!
  expect(line.missing).toEqual(['zh-CN'])
  expect(line.level).toBe(40) // warn
  // Four screens later, and after a reload, still that one line.
  await page.reload()
  await expect(page.getByRole('heading', { name: zh.home.greeting })).toBeVisible()
  await page.getByTestId('category-elderly-care').click()
  await arrived(page, onScreen('category', '养老服务'))
  // English still speaks where the resident switches to it.
  await page.getByRole('button', { name: /Switch language|切换/ }).click()
  await expect
    .poll(async () => (await lastSpoken(page))?.voice ?? null, 'English voice')
    .toBe('en-US')
  expect(logged().length - linesBefore).toBe(1)
})
