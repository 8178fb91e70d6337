import {
  HEALTH_HISTORY_MS,
  HEALTH_MIN_GAP_MS,
  HEALTH_SAMPLE_MS,
  type HealthReport,
} from '../../../common/signaling/health'
import type { PinoLogger as Logger } from '../../../node-common/logger'
import type { HealthRecord, HealthStore } from '../store/types'
import { refuse } from './errors'

/** How often samples older than the history's 7 days are deleted (on a report's arrival). */
const PRUNE_EVERY_MS = 3_600_000
/** Reports wait at most this long to be written, all of them together. */
export const HEALTH_FLUSH_MS = 1_000

/**
 * Terminals' health reports (`health:report`, validated by the dispatcher before this): the
 * latest of each is kept, the history gets one sample per terminal per 10 minutes and loses
 * what is older than 7 days. A terminal sending more often than once per 5 s has the extra
 * reports refused (`rate_limited`), nothing stored; the gap is kept per terminal across
 * reconnects, so reconnecting does not reset it.
 *
 * Writes are batched: what arrived in the last second is written in one go (`writeHealth`, one
 * commit), a terminal's latest report only once, so 10,000 terminals cost a write a second
 * rather than ~170 (one fsync each on SQLite, which was the centre's bottleneck). The ack says
 * the report was taken; at most a second of reports is lost with the process, and each terminal
 * reports again within a minute. Readers on this node call `flush()` first, so they see every
 * report acked before them.
 */
export function createHealthReports(deps: {
  store: HealthStore
  now: () => number
  log: Logger
  /** Called with each report taken (not with refused ones). */
  onReport?: (terminalId: string, report: HealthReport, at: number) => void
  /** Runs `fn` every `ms` until the realtime side closes. */
  every: (ms: number, fn: () => void) => void
}) {
  const { store, now, log } = deps
  const lastAccepted = new Map<string, number>()
  const lastSample = new Map<string, number>()
  let lastPrune = Number.NEGATIVE_INFINITY
  let latest = new Map<string, HealthRecord>()
  let samples: HealthRecord[] = []
  let writing: Promise<void> = Promise.resolve()

  /** Set when the history is due for pruning; done after the batch it follows. */
  let pruneBefore: number | null = null

  function flush(): Promise<void> {
    const prune = pruneBefore
    if (latest.size === 0 && samples.length === 0 && prune === null) return writing
    const batch = { latest: [...latest.values()], samples }
    latest = new Map()
    samples = []
    pruneBefore = null
    // One batch at a time, in order: a later report never lands under an earlier one.
    writing = writing.then(async () => {
      if (batch.latest.length + batch.samples.length > 0)
        await store
          .writeHealth(batch)
          .catch((err: unknown) =>
            log.warn({ err, reports: batch.latest.length }, 'health reports not kept'),
          )
      if (prune !== null)
        await store
          .pruneHealthSamples(prune)
          .catch((err: unknown) => log.warn({ err }, 'health pruning failed'))
    })
    return writing
  }
  deps.every(HEALTH_FLUSH_MS, () => void flush())

  return {
    receive(terminalId: string, report: HealthReport): void {
      const at = now()
      const previous = lastAccepted.get(terminalId)
      if (previous !== undefined && at - previous < HEALTH_MIN_GAP_MS)
        refuse('rate_limited', 'at most one health report per 5 s')
      lastAccepted.set(terminalId, at)
      const rec = { terminalId, receivedAt: at, report }
      deps.onReport?.(terminalId, report, at)
      latest.set(terminalId, rec)
      const sampled = lastSample.get(terminalId)
      if (sampled === undefined || at - sampled >= HEALTH_SAMPLE_MS) {
        lastSample.set(terminalId, at)
        samples.push(rec)
      }
      if (at - lastPrune >= PRUNE_EVERY_MS) {
        lastPrune = at
        pruneBefore = at - HEALTH_HISTORY_MS
        void flush()
      }
    },
    /** Writes what waits now; resolves once every report taken so far is in the store. */
    flush,
  }
}
