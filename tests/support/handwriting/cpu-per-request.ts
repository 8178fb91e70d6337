/**
 * CPU time per request of the recogniser without and with one of its stages (default: the shape
 * re-ranking; BEFORE='{"reorder":false}' for the stroke-order readings), the two alternating
 * request by request in one process so both see the same load (wall-clock times on the shared
 * machine move too much):
 *
 *   npx tsx tests/support/handwriting/cpu-per-request.ts
 *
 * Requests: every stroke prefix of 王李张刘陈杨 (the bench's medians, three runs) and of every
 * eighth tuning-set sample, in writing order, as the pad asks.
 */
import {
  DEBIAN_ZH_CN_MODEL,
  HandwritingRecogniser,
  type RecogniserOptions,
} from '../../../electron/services/text-entry/recogniser'
import { readFixture } from './evaluate'
import { medianStrokes } from './medians'
const before = await HandwritingRecogniser.load(
  DEBIAN_ZH_CN_MODEL,
  JSON.parse(process.env.BEFORE ?? '{"shape":false}') as RecogniserOptions,
)
const after = new HandwritingRecogniser(before.model)
const fixture = readFixture('tuning-set.json')
type Req = Parameters<HandwritingRecogniser['recognise']>[0]
const bench: Req[] = [...'王李张刘陈杨'].flatMap((ch) => {
  const s = medianStrokes(ch, 1024)
  return s.map((_, n) => ({
    strokes: s.slice(0, n + 1),
    width: 1024,
    height: 1024,
    hint: 'name' as const,
    max: 8,
  }))
})
const tuning: Req[] = fixture.samples
  .filter((_, i) => i % 8 === 0)
  .flatMap((s) =>
    s.strokes.map((_, n) => ({
      strokes: s.strokes.slice(0, n + 1),
      ...fixture.pad,
      hint: s.field,
      max: 8,
    })),
  )
const cpu = (f: () => void) => {
  const t = process.cpuUsage()
  f()
  const d = process.cpuUsage(t)
  return (d.user + d.system) / 1000
}
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!.toFixed(1)
  return `p50 ${at(0.5)} p95 ${at(0.95)} max ${at(1)} total ${s.reduce((a, b) => a + b, 0).toFixed(0)}`
}
for (const r of [before, after]) for (let i = 0; i < 3; i++) for (const q of bench) r.recognise(q) // warm
for (const [name, reqs, runs] of [
  ['bench', bench, 3],
  ['tuning', tuning, 1],
] as const) {
  const a: number[] = [],
    b: number[] = []
  for (let k = 0; k < runs; k++)
    for (const q of reqs) {
      a.push(cpu(() => before.recognise(q)))
      b.push(cpu(() => after.recognise(q)))
    }
  console.log(`${name} (${a.length} requests) before: ${stats(a)}; after: ${stats(b)}`)
}
