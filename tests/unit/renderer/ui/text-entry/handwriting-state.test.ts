import { describe, expect, it } from 'vitest'
import {
  handwritingReducer as step,
  initialHandwriting,
  type HandwritingAction,
  type Stroke,
} from '../../../../../renderer/src/ui/text-entry/handwriting-state'

const stroke: Stroke = [
  [0, 0],
  [10, 10],
]
const run = (value: string, actions: HandwritingAction[]) =>
  actions.reduce(step, initialHandwriting(value))

describe('the writing pad', () => {
  it('enters the best candidate at once; a tap replaces it', () => {
    let s = run('王', [
      { type: 'stroke-start' },
      { type: 'stroke', stroke },
      { type: 'recognised', candidates: ['日', '目', '明'], strokes: 1 },
    ])
    expect(s.value).toBe('王日')
    s = step(s, { type: 'pick', candidate: '明' })
    expect(s.value).toBe('王明')
    expect(s.chosen).toBe('明')
  })

  it('a later answer for more strokes replaces the guess; a stale one is ignored', () => {
    let s = run('', [
      { type: 'stroke-start' },
      { type: 'stroke', stroke },
      { type: 'stroke-start' },
      { type: 'stroke', stroke },
      { type: 'recognised', candidates: ['一'], strokes: 1 },
    ])
    expect(s.value).toBe('')
    s = step(s, { type: 'recognised', candidates: ['二'], strokes: 2 })
    expect(s.value).toBe('二')
  })

  it('after the pause the next stroke starts a new character; the old one can still be replaced until then', () => {
    let s = run('', [
      { type: 'stroke-start' },
      { type: 'stroke', stroke },
      { type: 'recognised', candidates: ['王', '玉'], strokes: 1 },
      { type: 'pause' },
    ])
    expect(s.strokes).toEqual([])
    s = step(s, { type: 'pick', candidate: '玉' })
    expect(s.value).toBe('玉')
    s = run(s.value, [
      { type: 'stroke-start' },
      { type: 'stroke', stroke },
      { type: 'recognised', candidates: ['明'], strokes: 1 },
    ])
    expect(s.value).toBe('玉明')
  })

  it('undo removes the last stroke, and the character with its last stroke', () => {
    let s = run('李', [
      { type: 'stroke-start' },
      { type: 'stroke', stroke },
      { type: 'recognised', candidates: ['一'], strokes: 1 },
    ])
    s = step(s, { type: 'undo' })
    expect(s.value).toBe('李')
    expect(s.candidates).toEqual([])
  })

  it('delete removes the character being written, or else the last one; space and clear', () => {
    let s = run('李明', [{ type: 'delete' }])
    expect(s.value).toBe('李')
    s = run('李', [
      { type: 'stroke-start' },
      { type: 'stroke', stroke },
      { type: 'recognised', candidates: ['一'], strokes: 1 },
      { type: 'clear' },
    ])
    expect(s.value).toBe('李')
    expect(step(s, { type: 'space' }).value).toBe('李 ')
  })
})
