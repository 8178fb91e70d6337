import { beforeAll, describe, expect, it } from 'vitest'
import {
  DEBIAN_ZH_CN_MODEL,
  HandwritingRecogniser,
} from '../../../../../electron/services/text-entry/recogniser'
import { accuracy, readFixture, type Accuracy } from '../../../../support/handwriting/evaluate'
import { accuracyCharacters } from '../../../../support/handwriting/make-fixture'

/**
 * Accuracy on simulated finger writing that is not the model's training data (Make Me a Hanzi
 * medians deformed by tests/support/handwriting/deform.ts; the model was trained on Tomoe's
 * strokes). The test set (seed "test") was never used for tuning: the tuning set (seed
 * "tuning") was. Figures and confusions: docs/kiosk.md.
 */
let recogniser: Promise<HandwritingRecogniser> | undefined
const loaded = () => (recogniser ??= HandwritingRecogniser.load(DEBIAN_ZH_CN_MODEL))

describe('handwriting accuracy on the 302-character test set', () => {
  const fixture = readFixture('test-set.json')
  let result: { hinted: Accuracy; unhinted: Accuracy }
  beforeAll(async () => {
    result = accuracy(await loaded(), fixture)
    const show = (a: Accuracy) => `top-1 ${a.top1.toFixed(3)}, top-5 ${a.top5.toFixed(3)}`
    console.info(`hinted: ${show(result.hinted)}; un-hinted: ${show(result.unhinted)}`)
    console.info(
      'hinted confusions:',
      result.hinted.confusions.map((c) => `${c.written}→${c.read}${c.top5 ? '' : '*'}`).join(' '),
    )
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
    // The goal: top-1 0.85, top-5 0.97. Reached: 0.960 / 0.974 (before the shape
    // re-ranking 0.887 / 0.950, before the stroke-order readings 0.877 / 0.937).
    expect(result.hinted.top1).toBeGreaterThanOrEqual(0.95)
    expect(result.hinted.top5).toBeGreaterThanOrEqual(0.97)
  })

  it('without a hint (Zinnia with its readings, then the shape re-ranking)', () => {
    // Reached: 0.815 / 0.944 (before the shape re-ranking 0.685 / 0.864).
    expect(result.unhinted.top1).toBeGreaterThanOrEqual(0.8)
    expect(result.unhinted.top5).toBeGreaterThanOrEqual(0.93)
  })
})

/**
 * The same kind of simulated finger, written through the kiosk's real pad in Chromium (touch
 * events; tests/support/handwriting/make-pad-set.ts): the strokes as the pad sent them, after
 * the browser's event coalescing, the pad's point filter and its 900 × 400 frame. Simulated
 * fingers, not human writers.
 */
describe('handwriting accuracy on 101 characters written through the pad', () => {
  const fixture = readFixture('pad-set.json')
  let result: { hinted: Accuracy; unhinted: Accuracy }
  beforeAll(async () => {
    result = accuracy(await loaded(), fixture)
    const show = (a: Accuracy) => `top-1 ${a.top1.toFixed(3)}, top-5 ${a.top5.toFixed(3)}`
    console.info(`pad set: hinted: ${show(result.hinted)}; un-hinted: ${show(result.unhinted)}`)
  }, 300_000)

  it('holds characters of the test set’s list, as the pad delivered them', () => {
    expect(fixture.samples.length).toBeGreaterThanOrEqual(100)
    const listed = new Set(accuracyCharacters().map((c) => c.character))
    expect(fixture.samples.filter((s) => !listed.has(s.character))).toEqual([])
    expect(fixture.pad).toEqual({ width: 900, height: 400 })
  })

  it('with the field known', () => {
    // Reached: 0.941 / 0.980 (before the shape re-ranking 0.901 / 0.950).
    expect(result.hinted.top1).toBeGreaterThanOrEqual(0.93)
    expect(result.hinted.top5).toBeGreaterThanOrEqual(0.97)
  })

  it('without a hint', () => {
    // Reached: 0.812 / 0.921 (before the shape re-ranking 0.693 / 0.851).
    expect(result.unhinted.top1).toBeGreaterThanOrEqual(0.8)
    expect(result.unhinted.top5).toBeGreaterThanOrEqual(0.91)
  })
})
