import { describe, expect, it } from 'vitest'
import { DEBIAN_ZH_CN_MODEL } from '../../../../../electron/services/text-entry/recogniser'
import {
  applyStrokePrior,
  defaultStrokePrior,
  strokeCountsOf,
} from '../../../../../electron/services/text-entry/stroke-prior'
import { ZinniaModel } from '../../../../../electron/services/text-entry/zinnia-model'

describe('the stroke-count prior', () => {
  it('knows the standard stroke count of every character the model reads (Unihan)', async () => {
    const model = await ZinniaModel.load(DEBIAN_ZH_CN_MODEL)
    const counts = strokeCountsOf(model.characters)
    expect(counts.every((n) => n > 0)).toBe(true)
    const of = (c: string) => counts[model.characters.indexOf(c)]
    expect([of('一'), of('王'), of('张'), of('静'), of('镇')]).toEqual([1, 4, 7, 14, 15])
  })

  it('puts a character with as many strokes as written before ones with more or fewer', () => {
    // 张 (7 strokes) written in 7 strokes, against 卢 (5) and 健 (10) that Zinnia alone preferred.
    const counts = strokeCountsOf(['卢', '健', '张'])
    const scores = Float32Array.from([0.2, 0.1, 0])
    applyStrokePrior(scores, counts, 7, defaultStrokePrior)
    expect(scores[2]).toBeGreaterThan(scores[0]!)
    expect(scores[2]).toBeGreaterThan(scores[1]!)
    // One stroke short (a finger that stayed down) costs little: 张 in 6 strokes still beats 卢.
    const joined = Float32Array.from([0.2, 0.1, 0])
    applyStrokePrior(joined, counts, 6, defaultStrokePrior)
    expect(joined[2]).toBeGreaterThan(joined[0]!)
  })
})
