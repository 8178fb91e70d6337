import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import pino from 'pino'
import { logDestination } from '../../../node-common/logger'
import { sanitizeForLog } from '../../../common/privacy/log-sanitize'
import { writeFileDurably } from '../../../node-common/durable-file'

/**
 * The kiosk's recent log lines, kept in memory for the technician's log export (the lines also
 * go to stderr, i.e. the journal). Bounded by count and by bytes, oldest dropped first. A pino
 * destination: `write(line)`.
 */
export class LogRing {
  private lines: string[] = []
  private bytes = 0

  constructor(
    private readonly maxLines = 2_000,
    private readonly maxBytes = 2 * 1_048_576,
  ) {}

  write(chunk: string): void {
    for (const line of chunk.split('\n')) {
      if (!line.trim()) continue
      const kept = line.slice(0, 8_192)
      this.lines.push(kept)
      this.bytes += kept.length
    }
    while (this.lines.length > this.maxLines || this.bytes > this.maxBytes) {
      this.bytes -= this.lines.shift()?.length ?? 0
    }
  }

  snapshot(): string[] {
    return [...this.lines]
  }
}

/** How many values `sanitizeForLog` had to mask or drop, and markers already in the line. */
function countRedactions(before: unknown, after: unknown): number {
  if (typeof after === 'string') return after === '[redacted]' || before !== after ? 1 : 0
  if (after === null || typeof after !== 'object') return 0
  let n = 0
  for (const [k, v] of Object.entries(after as Record<string, unknown>))
    n += countRedactions((before as Record<string, unknown> | null)?.[k], v)
  return n
}

/**
 * Writes the ring's lines, each passed through `sanitizeForLog` once more (the logger already
 * did; a line from a build without it is masked here), to `<dir>/kiosk-log-<time>.jsonl`, 0600.
 */
export async function exportLog(
  ring: LogRing,
  dir: string,
  now: Date,
): Promise<{ file: string; lines: number; redacted: number }> {
  let redacted = 0
  const out: string[] = []
  for (const line of ring.snapshot()) {
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      value = line
    }
    const clean = sanitizeForLog(value)
    redacted += countRedactions(value, clean)
    out.push(typeof clean === 'string' ? JSON.stringify({ msg: clean }) : JSON.stringify(clean))
  }
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')
  const file = join(dir, `kiosk-log-${stamp}.jsonl`)
  await writeFileDurably(file, out.join('\n') + (out.length ? '\n' : ''), { private: true })
  return { file, lines: out.length, redacted }
}

/** The kiosk's usual log destination (stderr) with every line also kept in `ring`. */
export function withLogRing(ring: LogRing): pino.DestinationStream {
  return pino.multistream([
    { level: 'trace', stream: logDestination(2, true) },
    { level: 'trace', stream: ring },
  ])
}
