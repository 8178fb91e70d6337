import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Strokes } from '../../../common/text-entry/strokes'
import type { HandwritingRecogniser } from '../../../electron/services/text-entry/recogniser'
import { fixtureDir, type HandwritingFixture } from './make-fixture'

export function readFixture(
  file: 'test-set.json' | 'tuning-set.json' | 'pad-set.json',
): HandwritingFixture {
  const fixture = JSON.parse(readFileSync(join(fixtureDir, file), 'utf8')) as HandwritingFixture
  // The samples go through the same schema as the pad's requests.
  for (const s of fixture.samples) Strokes.parse(s.strokes)
  return fixture
}

export interface Accuracy {
  samples: number
  top1: number
  top5: number
  /** Written → read as, for samples whose top-1 was wrong, most frequent first. */
  confusions: Array<{ written: string; read: string; top5: boolean }>
}

/** Hinted and un-hinted accuracy in one pass (Zinnia's pool is computed once per sample). */
export function accuracy(
  rec: HandwritingRecogniser,
  fixture: HandwritingFixture,
): { hinted: Accuracy; unhinted: Accuracy } {
  const tally = () => ({ samples: 0, top1: 0, top5: 0, confusions: [] as Accuracy['confusions'] })
  const hinted = tally()
  const unhinted = tally()
  for (const s of fixture.samples) {
    const pool = rec.pool({
      strokes: s.strokes,
      width: fixture.pad.width,
      height: fixture.pad.height,
    })
    for (const [t, hint] of [
      [hinted, s.field],
      [unhinted, undefined],
    ] as const) {
      const candidates = rec.rank(pool, hint, 5)
      const in5 = candidates.includes(s.character)
      t.samples++
      if (candidates[0] === s.character) t.top1++
      else t.confusions.push({ written: s.character, read: candidates[0] ?? '', top5: in5 })
      if (in5) t.top5++
    }
  }
  for (const t of [hinted, unhinted]) {
    t.top1 /= t.samples
    t.top5 /= t.samples
  }
  return { hinted, unhinted }
}
