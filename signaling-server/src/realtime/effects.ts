import type { PinoLogger as Logger } from '../../../node-common/logger'
import type { CallStore, QueueStore } from '../store/types'
import type { createHandleTimes } from './handle-times'
import type { Scheduler } from './scheduler'
import type { Effect, Target } from './state'

/**
 * Carries out a step's effects in order: emits, timers, logs, and the write-through to the
 * call and queue stores. Writes are not awaited (the in-memory state is authoritative while the
 * process runs); the stores apply them in call order (store/types.ts), and a failed write is
 * logged.
 */
export function createExecutor(deps: {
  store: CallStore & QueueStore
  notify: (to: Target, event: string, payload: unknown) => void
  scheduler: Scheduler
  handleTimes: ReturnType<typeof createHandleTimes>
  log: Logger
  /** Counts for the node's metrics (metrics.ts). */
  events?: { offered(): void; storeWriteFailed(): void }
}) {
  const { store, notify, scheduler, handleTimes, log, events } = deps
  const written = (what: string) => (err: unknown) => {
    events?.storeWriteFailed()
    log.error({ err, what }, 'call store write failed')
  }
  return function execute(fx: Effect[]): void {
    for (const e of fx) {
      switch (e.kind) {
        case 'emit':
          if (e.event === 'call:offer') events?.offered()
          notify(e.to, e.event, e.payload)
          break
        case 'insertCall':
          store.saveCall(e.rec).catch(written('insert call'))
          store.saveQueueEntry(e.entry).catch(written('insert queue entry'))
          handleTimes.saw(e.rec)
          break
        case 'persist':
          store.saveCall(e.rec).catch(written('call'))
          handleTimes.saw(e.rec)
          break
        case 'upsertEntry':
          store.saveQueueEntry(e.entry).catch(written('queue entry'))
          break
        case 'deleteEntry':
          store.deleteQueueEntry(e.callId).catch(written('delete queue entry'))
          break
        case 'schedule':
          scheduler.schedule(e.callId, e.timer, e.at)
          break
        case 'cancel':
          scheduler.cancel(e.callId)
          break
        case 'log':
          log.info(e.obj, e.msg)
          break
      }
    }
  }
}
