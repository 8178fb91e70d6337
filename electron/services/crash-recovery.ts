/**
 * What to do when the renderer dies: reload after a growing delay, and after too many crashes in
 * a short time show the fallback page instead of crash-looping in front of a resident. A crash
 * long after the last one starts the count again. Pure: the caller supplies the clock.
 */
export interface CrashRecoveryPolicy {
  /** Delays before each reload attempt; its length is the number of attempts. */
  delaysMs: readonly number[]
  /** Crashes further apart than this start a fresh count. */
  windowMs: number
}

export const defaultCrashRecoveryPolicy: CrashRecoveryPolicy = {
  delaysMs: [500, 2_000, 8_000],
  windowMs: 5 * 60_000,
}

export type CrashDecision = { action: 'reload'; afterMs: number } | { action: 'fallback' }

export class CrashRecovery {
  private crashes: number[] = []

  constructor(private readonly policy: CrashRecoveryPolicy = defaultCrashRecoveryPolicy) {}

  onCrash(nowMs: number): CrashDecision {
    this.crashes = this.crashes.filter((t) => nowMs - t < this.policy.windowMs)
    this.crashes.push(nowMs)
    const delay = this.policy.delaysMs[this.crashes.length - 1]
    return delay === undefined ? { action: 'fallback' } : { action: 'reload', afterMs: delay }
  }
}
