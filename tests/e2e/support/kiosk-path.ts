// The resident's 高龄津贴申领 path, driven once for both the e2e spec (which adds its
// assertions, screenshots and axe checks at each screen) and the kiosk-ui benchmark (which times
// each step). Plain Playwright locators only: no `expect`, so it also runs outside the test runner.
import type { Page } from '@playwright/test'
import type { IdCard } from '../../../common/devices/id-card'
import type { DeviceHostProcess } from './device-host-process'

/** A fictional resident aged 80+ (valid check digit); no real person. */
export const resident: IdCard = {
  cardType: 'resident',
  name: '王秀英',
  gender: '女',
  genderCode: '2',
  nation: '汉',
  nationCode: '01',
  birthDate: '1940-03-07',
  address: '示例省示例县青山镇石桥村3组12号',
  idNumber: '110101194003071249',
  idNumberValid: true,
  issuer: '示例县公安局',
  validFrom: '2010-01-01',
  validUntil: '长期',
}

/** A fictional young mother applying for her newborn (valid check digit); no real person. */
export const parent: IdCard = {
  ...resident,
  name: '李春燕',
  birthDate: '1995-06-12',
  idNumber: '11010119950612128X',
  validFrom: '2015-06-01',
  validUntil: '2035-06-01',
}

/**
 * What the page shows once a step has arrived, as a JS expression evaluated in the page (so the
 * benchmark can watch for it from inside the page without a Playwright round trip).
 */
export type Arrival = string

const js = JSON.stringify
/** `main[data-screen=id]` is there and, if given, its title contains `title`. */
export const onScreen = (id: string, title?: string): Arrival =>
  `!!document.querySelector('main[data-screen=${js(id)}]')` +
  (title
    ? ` && (document.getElementById(${js(`${id}-title`)})?.textContent ?? '').includes(${js(title)})`
    : '')
/** An element matching `css` is there. */
export const present = (css: string): Arrival => `!!document.querySelector(${js(css)})`
/** An enabled button whose text is exactly `text` is there. */
export const buttonReady = (text: string): Arrival =>
  `[...document.querySelectorAll('button')].some((b) => !b.disabled && b.textContent.trim() === ${js(text)})`

/**
 * One step of the path: `act` (a touch, or a card on the reader) leads to what `arrival`
 * describes. The default just acts and waits for the arrival; the benchmark times it.
 */
export type Step = (label: string, arrival: Arrival, act: () => Promise<unknown>) => Promise<void>

/** Waits until `arrival` holds in the page (polled: the kiosk's CSP forbids waitForFunction's eval). */
export async function arrived(page: Page, arrival: Arrival, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await page.evaluate(arrival))) {
    if (Date.now() > deadline) throw new Error(`not arrived within ${timeoutMs} ms: ${arrival}`)
    await page.waitForTimeout(50)
  }
}

export const untimed =
  (page: Page): Step =>
  async (_label, arrival, act) => {
    await act()
    await arrived(page, arrival)
  }

export interface PathHooks {
  step: Step
  /** Called on each screen of the path once it is there (name like `03-guide`). */
  at?: (name: string) => Promise<void>
  beforeSubmit?: () => void
}

/** The commitment, signed with a finger across the middle of the signature pad. */
export async function sign(page: Page): Promise<void> {
  const box = (await page.getByTestId('signature-pad').boundingBox())!
  const y = box.y + box.height / 2
  await page.mouse.move(box.x + 100, y)
  await page.mouse.down()
  for (let x = 100; x < 700; x += 40) {
    await page.mouse.move(box.x + x, y + Math.sin(x / 40) * Math.min(60, box.height / 3))
  }
  await page.mouse.up()
}

/** Types digits on the form's number keypad (one keypad on the screen). */
export async function keypad(page: Page, digits: string): Promise<void> {
  for (const d of digits)
    await page.locator('.keypad').getByRole('button', { name: d, exact: true }).click()
}

/** Types a date (YYYYMMDD) on the form's date keypad; one date field on the screen. */
async function dateKeypad(page: Page, digits: string): Promise<void> {
  const pad = page.getByRole('group', { name: '日期键盘' })
  for (const d of digits) await pad.getByRole('button', { name: d, exact: true }).click()
}

/** An action for a Step: click the page's button with this name. */
const clickButton =
  (page: Page) =>
  (name: string | RegExp, exact = false) =>
  () =>
    page.getByRole('button', { name, exact }).click()

/**
 * From a freshly loaded home screen through the receipt: category, guide, sign-in by card, the
 * four form sections (with one validation message), the household register photographed (two
 * pages), the bank card deferred, the commitment signed, review and submit. Returns on the
 * receipt screen once the receipt (with its case number) is shown.
 */
