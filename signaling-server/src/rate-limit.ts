/** Token bucket; allocated lazily per socket so idle sockets cost nothing. */
export class TokenBucket {
  private tokens: number
  private last: number
  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    now: number,
  ) {
    this.tokens = capacity
    this.last = now
  }
  take(now: number, cost = 1): boolean {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond)
    this.last = now
    if (this.tokens < cost) return false
    this.tokens -= cost
    return true
  }
}

export interface RateLimitConfig {
  /** Control events (join, accept, presence…). */
  control: { burst: number; perSecond: number }
  /** `call:signal` carries trickled ICE candidates, so it gets a larger budget. */
  signal: { burst: number; perSecond: number }
  /** Rejections tolerated before the socket is disconnected. */
  maxViolations: number
}

export const defaultRateLimits: RateLimitConfig = {
  control: { burst: 20, perSecond: 5 },
  signal: { burst: 200, perSecond: 50 },
  maxViolations: 200,
}
