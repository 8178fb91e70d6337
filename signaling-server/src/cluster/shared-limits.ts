import type { Redis } from 'ioredis'
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible'
import { createLoginThrottle, LOGIN_LIMITS, type LoginThrottle } from '../login-throttle'

/**
 * The login throttle of a cluster node, shared through Redis: a password guesser spread over
 * the nodes by the load balancer is counted once, not once per node. Each limiter falls back to
 * the node's own memory (rate-limiter-flexible's insurance limiter) while Redis does not answer,
 * so a Redis outage makes the throttle per node for its length, never open.
 */
export function sharedLoginThrottle(redis: Redis, prefix: string): LoginThrottle {
  const shared = (opts: (typeof LOGIN_LIMITS)[keyof typeof LOGIN_LIMITS]) =>
    new RateLimiterRedis({
      ...opts,
      storeClient: redis,
      keyPrefix: `${prefix}${opts.keyPrefix}`,
      insuranceLimiter: new RateLimiterMemory(opts),
    })
  return createLoginThrottle({
    byPair: shared(LOGIN_LIMITS.byPair),
    byAddress: shared(LOGIN_LIMITS.byAddress),
  })
}