export async function applyForAllowance(
  page: Page,
  host: DeviceHostProcess,
  { step, at = async () => {}, beforeSubmit }: PathHooks,
): Promise<void> {
  const click = clickButton(page)
  await page.getByRole('heading', { name: '您好！请选择要办理的事项' }).waitFor()
  await page.getByRole('button', { name: '高龄津贴申领' }).waitFor()
  await at('01-home')
  await step('home→category', onScreen('category', '养老服务'), () =>
    page.getByTestId('category-elderly-care').click(),
  )
  await at('02-category')
  await step('category→guide', onScreen('guide', '高龄津贴申领'), click(/高龄津贴申领/))
  await at('03-guide')
  await step('guide→sign-in', onScreen('signin'), click('开始办理'))
  await page.getByRole('heading', { name: '请把身份证放在读卡区' }).waitFor()
  await at('04-signin')
  await step('card read→form (incl. reader poll ≤ 400 ms)', onScreen('form', '第 1 步'), () =>
    host.control('/card', resident),
  )
  await at('05-form-applicant')
  // Without the phone number the resident is told what to do, in words.
  await step('form 1: missing phone→message', present('main [role="alert"]'), click('下一步'))
  await page.getByRole('alert').filter({ hasText: '请填写“联系电话”' }).waitFor()
  await at('06-form-error')
  await keypad(page, '13800138000')
  await step('form 1→2', onScreen('form', '第 2 步'), click('下一步'))
  await page.getByRole('radio', { name: '独居' }).click()
  await at('07-form-living')
  await step('form 2→3', onScreen('form', '第 3 步'), click('下一步'))
  await page.getByRole('radio', { name: '农村商业银行（信用社）' }).click()
  await keypad(page, '6230123412341234123')
  await at('08-form-payout')
  await step('form 3→4', onScreen('form', '第 4 步'), click('下一步'))
  await at('08b-form-agent')
  await step('form→material 1', onScreen('materials', '材料 1/2：居民户口簿'), click('下一步'))
  await at('09-material-hukou')
  // Opening includes getUserMedia and the first video frame (the fake camera here).
  await step('open camera→viewfinder', buttonReady('拍照'), click('打开摄像头拍照'))
  await at('09b-viewfinder')
  for (let i = 0; i < 2; i++) {
    await step(
      'capture→preview',
      present('[aria-label="刚拍的照片"], img[alt="刚拍的照片"]'),
      click('拍照', true),
    )
    if (i === 0) await at('10-material-preview')
    await step(
      i === 0 ? 'keep photo→next page' : 'keep last photo→done',
      i === 0 ? buttonReady('拍照') : present('img[alt="第 2 页照片"]'),
      click('这张可以'),
    )
  }
  await step('material 1→material 2', onScreen('materials', '材料 2/2'), click('下一步'))
  await at('11-material-bank-card')
  await step('defer material→commitment', onScreen('commitment'), click('以后补交（15 天内）'))
  await page.getByRole('heading', { name: '高龄津贴申领承诺书' }).waitFor()
  await sign(page)
  await at('12-commitment')
  await step('commitment (signed)→review', onScreen('review'), click('我已阅读，同意并签名'))
  await page.getByRole('heading', { name: '请核对后提交' }).waitFor()
  await at('13-review')
  beforeSubmit?.()
  await submitReview(page, step, at)
}

/** On the review screen: turns its pages (if the answers take more than one), then submits. */
export async function submitReview(
  page: Page,
  step: Step,
  at: (name: string) => Promise<void> = async () => {},
): Promise<void> {
  const more = page.getByRole('button', { name: '下一页', exact: true })
  for (let n = 2; await more.isVisible(); n++) {
    await more.click()
    await page.getByText(new RegExp(`第 ${n} 页，共 \\d+ 页`)).waitFor()
    await at(`review-page-${n}`)
  }
  await step(
    'submit→receipt (outbox write, upload wait ≤ 4 s, printing)',
    present('[data-testid="case-number"]'),
    () => page.getByRole('button', { name: '确认提交' }).click(),
  )
}

/** From the receipt to the rating, a "不满意" rating with a reason, and back home. */
export async function rate(page: Page, { step, at = async () => {} }: PathHooks): Promise<void> {
  await step('receipt→rating', onScreen('rating', '请您对这次服务评价'), () =>
    page.getByRole('button', { name: '下一步：评价服务' }).click(),
  )
  await at('15-rating')
  await step('rating: 不满意→reasons', present('[role="checkbox"]'), () =>
    page.getByRole('radio', { name: '不满意', exact: true }).click(),
  )
  await page.getByRole('heading', { name: /哪里不满意/ }).waitFor()
  // A low rating needs a reason before it can be sent (the spec checks the button here).
  await at('rating-no-reason')
  await page.getByRole('checkbox', { name: '要的材料太多' }).click()
  await at('16-rating-reasons')
  await step('send rating→thanks', onScreen('rating', '谢谢您的评价'), () =>
    page.getByRole('button', { name: '提交评价' }).click(),
  )
  // The thanks stays for a fixed 1.5 s before home; not a transition the resident waits on.
  await page.getByRole('heading', { name: '您好！请选择要办理的事项' }).waitFor()
}

