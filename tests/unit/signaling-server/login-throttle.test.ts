import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  ADDRESS_FAILURES_PER_DAY,
  LOCKOUT_FAILURES,
  LOCKOUT_MS,
  createLoginThrottle,
} from '../../../signaling-server/src/login-throttle'

// rate-limiter-flexible keeps time with Date.now and setTimeout: fake both.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('login throttle', () => {
  it('locks a (username, address) pair at the 5th failure and unlocks it after 15 minutes', async () => {
    const t = createLoginThrottle()
    for (let i = 1; i < LOCKOUT_FAILURES; i++)
      expect(await t.failed('admin', '10.0.0.9')).toEqual({ kind: 'none' })
    const locked = await t.failed('admin', '10.0.0.9')
    expect(locked).toMatchObject({ kind: 'locked_out' })
    expect(locked.kind === 'locked_out' && locked.retryAfterMs).toBe(LOCKOUT_MS)
    expect(await t.check('admin', '10.0.0.1')).toEqual({ kind: 'none' })
    expect(await t.check('admin2', '10.0.0.9')).toEqual({ kind: 'none' })

    vi.advanceTimersByTime(LOCKOUT_MS - 1_000)
    expect(await t.check('admin', '10.0.0.9')).toMatchObject({ kind: 'locked_out' })
    vi.advanceTimersByTime(1_000)
    expect(await t.check('admin', '10.0.0.9')).toEqual({ kind: 'none' })
  })

  it('blocks an address that fails too often across many usernames, for a day', async () => {
    const t = createLoginThrottle()
    for (let i = 1; i < ADDRESS_FAILURES_PER_DAY; i++) await t.failed(`user${i}`, '10.0.0.66')
    expect(await t.check('fresh-name', '10.0.0.66')).toEqual({ kind: 'none' })
    expect(await t.failed('fresh-name', '10.0.0.66')).toMatchObject({ kind: 'address_blocked' })
    expect(await t.check('another', '10.0.0.66')).toMatchObject({ kind: 'address_blocked' })
    expect(await t.check('another', '10.0.0.67')).toEqual({ kind: 'none' })
    vi.advanceTimersByTime(24 * 3600_000)
    expect(await t.check('another', '10.0.0.66')).toEqual({ kind: 'none' })
  })

  it('keeps username and address apart whatever characters they hold', async () => {
    const t = createLoginThrottle()
    for (let i = 0; i < LOCKOUT_FAILURES; i++) await t.failed('a","b', 'c')
    expect(await t.check('a', 'b","c')).toEqual({ kind: 'none' })
  })
})
