/**
 * Retry and schedule delays for everything on the Node side that waits before trying again
 * (outbox sends, device reopening, catalog refresh). `random` is injected, in [0, 1).
 */

export interface BackoffPolicy {
  baseMs: number
  maxMs: number
  /** Growth per attempt. Default 2. */
  factor?: number
}

export const defaultBackoff: BackoffPolicy = { baseMs: 2_000, maxMs: 5 * 60_000 }

/** The nominal delay before retry number `attempt` (1 = the first retry), capped, no jitter. */
export function exponentialDelay(attempt: number, policy: BackoffPolicy): number {
  const factor = policy.factor ?? 2
  return Math.min(policy.maxMs, policy.baseMs * factor ** Math.max(0, attempt - 1))
}

/**
 * Exponential backoff with "equal jitter": the delay grows per attempt up to a cap, and half of
 * it is random, so many kiosks coming back online after an outage do not retry in step, while
 * each still waits at least half the nominal delay.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const exp = exponentialDelay(attempt, policy)
  return Math.round(exp / 2 + random() * (exp / 2))
}

/** `ms` spread by ± `fraction` (0.2 = ±20 %), never negative: for periodic work many start together. */
export function jittered(ms: number, fraction: number, random: () => number): number {
  return Math.max(0, Math.round(ms * (1 + fraction * (2 * random() - 1))))
}
