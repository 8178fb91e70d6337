import {
  HEALTH_HISTORY_MS,
  HEALTH_MIN_GAP_MS,
  HEALTH_SAMPLE_MS,
  type HealthReport,
} from '../../../common/signaling/health'
import type { PinoLogger as Logger } from '../../../node-common/logger'
import type { HealthStore } from '../store/types'
import { refuse } from './errors'

/** How often samples older than the history's 7 days are deleted (on a report's arrival). */
const PRUNE_EVERY_MS = 3_600_000

/**
 * Terminals' health reports (`health:report`, validated by the dispatcher before this): the
 * latest of each is kept, the history gets one sample per terminal per 10 minutes and loses
 * what is older than 7 days. A terminal sending more often than once per 5 s has the extra
 * reports refused (`rate_limited`), nothing stored; the gap is kept per terminal across
 * reconnects, so reconnecting does not reset it. Writes are not awaited: the ack says the
 * report was taken, a failed write is logged.
 */
export function createHealthReports(deps: {
  store: HealthStore
  now: () => number
  log: Logger
  /** Called with each report taken (not with refused ones). */
  onReport?: (terminalId: string, report: HealthReport, at: number) => void
}) {
  const { store, now, log } = deps
  const lastAccepted = new Map<string, number>()
  const lastSample = new Map<string, number>()
  let lastPrune = Number.NEGATIVE_INFINITY
  const logged = (what: string, terminalId: string) => (err: unknown) =>
    log.warn({ err, terminalId }, `${what} not kept`)

  return {
    receive(terminalId: string, report: HealthReport): void {
      const at = now()
      const previous = lastAccepted.get(terminalId)
      if (previous !== undefined && at - previous < HEALTH_MIN_GAP_MS)
        refuse('rate_limited', 'at most one health report per 5 s')
      lastAccepted.set(terminalId, at)
      const rec = { terminalId, receivedAt: at, report }
      deps.onReport?.(terminalId, report, at)
      store.putLatestHealth(rec).catch(logged('health report', terminalId))
      const sampled = lastSample.get(terminalId)
      if (sampled === undefined || at - sampled >= HEALTH_SAMPLE_MS) {
        lastSample.set(terminalId, at)
        store.addHealthSample(rec).catch(logged('health sample', terminalId))
      }
      if (at - lastPrune >= PRUNE_EVERY_MS) {
        lastPrune = at
        store.pruneHealthSamples(at - HEALTH_HISTORY_MS).catch(logged('health pruning', terminalId))
      }
    },
  }
}
