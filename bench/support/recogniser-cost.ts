// Run by bench/text-entry.ts as `node --expose-gc --import tsx bench/support/recogniser-cost.ts
// CHARS`: what the handwriting recogniser costs a fresh Node process (the kiosk's main process
// holds one), through `measureRecogniser`: the memory the loaded model adds and the recogniser's
// own time per request (every stroke prefix of CHARS, from Make Me a Hanzi medians), without the
// bridge or the page. Prints JSON.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { measureRecogniser } from '../../electron/services/text-entry/measure'
import { DEBIAN_ZH_CN_MODEL } from '../../electron/services/text-entry/recogniser'

const chars = process.argv[2] ?? '王李张刘陈杨'
const require = createRequire(import.meta.url)
const data = dirname(require.resolve('hanzi-writer-data/package.json'))
const samples = [...chars].flatMap((ch) => {
  const medians = (
    JSON.parse(readFileSync(join(data, `${ch}.json`), 'utf8')) as { medians: number[][][] }
  ).medians
  // Make Me a Hanzi's box is 1024 with y up and the baseline at 900; the pad's y is down.
  const strokes = medians.map((s) => s.map(([x, y]) => [x!, 900 - y!] as [number, number]))
  return strokes.map((_, n) => ({
    strokes: strokes.slice(0, n + 1),
    width: 1024,
    height: 1024,
    hint: 'name' as const,
    max: 8,
  }))
})
const cost = await measureRecogniser(
  process.env.KIOSK_HANDWRITING_MODEL ?? DEBIAN_ZH_CN_MODEL,
  samples,
  { runs: samples.length, warmup: 10 },
)
console.log(JSON.stringify({ gcExposed: typeof globalThis.gc === 'function', ...cost }))
