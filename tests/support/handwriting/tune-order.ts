/**
 * How the stroke-order readings (electron/services/text-entry/stroke-order.ts) were chosen: on
 * the tuning set only (seed "tuning", two samples per character), never on the test set.
 *
 *   npx tsx tests/support/handwriting/tune-order.ts          (which orders, which penalty)
 *   MAX_ALL=0 MOVES=1,2 LONG=1 npx tsx tests/support/handwriting/tune-order.ts
 *                                    (from how many strokes on a stroke moves by one place only)
 *
 * Per sample the written reading (with the un-join readings) and the reordered readings are
 * scored once; every combination of which orders are read and the penalty is then measured on
 * those scores, with the stroke-count prior and the field's re-ranking as the recogniser applies
 * them. Prints top-1 / top-5, hinted and un-hinted, per combination.
 */
import { rerank, hintTables, RERANK_POOL } from '../../../electron/services/text-entry/hints'
import { normaliseStrokes } from '../../../electron/services/text-entry/normalise'
import {
  DEBIAN_ZH_CN_MODEL,
  HandwritingRecogniser,
} from '../../../electron/services/text-entry/recogniser'
import { reorderedScores, reorderings } from '../../../electron/services/text-entry/stroke-order'
import {
  applyStrokePrior,
  defaultStrokePrior,
  strokeCountsOf,
} from '../../../electron/services/text-entry/stroke-prior'
import { ZinniaModel } from '../../../electron/services/text-entry/zinnia-model'
import { readFixture } from './evaluate'

const file = (process.argv[2] ?? 'tuning-set.json') as 'tuning-set.json'
const fixture = readFixture(file)
const model = await ZinniaModel.load(DEBIAN_ZH_CN_MODEL)
// The written reading as the recogniser has it, without reordering and before the prior.
const plain = new HandwritingRecogniser(model, { reorder: false, strokePrior: false })
const counts = strokeCountsOf(model.characters)
const hints = hintTables()
const index = new Map(model.characters.map((c, i) => [c, i]))

const MAX_ALL = Number(process.env.MAX_ALL ?? 5)
const MOVES = (process.env.MOVES ?? '1,2,3').split(',').map(Number)
interface Cached {
  written: Float32Array
  all?: Float32Array
  moves: Array<Float32Array | undefined>
  n: number
}
const cached: Cached[] = []
const started = Date.now()
for (const s of fixture.samples) {
  const req = { strokes: s.strokes, ...fixture.pad }
  const pool = plain.pool(req, model.size)
  const written = new Float32Array(model.size).fill(-Infinity)
  for (const p of pool) written[index.get(p.character)!] = p.score
  const character = normaliseStrokes(s.strokes, fixture.pad)
  const n = character.strokes.length
  const orders = (allOrdersUpTo: number, moveBy: number) =>
    reorderings(n, { allOrdersUpTo, moveBy, longFrom: 99, upTo: 99, penalty: 0 })
  cached.push({
    written,
    all: n <= MAX_ALL && MAX_ALL > 0 ? reorderedScores(model, character, orders(n, 0)) : undefined,
    moves: MOVES.map((d) => reorderedScores(model, character, orders(0, d))),
    n,
  })
}
console.log(`scored in ${((Date.now() - started) / 1000).toFixed(0)} s`)

function measure(upTo: number, moveBy: number, penalty: number, longFrom = 99) {
  const t = { h1: 0, h5: 0, u1: 0, u5: 0 }
  fixture.samples.forEach((s, i) => {
    const c = cached[i]!
    const scores = c.written.slice()
    const by = c.n >= longFrom ? Math.min(1, moveBy) : moveBy
    const alt = c.n <= upTo ? c.all : by ? c.moves[MOVES.indexOf(by)] : undefined
    if (alt)
      for (let k = 0; k < scores.length; k++) scores[k] = Math.max(scores[k]!, alt[k]! - penalty)
    applyStrokePrior(scores, counts, c.n, defaultStrokePrior)
    const pool = model.best(scores, RERANK_POOL)
    const h = rerank(pool, hints[s.field], 5)
    const u = rerank(pool, undefined, 5)
    if (h[0] === s.character) t.h1++
    if (h.includes(s.character)) t.h5++
    if (u[0] === s.character) t.u1++
    if (u.includes(s.character)) t.u5++
  })
  const n = fixture.samples.length
  const r = (x: number) => (x / n).toFixed(3)
  console.log(
    `all orders up to ${upTo}, move by ${moveBy} (by 1 from ${longFrom} strokes), penalty ${penalty.toFixed(2)}: hinted ${r(t.h1)} / ${r(t.h5)}, un-hinted ${r(t.u1)} / ${r(t.u5)}`,
  )
}

console.log(`${file}: ${fixture.samples.length} samples`)
measure(0, 0, 0)
if (process.env.LONG) {
  // Moving by two costs more the longer the character: from how many strokes on by one only.
  for (const longFrom of [4, 5, 6, 7, 8, 10, 99])
    for (const penalty of [0.4, 0.5, 0.6]) measure(0, 2, penalty, longFrom)
} else {
  for (const upTo of [0, 3, 4, 5].filter((u) => u <= MAX_ALL))
    for (const moveBy of MOVES)
      for (const penalty of [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1]) measure(upTo, moveBy, penalty)
}
