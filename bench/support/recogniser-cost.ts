// Run by bench/text-entry.ts as `node --expose-gc --import tsx bench/support/recogniser-cost.ts`:
// what the handwriting recogniser costs a Node process (the kiosk's main process holds one):
// memory after loading Debian's model (RSS and heap, after a full GC, against the same process
// before), and the recogniser's own time per request, without the bridge or the page. Prints JSON.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import {
  HandwritingRecogniser,
  DEBIAN_ZH_CN_MODEL,
} from '../../electron/services/text-entry/recogniser'

const gc = (globalThis as { gc?: () => void }).gc
const settle = () => {
  gc?.()
  gc?.()
  const m = process.memoryUsage()
  return { rss: m.rss, heap: m.heapUsed + m.external + m.arrayBuffers }
}
const chars = process.argv[2] ?? '王李张刘陈杨'
const require = createRequire(import.meta.url)
const data = dirname(require.resolve('hanzi-writer-data/package.json'))

const before = settle()
const t0 = performance.now()
const recogniser = await HandwritingRecogniser.load(
  process.env.KIOSK_HANDWRITING_MODEL ?? DEBIAN_ZH_CN_MODEL,
)
const loadMs = performance.now() - t0
const times: number[] = []
for (const ch of chars) {
  const medians = (
    JSON.parse(readFileSync(join(data, `${ch}.json`), 'utf8')) as { medians: number[][][] }
  ).medians
  const strokes = medians.map((s) => s.map(([x, y]) => [x!, 900 - y!] as [number, number]))
  for (let n = 1; n <= strokes.length; n++) {
    const t = performance.now()
    recogniser.recognise({
      strokes: strokes.slice(0, n),
      width: 1024,
      height: 1024,
      hint: 'name',
      max: 8,
    })
    times.push(performance.now() - t)
  }
}
const after = settle()
times.sort((a, b) => a - b)
const at = (q: number) =>
  +(times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN).toFixed(1)
console.log(
  JSON.stringify({
    gcExposed: !!gc,
    loadMs: +loadMs.toFixed(0),
    addsRssMiB: +((after.rss - before.rss) / 2 ** 20).toFixed(1),
    addsHeapMiB: +((after.heap - before.heap) / 2 ** 20).toFixed(1),
    recogniseMs: { n: times.length, p50: at(0.5), p95: at(0.95), max: at(1) },
  }),
)
