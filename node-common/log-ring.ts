import pino from 'pino'
import { LOG_UPLOAD_MAX_CHARS } from '../common/signaling/commands'
import { maskIdNumbersIn } from '../common/privacy/mask'

/** Lines kept for a log upload (docs/fleet.md, remote command "upload logs"). */
export const LOG_RING_LINES = 2_000

/**
 * The kiosk's recent log lines in memory, for the fleet console's "upload logs": the lines are
 * the logger's own, already sanitized by `createLogger` (log-sanitize.ts), and any ID number in
 * free text is masked once more when they are read. Bounded in lines and in characters read.
 */
export class LogRing {
  private readonly lines: string[] = []
  private partial = ''

  constructor(private readonly maxLines = LOG_RING_LINES) {}

  /** A pino destination: each write is one or more newline-terminated lines. */
  write(chunk: string): boolean {
    const parts = (this.partial + chunk).split('\n')
    this.partial = parts.pop() ?? ''
    for (const line of parts) {
      if (!line) continue
      this.lines.push(line.length > 4_000 ? `${line.slice(0, 4_000)}…` : line)
      if (this.lines.length > this.maxLines) this.lines.shift()
    }
    return true
  }

  /** Every line kept, oldest first (the technician's log export sanitizes each again). */
  snapshot(): string[] {
    return [...this.lines]
  }

  /** The newest lines that fit in `maxChars`, oldest first. */
  recent(maxChars = LOG_UPLOAD_MAX_CHARS): { text: string; lines: number; truncated: boolean } {
    const kept: string[] = []
    let size = 0
    for (let i = this.lines.length - 1; i >= 0; i--) {
      const line = maskIdNumbersIn(this.lines[i]!)
      if (size + line.length + 1 > maxChars) break
      kept.push(line)
      size += line.length + 1
    }
    kept.reverse()
    return { text: kept.join('\n'), lines: kept.length, truncated: kept.length < this.lines.length }
  }
}

/** `destination` and the ring together, for `createLogger`. */
export function withLogRing(destination: pino.DestinationStream, ring: LogRing) {
  return pino.multistream([{ stream: destination }, { stream: ring }])
}
