import { TokenBucket } from '../../node-common/token-bucket'

export interface RateLimitConfig {
  /** Control events (join, accept, presence…). */
  control: { burst: number; perSecond: number }
  /** `call:signal` carries trickled ICE candidates, so it gets a larger budget. */
  signal: { burst: number; perSecond: number }
  /** Rejections tolerated (forgiven over ten minutes) before the socket is disconnected. */
  maxViolations: number
}

export const defaultRateLimits: RateLimitConfig = {
  control: { burst: 20, perSecond: 5 },
  signal: { burst: 200, perSecond: 50 },
  maxViolations: 200,
}

/** One identity's budgets: events by kind, and the rejections it is forgiven. */
export interface IdentityBudget {
  control: TokenBucket
  signal: TokenBucket
  /** Empty after `maxViolations` rejections (refilled over ten minutes): disconnect. */
  violations: TokenBucket
}

/**
 * Budgets per terminal / staff identity rather than per socket, so reconnecting does not
 * refill them. Bounded: the least recently used identity is dropped beyond `maxIdentities`.
 */
export class IdentityBudgets {
  private readonly byIdentity = new Map<string, IdentityBudget>()
  constructor(
    private readonly config: RateLimitConfig,
    private readonly now: () => number,
    private readonly maxIdentities = 50_000,
  ) {}

  of(identity: string): IdentityBudget {
    let b = this.byIdentity.get(identity)
    if (b) {
      this.byIdentity.delete(identity) // re-inserted below: Map order is recency
    } else {
      const t = this.now()
      const { control, signal, maxViolations } = this.config
      b = {
        control: new TokenBucket(control.burst, control.perSecond, t),
        signal: new TokenBucket(signal.burst, signal.perSecond, t),
        violations: new TokenBucket(maxViolations, maxViolations / 600, t),
      }
      if (this.byIdentity.size >= this.maxIdentities) {
        const oldest = this.byIdentity.keys().next().value
        if (oldest !== undefined) this.byIdentity.delete(oldest)
      }
    }
    this.byIdentity.set(identity, b)
    return b
  }
}
