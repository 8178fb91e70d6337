import type { Locator, Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { medianStrokes, Touch } from '../support/touch'
import { screenshot } from './fixtures'
import { expect, kioskTest } from './support/kiosk-fixture'
import { toNewbornPage } from './support/newborn-path'
import { expectAccessible as accessible } from './support/screen-checks'

// 新生儿出生“一件事” by touch alone: the baby's name written with a finger, the spouse's name
// in pinyin, the birth certificate number on the letters/digits pad; the real centre then holds
// exactly those values. Every input is a touch through Chromium's touch pipeline (tests/support/
// touch.ts); the only non-touch action is choosing from the date widget's <select>s.

const CHILD_NAME = '王明'
const SPOUSE_NAME = '李芳'
const CERTIFICATE = 'N441234567'

const require = createRequire(import.meta.url)
const hanziData = dirname(require.resolve('hanzi-writer-data/package.json'))
const medians = (ch: string): number[][][] =>
  (JSON.parse(readFileSync(join(hanziData, `${ch}.json`), 'utf8')) as { medians: number[][][] })
    .medians

// The idle check (tested in kiosk-privacy.spec.ts) is pushed out: on a loaded machine the axe
// runs between two touches can outlast its 60 s.
const test = kioskTest({ hostEnv: { KIOSK_IDLE_SECONDS: '900' } })

// A finger's move every 24 px (a quick stroke sampled at 60 Hz), not stroke()'s default 8: every
// move is a CDP round trip through the renderer (0.1 s each on two loaded cores, 300 for the
// baby's name), and the moves between two points of a median lie on the line between them, so
// the pad draws and the recogniser reads the same strokes (it works from their turning points).
const STEP_PX = 24

test.use({ hasTouch: true })
const afterAll: (() => void)[] = []
test.afterEach(() => {
  for (const f of afterAll.splice(0)) f()
})

/** The panel inside the screen, every button of it ≥ 64 px, and the field visible above it. */
async function panelFits(page: Page, field: Locator): Promise<void> {
  const panel = page.getByTestId('text-panel')
  const p = (await panel.boundingBox())!
  expect(p.y).toBeGreaterThanOrEqual(0)
  expect(p.y + p.height).toBeLessThanOrEqual(1080 + 0.5)
  expect(p.width).toBeLessThanOrEqual(1920)
  const f = (await field.boundingBox())!
  expect(f.y, 'field below the top of the screen').toBeGreaterThanOrEqual(0)
  expect(f.y + f.height, 'field above the panel').toBeLessThanOrEqual(p.y)
  const smallest = await panel.evaluate((el) =>
    Math.min(
      ...[...el.querySelectorAll('button')]
        .map((b) => b.getBoundingClientRect())
        .filter((r) => r.width > 0)
        .map((r) => Math.min(r.width, r.height)),
    ),
  )
  expect(smallest, 'smallest key').toBeGreaterThanOrEqual(64)
}

/** Screenshots of the open panel in normal and 大字 (toggled by touch, then back), with checks. */
async function shoot(page: Page, touch: Touch, field: Locator, name: string): Promise<void> {
  await screenshot(page, `text-${name}`)
  await panelFits(page, field)
  await accessible(page, name)
  const toggle = page.getByRole('button', { name: '大字' })
  await touch.tap(toggle)
  await expect(page.locator('html')).toHaveAttribute('data-text-size', 'large')
  await screenshot(page, `text-${name}-large`)
  await panelFits(page, field)
  await accessible(page, `${name}-large`)
  await touch.tap(page.getByRole('button', { name: '标准字' }))
  await expect(page.locator('html')).toHaveAttribute('data-text-size', 'normal')
}

/** Writes one character on the pad; if the recogniser's best is another, taps it among the rest. */
async function write(page: Page, touch: Touch, ch: string): Promise<'first' | 'tapped'> {
  const pad = page.getByTestId('te-pad')
  const box = (await pad.boundingBox())!
  await touch.strokesIn(pad, medianStrokes(medians(ch), box.width, box.height), STEP_PX)
  const bar = page.getByTestId('te-hw-candidates')
  const all = medians(ch).length
  // Candidates for all the strokes are in (the pad counts the strokes it asked about).
  await expect(page.getByTestId('te-handwriting')).toHaveAttribute('data-recognised', String(all))
  const chosen = bar.locator('[aria-pressed="true"]')
  const first = (await chosen.textContent()) === ch
  if (!first) await touch.tap(bar.getByRole('button', { name: ch, exact: true }))
  await expect(chosen).toHaveText(ch)
  // The character is finished after the pause; the next stroke starts a new one.
  await expect(page.getByTestId('te-handwriting')).toHaveAttribute('data-open', 'false')
  return first ? 'first' : 'tapped'
}

/** Types pinyin on the on-screen keyboard. */
async function typePinyin(page: Page, touch: Touch, letters: string): Promise<void> {
  const keys = page.getByTestId('te-py-keys')
  for (const l of letters)
    await touch.tap(keys.getByRole('button', { name: l.toUpperCase(), exact: true }))
  await expect(page.getByTestId('te-typed')).toContainText(letters)
  // Candidates exist once the dictionary is in (paging before that turns past them).
  await expect(page.getByTestId('te-pinyin')).toHaveAttribute('data-dictionary', 'ready')
}

/** Taps `word` among the pinyin candidates, paging on with the arrow as needed. */
async function pickPinyin(page: Page, touch: Touch, letters: string, word: string): Promise<void> {
  const bar = page.getByTestId('te-py-candidates')
  for (let page_ = 0; page_ < 10; page_++) {
    const hit = bar.getByRole('button', { name: word, exact: true })
    if (await hit.count()) return touch.tap(hit)
    await touch.tap(bar.getByRole('button', { name: '下一页候选' }))
  }
  throw new Error(`${word} not offered for ${letters}`)
}

test('a resident completes 新生儿出生“一件事” by touch: name handwritten, spouse in pinyin, certificate number on the code pad', async ({
  page,
  kiosk,
}) => {
  // The steps took 3.0 min on two cores at load 13 (120 s ran out at the receipt): bounded
  // near that, so a hang fails within it instead of eating the CI run.
  test.setTimeout(240_000)
  const { centre, host } = kiosk
  const before = centre.applicationIds()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  test.info().annotations.push({ type: 'page errors', description: '(see end)' })
  afterAll.push(() => expect(errors).toEqual([]))
  await page.goto(host.kioskUrl)
  const touch = await Touch.on(page)
  const tapButton = (name: string | RegExp, exact = false) =>
    touch.tap(page.getByRole('button', { name, exact }))

  await toNewbornPage(page, touch, host)

  // The newborn: the name by handwriting (the default mode for a name).
  const nameField = page.getByRole('textbox', { name: '姓名' })
  await touch.tap(nameField)
  const panel = page.getByTestId('text-panel')
  await expect(panel).toHaveAttribute('data-mode', 'handwriting')
  const ways: string[] = []
  for (const ch of CHILD_NAME) ways.push(await write(page, touch, ch))
  await expect(nameField).toHaveValue(CHILD_NAME)
  await shoot(page, touch, nameField, 'handwriting')
  await touch.tap(page.getByTestId('te-done'))
  await expect(panel).toBeHidden()

  await touch.tap(page.getByRole('radio', { name: '男' }))
  // The date on its keypad, by touch like everything else.
  const datePad = page.getByRole('group', { name: '日期键盘' })
  for (const d of '20250520') await touch.tap(datePad.getByRole('button', { name: d, exact: true }))
  await expect(page.getByTestId(/^date-/)).toContainText('2025年05月20日')

  // The certificate number: a code field offers only the letters/digits pad.
  const certField = page.getByRole('textbox', { name: '出生医学证明编号' })
  await touch.tap(certField)
  await expect(panel).toHaveAttribute('data-mode', 'code')
  await expect(panel.getByRole('radio')).toHaveCount(1)
  const codeKeys = page.getByTestId('te-code-keys')
  for (const c of CERTIFICATE)
    await touch.tap(codeKeys.getByRole('button', { name: c, exact: true }))
  await expect(certField).toHaveValue(CERTIFICATE)
  await shoot(page, touch, certField, 'code')
  await touch.tap(page.getByTestId('te-done'))
  await tapButton('下一步')

  // The spouse: the resident switches to pinyin, which the kiosk then remembers.
  await page.getByRole('heading', { name: /第 3 步/ }).waitFor()
  const spouseField = page.getByRole('textbox', { name: '配偶姓名' })
  await touch.tap(spouseField)
  await expect(panel).toHaveAttribute('data-mode', 'handwriting')
  await touch.tap(page.getByTestId('te-mode-pinyin'))
  await expect(panel).toHaveAttribute('data-mode', 'pinyin')
  await typePinyin(page, touch, 'li')
  await pickPinyin(page, touch, 'li', '李')
  await typePinyin(page, touch, 'fang')
  // Words first, then characters: the first page already offers 方 and 放 for "fang".
  await expect(
    page.getByTestId('te-py-candidates').getByRole('button', { name: '方' }),
  ).toBeVisible()
  await shoot(page, touch, spouseField, 'pinyin')
  await pickPinyin(page, touch, 'fang', '芳')
  await expect(spouseField).toHaveValue(SPOUSE_NAME)
  await touch.tap(page.getByTestId('te-done'))
  await tapButton('下一步')

  // The card: a closed list is tiles, no typing; the remembered mode is pinyin.
  await page.getByRole('heading', { name: /第 4 步/ }).waitFor()
  await touch.tap(page.getByRole('radio', { name: '邮寄到家' }))
  await touch.tap(page.getByRole('textbox', { name: /邮寄地址/ }))
  await expect(panel).toHaveAttribute('data-mode', 'pinyin')
  await touch.tap(page.getByTestId('te-done'))
  await touch.tap(page.getByRole('radio', { name: '到村便民服务站领取' }))
  await tapButton('下一步')

  // Materials: the certificate photographed, the household register (2 pages), photo later.
  await page.getByRole('heading', { name: /材料 1\/3/ }).waitFor()
  for (const pages of [1, 2]) {
    await tapButton('打开摄像头拍照')
    for (let i = 0; i < pages; i++) {
      await expect(page.getByRole('button', { name: '拍照', exact: true })).toBeEnabled()
      await tapButton('拍照', true)
      await expect(page.getByRole('button', { name: '这张可以' })).toBeEnabled()
      await tapButton('这张可以')
    }
    await expect(page.locator(`img[alt="第 ${pages} 页照片"]`)).toBeVisible()
    await tapButton('下一步')
  }
  await page.getByRole('heading', { name: /材料 3\/3/ }).waitFor()
  await tapButton('以后补交（30 天内）')
  await page.getByRole('heading', { name: '新生儿出生一件事承诺书' }).waitFor()
  const pad = page.getByTestId('signature-pad')
  await touch.strokesIn(
    pad,
    [
      [
        [0.1, 0.5],
        [0.3, 0.3],
        [0.5, 0.6],
        [0.8, 0.4],
      ],
    ],
    // A quick signature, and the tap right after it: Chromium once swallowed that tap as the
    // stop of the flick it saw at the stroke's end (the pad now cancels its touches' gestures).
    STEP_PX,
  )
  await expect(page.getByRole('button', { name: '我已阅读，同意并签名' })).toBeEnabled()
  await tapButton('我已阅读，同意并签名')
  await page.getByRole('heading', { name: '请核对后提交' }).waitFor()
  await tapButton('确认提交')
  await expect(page.getByTestId('case-number')).toBeVisible({ timeout: 20_000 })

  // The centre holds exactly the values entered.
  await expect
    .poll(() => centre.applicationIds().length, { timeout: 15_000 })
    .toBe(before.length + 1)
  const id = centre.applicationIds().find((i) => !before.includes(i))!
  const app = await centre.readAsClerk(id)
  expect(app.code).toBe('OT-NEWBORN')
  expect(app.formData).toMatchObject({
    child: {
      name: CHILD_NAME,
      certificateNumber: CERTIFICATE,
      gender: 'male',
      birthDate: '2025-05-20',
    },
    spouse: { name: SPOUSE_NAME },
    card: { delivery: 'village' },
  })
  test.info().annotations.push({ type: 'handwriting', description: ways.join(',') })
})

test('in English the panel also offers a Latin keyboard, and every key has a spoken name', async ({
  page,
  kiosk,
}) => {
  // The previous resident's card is taken away; this one places it again.
  await kiosk.host.control('/card/remove')
  // The reader has seen it go (else the sign-in screen reads the card still lying there).
  await expect
    .poll(async () => (await kiosk.host.control<{ reader: string }>('/session')).reader, {
      timeout: 5_000,
    })
    .toBe('waiting-card')
  await page.goto(kiosk.host.kioskUrl)
  const touch = await Touch.on(page)
  await toNewbornPage(page, touch, kiosk.host)
  await touch.tap(page.getByRole('button', { name: /English/ }))
  const nameField = page.getByRole('textbox', { name: 'Name' })
  await touch.tap(nameField)
  const panel = page.getByTestId('text-panel')
  await expect(panel.getByRole('radio')).toHaveText([
    'Handwriting',
    'Pinyin',
    'Digits/letters',
    'ABC keyboard',
  ])
  await touch.tap(page.getByTestId('te-mode-latin'))
  await expect(panel).toHaveAttribute('data-mode', 'latin')
  const keys = page.getByTestId('te-latin-keys')
  // Every key has a name a screen reader (and the kiosk's voice) can say.
  const unnamed = await panel.evaluate(
    (el) =>
      [...el.querySelectorAll('button')].filter(
        (b) => !(b.getAttribute('aria-label') || b.textContent?.trim()),
      ).length,
  )
  expect(unnamed).toBe(0)
  await touch.tap(keys.getByRole('button', { name: 'Shift' }))
  for (const l of 'Ming')
    await touch.tap(keys.getByRole('button', { name: l.toUpperCase(), exact: true }))
  await expect(nameField).toHaveValue('Ming')
  await panelFits(page, nameField)
  await accessible(page, 'latin')
  await screenshot(page, 'text-latin')
  await touch.tap(page.getByRole('button', { name: 'Larger text' }))
  await expect(page.locator('html')).toHaveAttribute('data-text-size', 'large')
  await panelFits(page, nameField)
  await accessible(page, 'latin-large')
  await screenshot(page, 'text-latin-large')
})
