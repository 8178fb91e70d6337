/**
 * Token bucket over an injected clock (milliseconds): `capacity` tokens, refilled at `perSecond`.
 * Synchronous and tiny, so it can be allocated lazily per socket, address or identity (idle ones
 * cost nothing). rate-limiter-flexible serves where a limit must be shared between processes.
 */
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
