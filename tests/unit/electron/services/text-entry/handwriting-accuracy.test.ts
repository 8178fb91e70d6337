import { beforeAll, describe, expect, it } from 'vitest'
import {
  DEBIAN_ZH_CN_MODEL,
  HandwritingRecogniser,
} from '../../../../../electron/services/text-entry/recogniser'
import { accuracy, readFixture, type Accuracy } from '../../../../support/handwriting/evaluate'

/**
 * Accuracy on simulated finger writing that is not the model's training data (Make Me a Hanzi
 * medians deformed by tests/support/handwriting/deform.ts; the model was trained on Tomoe's
 * strokes). The test set (seed "test") was never used for tuning: the tuning set (seed
 * "tuning") was. Figures and confusions: docs/kiosk.md.
 */
describe('handwriting accuracy on the 302-character test set', () => {
  const fixture = readFixture('test-set.json')
  let result: { hinted: Accuracy; unhinted: Accuracy }
  beforeAll(async () => {
    const rec = await HandwritingRecogniser.load(DEBIAN_ZH_CN_MODEL)
    result = accuracy(rec, fixture)
    const show = (a: Accuracy) => `top-1 ${a.top1.toFixed(3)}, top-5 ${a.top5.toFixed(3)}`
    console.info(`hinted: ${show(result.hinted)}; un-hinted: ${show(result.unhinted)}`)
    console.info(
      'un-hinted confusions:',
      result.unhinted.confusions.map((c) => `${c.written}→${c.read}${c.top5 ? '' : '*'}`).join(' '),
    )
  }, 300_000)

  it('covers the 200 commonest name characters and the sample catalog’s place characters', () => {
    const chars = new Set(fixture.samples.map((s) => s.character))
    expect(chars.size).toBeGreaterThanOrEqual(300)
    expect(fixture.samples.filter((s) => s.field === 'name')).toHaveLength(200)
  })

  it('with the field known (name / address hint), as the kiosk always has it', () => {
    expect(result.hinted.top1).toBeGreaterThanOrEqual(0.85)
    // The issue asks for 0.97; this recogniser reaches 0.937 (docs/kiosk.md). Held here so a
    // regression shows; not claimed as met.
    expect(result.hinted.top5).toBeGreaterThanOrEqual(0.93)
  })

  it('without a hint (Zinnia with normalisation and joined-stroke reading alone)', () => {
    expect(result.unhinted.top1).toBeGreaterThanOrEqual(0.65)
    expect(result.unhinted.top5).toBeGreaterThanOrEqual(0.8)
  })
})
