import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible'

/** Failed logins of one username from one address before that pair is locked. */
export const LOCKOUT_FAILURES = 5
export const LOCKOUT_MS = 15 * 60_000
/** Failed logins from one address (any usernames) per day before the address is blocked. */
export const ADDRESS_FAILURES_PER_DAY = 100

export type LoginWait =
  | { kind: 'none' }
  /** This username from this address failed too often: 423 for the rest of the lock. */
  | { kind: 'locked_out'; retryAfterMs: number }
  /** This address failed too often, whatever the usernames: 429. */
  | { kind: 'address_blocked'; retryAfterMs: number }

/**
 * Failed-login throttling keyed by (username, address) and by address, as in
 * rate-limiter-flexible's "login endpoint protection": a hostile address that locks `admin`
 * locks only itself out, so admin still logs in from any address that did not fail. The key is
 * the username as typed, whether or not such a user exists, so an unknown name is locked
 * exactly like a known one and answers tell nothing about which names exist.
 *
 * In memory by default (one process). The limiters are rate-limiter-flexible ones, so a
 * scale-out passes `RateLimiterRedis` instances with the same options.
 */
export interface LoginThrottle {
  check(username: string, address: string): Promise<LoginWait>
  /** Counts a failure; returns the wait it now causes (the 5th failure locks at once). */
  failed(username: string, address: string): Promise<LoginWait>
  /** A right password clears the pair's failures (not the address's daily count). */
  succeeded(username: string, address: string): Promise<void>
}

/**
 * The two limiters' options, for whichever rate-limiter-flexible store holds them. `points` is
 * one less than the failures that lock: the consume that exceeds it blocks.
 */
export const LOGIN_LIMITS = {
  byPair: {
    keyPrefix: 'login-pair',
    points: LOCKOUT_FAILURES - 1,
    duration: 60 * 60,
    blockDuration: LOCKOUT_MS / 1000,
  },
  byAddress: {
    keyPrefix: 'login-address',
    points: ADDRESS_FAILURES_PER_DAY - 1,
    duration: 24 * 60 * 60,
    blockDuration: 24 * 60 * 60,
  },
} as const

export function createLoginThrottle(
  limiters: { byPair?: RateLimiterAbstract; byAddress?: RateLimiterAbstract } = {},
): LoginThrottle {
  const byPair = limiters.byPair ?? new RateLimiterMemory(LOGIN_LIMITS.byPair)
  const byAddress = limiters.byAddress ?? new RateLimiterMemory(LOGIN_LIMITS.byAddress)
  // JSON keeps the two parts apart whatever characters a username holds.
  const pairKey = (username: string, address: string) => JSON.stringify([username, address])

  async function check(username: string, address: string): Promise<LoginWait> {
    const [pair, addr] = await Promise.all([
      byPair.get(pairKey(username, address)),
      byAddress.get(address),
    ])
    if (addr && addr.consumedPoints > byAddress.points)
      return { kind: 'address_blocked', retryAfterMs: addr.msBeforeNext }
    if (pair && pair.consumedPoints > byPair.points)
      return { kind: 'locked_out', retryAfterMs: pair.msBeforeNext }
    return { kind: 'none' }
  }

  // consume() rejects with the result once the key is over its points (and blocks it).
  const count = (limiter: RateLimiterAbstract, key: string) =>
    limiter.consume(key).catch((res: unknown) => {
      if (res instanceof Error) throw res
    })

  return {
    check,
    async failed(username, address) {
      await Promise.all([count(byPair, pairKey(username, address)), count(byAddress, address)])
      return check(username, address)
    },
    async succeeded(username, address) {
      await byPair.delete(pairKey(username, address))
    },
  }
}
