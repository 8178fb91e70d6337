import { describe, expect, it } from 'vitest'
import { backoffDelay, exponentialDelay, jittered } from '../../../node-common/backoff'

describe('backoff and jitter', () => {
  const policy = { baseMs: 1000, maxMs: 30_000 }

  it('doubles per attempt up to the cap; equal jitter keeps at least half', () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => exponentialDelay(a, policy))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000,
    ])
    expect(exponentialDelay(3, { ...policy, factor: 3 })).toBe(9000)
    expect(backoffDelay(3, policy, () => 0)).toBe(2000)
    expect(backoffDelay(3, policy, () => 0.999)).toBeLessThanOrEqual(4000)
  })

  it('spreads a periodic delay by ± the fraction, never below zero', () => {
    expect(jittered(1000, 0.2, () => 0)).toBe(800)
    expect(jittered(1000, 0.2, () => 0.5)).toBe(1000)
    expect(jittered(1000, 0.2, () => 0.9999)).toBe(1200)
    expect(jittered(1000, 2, () => 0)).toBe(0)
  })
})