/**
 * 新生儿出生“一件事” (a bundle of three items) from a freshly loaded home screen through the
 * receipt: the parent's card, the newborn's details (text, tiles, date), how the social security
 * card is collected, the birth certificate and household register photographed, the baby's photo
 * deferred, the commitment signed, review and submit.
 */
export async function applyForNewborn(
  page: Page,
  host: DeviceHostProcess,
  { step, at = async () => {}, beforeSubmit }: PathHooks,
): Promise<void> {
  const click = clickButton(page)
  await page.getByRole('heading', { name: '您好！请选择要办理的事项' }).waitFor()
  await step('home→category', onScreen('category', '生育登记'), () =>
    page.getByTestId('category-family').click(),
  )
  await at('b02-category')
  await step('category→guide', onScreen('guide', '新生儿出生'), click(/新生儿出生/))
  await at('b03-guide')
  await step('guide→sign-in', onScreen('signin'), click('开始办理'))
  await step('card read→form', onScreen('form', '第 1 步'), () => host.control('/card', parent))
  await keypad(page, '13900139000')
  await at('b05-form-applicant')
  await step('form 1→2', onScreen('form', '第 2 步'), click('下一步'))
  await pinyinInto(page, '姓名', [
    ['li', '李'],
    ['xiao', '小'],
    ['bao', '宝'],
  ])
  await page.getByRole('radio', { name: '男', exact: true }).click()
  await dateKeypad(page, '20250520')
  await codeInto(page, '出生医学证明编号', 'N123456789')
  await at('b06-form-child')
  await step('form 2→3', onScreen('form', '第 3 步'), click('下一步'))
  await pinyinInto(page, '配偶姓名', [
    ['li', '李'],
    ['jian', '建'],
    ['guo', '国'],
  ])
  await at('b07-form-spouse')
  await step('form 3→4', onScreen('form', '第 4 步'), click('下一步'))
  await page.getByRole('radio', { name: '到村便民服务站领取' }).click()
  await at('b07-form-card')
  await step('form→material 1', onScreen('materials', '材料 1/3'), click('下一步'))
  for (const [name, pages] of [
    ['b08-material-certificate', 1],
    ['b09-material-hukou', 2],
  ] as const) {
    await at(name)
    await step('open camera→viewfinder', buttonReady('拍照'), click('打开摄像头拍照'))
    for (let i = 0; i < pages; i++) {
      await step('capture→preview', buttonReady('这张可以'), click('拍照', true))
      await step(
        'keep photo',
        i + 1 < pages ? buttonReady('拍照') : present(`img[alt="第 ${pages} 页照片"]`),
        click('这张可以'),
      )
    }
    await step('material→next', onScreen('materials'), click('下一步'))
  }
  await page.getByRole('heading', { name: /材料 3\/3/ }).waitFor()
  await at('b10-material-child-photo')
  await step('defer material→commitment', onScreen('commitment'), click('以后补交（30 天内）'))
  await sign(page)
  await at('b11-commitment')
  await step('commitment (signed)→review', onScreen('review'), click('我已阅读，同意并签名'))
  await at('b12-review')
  beforeSubmit?.()
  await submitReview(page, step, (name) => at(`b-${name}`))
  await at('b13-receipt')
}

/**
 * Enters text in a field through the kiosk's own text-entry panel in pinyin (no system
 * keyboard): each [letters, word] is typed on the panel's keyboard and its word picked.
 */
async function pinyinInto(page: Page, label: string, words: [string, string][]): Promise<void> {
  await page.getByRole('textbox', { name: label, exact: true }).click()
  await page.getByTestId('te-mode-pinyin').click()
  const keys = page.getByTestId('te-py-keys')
  const bar = page.getByTestId('te-py-candidates')
  for (const [letters, word] of words) {
    for (const l of letters)
      await keys.getByRole('button', { name: l.toUpperCase(), exact: true }).click()
    await page.getByTestId('te-typed').filter({ hasText: letters }).waitFor()
    // Candidates exist once the dictionary is in (paging before that turns past them).
    await page.locator('[data-testid="te-pinyin"][data-dictionary="ready"]').waitFor()
    for (let turn = 0; ; turn++) {
      const hit = bar.getByRole('button', { name: word, exact: true })
      if (await hit.count()) {
        await hit.click()
        break
      }
      if (turn === 10) throw new Error(`${word} is not offered for ${letters}`)
      await bar.getByRole('button', { name: '下一页候选' }).click()
    }
  }
  await page.getByTestId('te-done').click()
}

/** Enters a code (letters and digits) through the text-entry panel's 数字/字母 pad. */
async function codeInto(page: Page, label: string, code: string): Promise<void> {
  await page.getByRole('textbox', { name: label, exact: true }).click()
  const keys = page.getByTestId('te-code-keys')
  for (const c of code) await keys.getByRole('button', { name: c, exact: true }).click()
  await page.getByTestId('te-done').click()
}
