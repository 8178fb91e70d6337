/**
 * Exponential backoff with "equal jitter": the delay doubles per attempt up to a cap, and half of
 * it is random, so many kiosks coming back online after an outage do not retry in step, while
 * each still waits at least half the nominal delay.
 */
export interface BackoffPolicy {
  baseMs: number
  maxMs: number
}

export const defaultBackoff: BackoffPolicy = { baseMs: 2_000, maxMs: 5 * 60_000 }

/** Delay before retry number `attempt` (1 = the first retry); `random` in [0, 1). */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(exp / 2 + random() * (exp / 2))
}
