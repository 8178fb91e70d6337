import { jittered } from '../../../node-common/backoff'
import type { CatalogRefresh } from '../centre-api/catalog'
import type { Logger } from '../../../node-common/logger'

export interface CatalogRefreshOptions {
  /** One refresh: asks the centre and offers the answer to the cache; throws when offline. */
  refresh: () => Promise<CatalogRefresh>
  log: Logger
  /** Between successful refreshes. Default 30 min. */
  intervalMs?: number
  /** After a failed one (centre unreachable): sooner, so a kiosk back online catches up. Default 5 min. */
  retryMs?: number
  /** ± this fraction of the delay, so a hall's kiosks started together do not ask together. */
  jitter?: number
  random?: () => number
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (handle: unknown) => void
}

export interface CatalogRefresher {
  /** Stops the schedule; resolves when a refresh under way has finished. */
  stop(): Promise<void>
  /** Refreshes at once (after the one under way), then on the usual schedule. */
  now(): Promise<void>
}

export const CATALOG_REFRESH_MS = 30 * 60_000
export const CATALOG_RETRY_MS = 5 * 60_000

/**
 * Keeps the kiosk's catalog cache current: one refresh at once (kiosk start), then every
 * `intervalMs` with jitter. A failure (offline, centre down, invalid answer) is logged and
 * leaves the cached catalog in use; it never reaches the resident.
 */
export function startCatalogRefresh(opts: CatalogRefreshOptions): CatalogRefresher {
  const interval = opts.intervalMs ?? CATALOG_REFRESH_MS
  const retry = Math.min(opts.retryMs ?? CATALOG_RETRY_MS, interval)
  const jitter = opts.jitter ?? 0.2
  const random = opts.random ?? Math.random
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms).unref())
  const clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as NodeJS.Timeout))
  let stopped = false
  let timer: unknown = null
  let running: Promise<void> = Promise.resolve()
  let failures = 0

  const schedule = (base: number) => {
    if (stopped) return
    const ms = jittered(base, jitter, random)
    timer = setTimer(() => {
      timer = null
      running = run()
    }, ms)
  }

  async function run(): Promise<void> {
    try {
      const result = await opts.refresh()
      if (failures > 0 || result.kind === 'updated')
        opts.log.info({ version: result.version, result: result.kind }, 'catalog refreshed')
      failures = 0
      schedule(interval)
    } catch (err) {
      failures++
      // Once per outage at warn level; the kiosk works on from its cache meanwhile.
      const level = failures === 1 ? 'warn' : 'debug'
      opts.log[level](
        { err: (err as Error).message, failures },
        'catalog refresh failed; using the cached catalog',
      )
      schedule(retry)
    }
  }

  running = run()
  return {
    async now() {
      if (stopped) return
      if (timer !== null) clearTimer(timer)
      timer = null
      await running
      if (stopped) return
      if (timer !== null) clearTimer(timer)
      timer = null
      running = run()
      await running
    },
    async stop() {
      stopped = true
      if (timer !== null) clearTimer(timer)
      timer = null
      await running
    },
  }
}
