/**
 * The recogniser as it ships, on the tuning set (or another fixture named on the command line):
 * hinted and un-hinted top-1 / top-5 and the hinted misses.
 *
 *   npx tsx tests/support/handwriting/tuning-accuracy.ts [tuning-set.json]
 */
import {
  DEBIAN_ZH_CN_MODEL,
  HandwritingRecogniser,
  type RecogniserOptions,
} from '../../../electron/services/text-entry/recogniser'
import { accuracy, readFixture } from './evaluate'

const file = (process.argv[2] ?? 'tuning-set.json') as 'tuning-set.json'
const rec = await HandwritingRecogniser.load(
  DEBIAN_ZH_CN_MODEL,
  JSON.parse(process.env.OPTIONS ?? '{}') as RecogniserOptions,
)
const { hinted, unhinted } = accuracy(rec, readFixture(file))
const f = (x: number) => x.toFixed(3)
console.log(
  `${file}: hinted ${f(hinted.top1)} / ${f(hinted.top5)}, un-hinted ${f(unhinted.top1)} / ${f(unhinted.top5)}`,
)
const misses = (a: typeof hinted) =>
  a.confusions.map((c) => `${c.written}→${c.read}${c.top5 ? '' : '*'}`).join(' ')
console.log(`hinted confusions (* not in the five): ${misses(hinted)}`)
console.log(`un-hinted confusions: ${misses(unhinted)}`)
