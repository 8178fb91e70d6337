// `npm run bench -- text-entry`: the text-entry panel in Chromium against the kiosk's main process
// (the device host, which runs the same services as Electron's main process, recogniser
// included). Figures:
//  - stroke end → candidates painted (handwriting; the recogniser answers over the bridge),
//  - pinyin key → candidates painted,
//  - the memory the recogniser adds to the main process: measured in a fresh Node process
//    (bench/support/recogniser-cost.ts: RSS and heap after a full GC, before and after loading
//    the model; also the recogniser's own time per request), and, as a cross-check, the device
//    host's RSS before the first character and after the last (GC-dependent, so only indicative).
// Needs the built renderer (`npx vite build`). Goals: handwriting p95 ≤ 100 ms, pinyin p95 ≤ 30 ms.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { toNewbornPage } from '../tests/e2e/support/newborn-path'
import { medianStrokes, Touch } from '../tests/support/touch'
import { writeResult } from './result'
import { startBenchKiosk } from '../tests/e2e/support/loopback-kiosk'

if (!existsSync(resolve('out/renderer/kiosk.html'))) {
  console.error('text-entry bench: build the renderer first: npx vite build')
  process.exit(2)
}

// Common name characters (written on the pad) and common words' pinyin (typed).
const CHARACTERS = '王李张刘陈杨黄赵周吴明华文英国建军平芳秀兰伟强丽敏静海'
const PINYIN = ['zhongguo', 'women', 'shenfen', 'dizhi', 'xingming', 'cunweihui', 'shehui']
const runs = Number(process.argv[2] ?? 1)

const require = createRequire(import.meta.url)
const hanziData = dirname(require.resolve('hanzi-writer-data/package.json'))
const medians = (ch: string): number[][][] =>
  (JSON.parse(readFileSync(join(hanziData, `${ch}.json`), 'utf8')) as { medians: number[][][] })
    .medians

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN)
  return +(kb / 1024).toFixed(1)
}

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b)
  const at = (q: number) => +(s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN).toFixed(1)
  return { n: s.length, p50: at(0.5), p95: at(0.95), max: at(1) }
}

const { host, browser, stop } = await startBenchKiosk('text')
const handwriting: number[] = []
const pinyin: number[] = []
let rssBefore = NaN
let rssAfter = NaN
try {
  const pid = host.child?.pid
  if (!pid) throw new Error('device host has no pid')
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({
      viewport: { width: 1920, height: 1080 },
      locale: 'zh-CN',
      hasTouch: true,
    })
    const page = await context.newPage()
    await page.goto(host.kioskUrl)
    const touch = await Touch.on(page)
    await toNewbornPage(page, touch, host)
    if (run === 0) rssBefore = rssMiB(pid)
    await touch.tap(page.getByRole('textbox', { name: '姓名' }))
    const pad = page.getByTestId('te-pad')
    const state = page.getByTestId('te-handwriting')
    // A resident looks at the pad for a moment before writing; the pad loads the recogniser
    // meanwhile (text:warm). The bench waits for that instead of guessing the moment.
    await state.and(page.locator('[data-recogniser="ready"]')).waitFor()
    for (const ch of CHARACTERS) {
      const box = (await pad.boundingBox())!
      const strokes = medianStrokes(medians(ch), box.width, box.height)
      await touch.strokesIn(pad, strokes)
      // Every stroke's answer is in, and the character is finished, before the next one.
      while ((await state.getAttribute('data-recognised')) !== String(strokes.length))
        await page.waitForTimeout(20)
      while ((await state.getAttribute('data-open')) !== 'false') await page.waitForTimeout(50)
      // The name field holds 20 characters; clear it now and then.
      await touch.tap(page.getByTestId('te-delete'))
    }
    if (run === 0) rssAfter = rssMiB(pid)

    await touch.tap(page.getByTestId('te-mode-pinyin'))
    const keys = page.getByTestId('te-py-keys')
    await keys.getByRole('button', { name: 'Q', exact: true }).waitFor()
    // As the handwriting waits for its model: key → candidates, not the dictionary's first load.
    await page.locator('[data-testid="te-pinyin"][data-dictionary="ready"]').waitFor()
    for (const word of PINYIN) {
      for (const l of word)
        await touch.tap(keys.getByRole('button', { name: l.toUpperCase(), exact: true }))
      await touch.tap(page.getByTestId('te-py-candidates').getByRole('button').nth(1))
    }
    const read = (name: string) =>
      page.evaluate((n) => performance.getEntriesByName(n, 'measure').map((e) => e.duration), name)
    handwriting.push(...(await read('text-entry:candidates')))
    pinyin.push(...(await read('text-entry:pinyin')))
    await context.close()
  }
} finally {
  await stop()
}

const cost = JSON.parse(
  execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', 'bench/support/recogniser-cost.ts', CHARACTERS],
    { encoding: 'utf8' },
  ),
) as Record<string, unknown>

writeResult('text-entry', {
  strokeToCandidatesMs: stats(handwriting),
  pinyinKeyToCandidatesMs: stats(pinyin),
  deviceHostRssMiB: { beforeFirstCharacter: rssBefore, afterLast: rssAfter },
  recogniserInProcess: cost,
  characters: CHARACTERS.length * runs,
  goals: { strokeP95Ms: 100, pinyinP95Ms: 30 },
})
