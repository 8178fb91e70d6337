import type { StaffStore } from './store/types'

/** How often expired staff sessions are removed from the store. */
export const SESSION_SWEEP_MS = 60 * 60_000

/**
 * Removes expired staff login sessions: once at start and then every `everyMs`. An expired
 * session is already refused (auth.ts checks the expiry), but its row would otherwise stay on
 * disk for good, a growing list of who logged in when.
 */
export function startSessionSweep(deps: {
  store: Pick<StaffStore, 'deleteExpiredSessions'>
  now: () => number
  onError: (err: unknown) => void
  everyMs?: number
}): { close(): void } {
  const sweep = () => void deps.store.deleteExpiredSessions(deps.now()).catch(deps.onError)
  sweep()
  const timer = setInterval(sweep, deps.everyMs ?? SESSION_SWEEP_MS)
  timer.unref()
  return { close: () => clearInterval(timer) }
}
