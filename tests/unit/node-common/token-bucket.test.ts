import { describe, expect, it } from 'vitest'
import { TokenBucket } from '../../../node-common/token-bucket'

describe('token bucket', () => {
  it('allows a burst, then refills at the rate, never above capacity', () => {
    const bucket = new TokenBucket(3, 2, 0)
    expect([1, 2, 3, 4].map(() => bucket.take(0))).toEqual([true, true, true, false])
    expect(bucket.take(499)).toBe(false) // 0.998 tokens
    expect(bucket.take(500)).toBe(true)
    // An hour idle refills to the capacity, not beyond.
    expect(Array.from({ length: 4 }, () => bucket.take(3_600_000))).toEqual([
      true,
      true,
      true,
      false,
    ])
    expect(new TokenBucket(5, 1, 0).take(0, 6)).toBe(false)
  })
})
