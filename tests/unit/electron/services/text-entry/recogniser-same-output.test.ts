import { beforeAll, describe, expect, it } from 'vitest'
import {
  DEBIAN_ZH_CN_MODEL,
  HandwritingRecogniser,
} from '../../../../../electron/services/text-entry/recogniser'
import { rng } from '../../../../support/handwriting/deform'
import { topN, type Scored } from '../../../../../electron/services/text-entry/zinnia-model'
import { readFixture } from '../../../../support/handwriting/evaluate'

/**
 * The recogniser's shortcuts (prefix-scores.ts: sums resumed from earlier scorings; topN's
 * partial sort) must not change a single candidate or score. Checked against the plain path
 * (every reading scored afresh, as Zinnia does) on the tuning set, in the order the pad sends
 * requests: after every stroke, character after character.
 */
describe('the recogniser’s shortcuts give the same output', () => {
  const fixture = readFixture('tuning-set.json')
  let plain: HandwritingRecogniser
  let quick: HandwritingRecogniser
  beforeAll(async () => {
    plain = await HandwritingRecogniser.load(DEBIAN_ZH_CN_MODEL, { reuse: false })
    quick = new HandwritingRecogniser(plain.model)
  })

  const same = (a: Scored[], b: Scored[]) =>
    a.length === b.length &&
    a.every((s, i) => s.character === b[i]!.character && Object.is(s.score, b[i]!.score))

  it('after every stroke, as the pad asks (every sixth tuning sample)', () => {
    let requests = 0
    const differ: string[] = []
    for (let i = 0; i < fixture.samples.length; i += 6) {
      const s = fixture.samples[i]!
      for (let k = 1; k <= s.strokes.length; k++) {
        const req = { strokes: s.strokes.slice(0, k), ...fixture.pad, hint: s.field, max: 8 }
        requests++
        // recognise() is rank(pool()): the same pool and hint give the same candidates.
        const a = plain.pool(req, 8)
        const b = quick.pool(req, 8)
        if (
          !same(a, b) ||
          plain.rank(a, s.field, 8).join('') !== quick.rank(b, s.field, 8).join('')
        )
          differ.push(`${s.character}/${k}`)
      }
    }
    expect(requests).toBeGreaterThan(700)
    expect(differ).toEqual([])
  }, 600_000)

  it('for every character of the tuning set written whole, one after another', () => {
    const differ: string[] = []
    // The first of each character's two samples (the writing-order check covers others).
    for (const s of fixture.samples.filter((_, i) => i % 2 === 0)) {
      const req = { strokes: s.strokes, ...fixture.pad }
      if (!same(plain.pool(req, 10), quick.pool(req, 10))) differ.push(s.character)
    }
    expect(differ).toEqual([])
  }, 600_000)

  it('topN orders as a full sort does, ties to the later character', () => {
    const r = rng(7)
    for (const n of [1, 5, 32, 33, 300, 999, 1000, 1200]) {
      // Few distinct values: many ties, as float scores do have.
      const scores = Float32Array.from({ length: 1000 }, () => Math.round(r() * 50) / 10)
      const full = Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]! || b - a)
      expect(topN(scores, n), `n=${n}`).toEqual(full.slice(0, n))
    }
  })
})
