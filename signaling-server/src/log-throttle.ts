import type { PinoLogger as Logger } from '../../node-common/logger'

export const LOG_WINDOW_MS = 60_000

/**
 * Warnings a caller can provoke at will (rejected events, refused handshakes) are written once
 * per window and key; the repeats are counted and written as one line when the window ends,
 * so a burst of 2,000 events writes two lines instead of hundreds.
 */
export interface WarnOnce {
  warn(key: string, fields: Record<string, unknown>, msg: string): void
  /** Writes the pending counts now (at shutdown). */
  flush(): void
}

export function createWarnOnce(log: Logger, windowMs = LOG_WINDOW_MS): WarnOnce {
  type Window = {
    fields: Record<string, unknown>
    msg: string
    repeats: number
    timer: NodeJS.Timeout
  }
  const open = new Map<string, Window>()

  function close(key: string): void {
    const w = open.get(key)
    if (!w) return
    clearTimeout(w.timer)
    open.delete(key)
    if (w.repeats > 0)
      log.warn({ ...w.fields, repeats: w.repeats, windowMs }, `${w.msg} (repeated)`)
  }

  return {
    warn(key, fields, msg) {
      const w = open.get(key)
      if (w) {
        w.repeats++
        return
      }
      log.warn(fields, msg)
      const timer = setTimeout(() => close(key), windowMs)
      timer.unref?.()
      open.set(key, { fields, msg, repeats: 0, timer })
    },
    flush() {
      for (const key of [...open.keys()]) close(key)
    },
  }
}
