import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { LogRing } from '../../../node-common/log-ring'
import { sanitizeForLog } from '../../../common/privacy/log-sanitize'
import { writeFileDurably } from '../../../node-common/durable-file'

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
