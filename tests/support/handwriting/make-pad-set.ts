/**
 * Writes tests/fixtures/handwriting/pad-set.json: characters written through the kiosk's real
 * writing pad, as the recogniser receives them.
 *
 *   npm run build:renderer && npx tsx tests/support/handwriting/make-pad-set.ts
 *
 * The kiosk runs as in the e2e tests (the real centre, the device host as the main process,
 * Debian's Chromium); the script walks to 新生儿出生“一件事”, opens the baby's name field and
 * writes each character on HandwritingPad with a simulated finger: Make Me a Hanzi's medians
 * deformed as deform.ts does (seed "pad", another seed than the test and tuning sets), sent as
 * touch events through Chromium's touch pipeline (tests/support/touch.ts). What is stored is
 * not what was drawn but what the pad sent over the bridge (`text:recognise`, read off the
 * WebSocket): after Chromium's event coalescing, the pad's 3 px point filter, its rounding to
 * CSS pixels and its non-square 900 × 430 frame. Simulated fingers through the real pad, not
 * human writers. Every third character of the accuracy list (the test set's characters).
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startBenchKiosk } from '../../e2e/support/loopback-kiosk'
import { toNewbornPage } from '../../e2e/support/newborn-path'
import { Touch, type Point } from '../touch'
import { deform, seedOf, type Pt } from './deform'
import { accuracyCharacters, fixtureDir, type HandwritingSample } from './make-fixture'
import { medianStrokes } from './medians'

const SEED = 'pad'
const characters = accuracyCharacters().filter((_, i) => i % 3 === 0)

// The kiosk as the e2e tests and benchmarks run it, on loopback in a temp folder.
const { host, browser, stop } = await startBenchKiosk('pad-set')
const samples: HandwritingSample[] = []
let pad: { width: number; height: number } | undefined
try {
  const context = await browser.newContext({
    viewport: { width: 1920, height: 1080 },
    locale: 'zh-CN',
    hasTouch: true,
  })
  const page = await context.newPage()
  // Every request the renderer sends to the main process, as sent.
  const sent: Array<{ strokes: Pt[][]; width: number; height: number }> = []
  page.on('websocket', (ws) =>
    ws.on('framesent', ({ payload }) => {
      const frame = JSON.parse(String(payload)) as { channel?: string; input?: unknown }
      if (frame.channel === 'text:recognise') sent.push(frame.input as (typeof sent)[number])
    }),
  )
  await page.goto(host.kioskUrl)
  const touch = await Touch.on(page)
  await toNewbornPage(page, touch, host)
  await touch.tap(page.getByRole('textbox', { name: '姓名' }))
  const padEl = page.getByTestId('te-pad')
  const state = page.getByTestId('te-handwriting')
  await state.and(page.locator('[data-recogniser="ready"]')).waitFor()
  for (const { character, field } of characters) {
    const box = (await padEl.boundingBox())!
    // The character in the pad's central square, as a resident centres it in the 田字格.
    const side = Math.min(box.width, box.height)
    const left = box.x + (box.width - side) / 2
    const strokes = deform(
      medianStrokes(character, side) as Pt[][],
      seedOf(`${SEED}:${character}`),
      {
        pad: side,
      },
    )
    sent.length = 0
    for (const s of strokes)
      // The deformed points are already at a touch rate: sent as they are, no moves in between.
      await touch.stroke(
        s.map(([x, y]): Point => [left + x, box.y + y]),
        Number.POSITIVE_INFINITY,
      )
    await state.and(page.locator(`[data-recognised="${strokes.length}"]`)).waitFor()
    const req = sent.find((r) => r.strokes.length === strokes.length)
    if (!req) throw new Error(`no request with all ${strokes.length} strokes of ${character}`)
    pad ??= { width: req.width, height: req.height }
    if (req.width !== pad.width || req.height !== pad.height) throw new Error('the pad resized')
    samples.push({ character, field, strokes: req.strokes })
    // The character ends after the pause; then it is deleted, so the field never fills up.
    await state.and(page.locator('[data-open="false"]')).waitFor()
    await touch.tap(page.getByTestId('te-delete'))
    console.log(`${samples.length}/${characters.length} ${character}`)
  }
  await context.close()
} finally {
  await stop()
}

const head = JSON.stringify({
  about:
    'Simulated finger writing (deform.ts, seed "pad") from Make Me a Hanzi stroke medians (npm hanzi-writer-data, Arphic Public License), written as touch events through the kiosk\u2019s HandwritingPad in Chromium and stored as the pad sent them to the recogniser; made by tests/support/handwriting/make-pad-set.ts',
  seed: SEED,
  pad,
})
const body = samples.map((s) => JSON.stringify(s)).join(',\n')
writeFileSync(join(fixtureDir, 'pad-set.json'), `${head.slice(0, -1)},"samples":[\n${body}\n]}\n`)
console.log(`pad-set.json: ${samples.length} samples`)
