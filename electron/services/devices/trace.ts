/**
 * Trace record and replay. A trace is text, one report or chunk per line:
 *
 *   #! framing=cp2110            first line: cp2110 | raw | serial
 *   # comment
 *   > 0A AA AA AA 96 69 00 03 20 01 22        host → device, one write
 *   < 0F AA AA AA 96 69 00 08 00 00 9F …      device → host, one report or chunk
 *
 * Both work at the report level (below the framing profile), so a trace shows exactly what
 * went over the wire. CP2110 UART setup uses feature reports, which are not recorded.
 */
import { readFileSync } from 'node:fs'
import { Framing } from '../../../common/devices/device-table'
import type { Trace, TraceEntry } from '../../../common/devices/trace'
import { Listeners, OnceError } from './framed-transport'
import type { FramingProfile } from './framing'
import { TransportError, type ByteTransport } from './ports'
import { systemTimers, type Timers } from './timers'

export class TraceFormatError extends Error {
  override readonly name = 'TraceFormatError'
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`trace line ${line}: ${message}`)
  }
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ')
}

export function parseTrace(text: string): Trace {
  const lines = text.split(/\r?\n/)
  const header = /^#!\s*framing=(\S+)\s*$/.exec(lines[0] ?? '')
  const framing = Framing.safeParse(header?.[1])
  if (!header || !framing.success) {
    throw new TraceFormatError(1, 'first line must be "#! framing=cp2110|raw|serial"')
  }
  const entries: TraceEntry[] = []
  lines.slice(1).forEach((raw, i) => {
    const line = i + 2
    const s = raw.trim()
    if (s === '' || s.startsWith('#')) return
    const direction = s[0]
    if (direction !== '>' && direction !== '<') {
      throw new TraceFormatError(line, 'expected ">" (host → device) or "<" (device → host)')
    }
    const hex = s.slice(1).replace(/\s+/g, '')
    if (hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(hex)) {
      throw new TraceFormatError(line, 'expected hex bytes')
    }
    const bytes = Uint8Array.from(hex.match(/../g)!, (b) => parseInt(b, 16))
    entries.push({ direction, bytes, line })
  })
  return { framing: framing.data, entries }
}

export function formatEntry(direction: '>' | '<', bytes: Uint8Array): string {
  return `${direction} ${toHex(bytes)}`
}

/**
 * Wraps any report-level transport and writes every host write and every received report
 * to `sink` as trace lines (the header first).
 */
export function recordingTransport(
  inner: ByteTransport,
  framing: Framing,
  sink: (line: string) => void,
  comments: string[] = [],
): ByteTransport {
  sink(`#! framing=${framing}`)
  for (const c of comments) sink(`# ${c}`)
  inner.onData((bytes) => sink(formatEntry('<', bytes)))
  return {
    kind: inner.kind,
    source: inner.source,
    async write(bytes) {
      sink(formatEntry('>', bytes))
      await inner.write(bytes)
    },
    onData: (l) => inner.onData(l),
    onError: (l) => inner.onError(l),
    close: () => inner.close(),
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * A report-level transport that plays a trace back: each write must equal the next `>`
 * line (else TRACE_MISMATCH naming the line), then the `<` lines after it are delivered.
 */
export class ReplayTransport implements ByteTransport {
  readonly kind = 'replay' as const
  private next = 0
  private readonly data = new Listeners<Uint8Array>()
  private readonly error = new OnceError()
  private closed = false

  constructor(
    readonly trace: Trace,
    readonly source: string,
    private readonly timers: Timers = systemTimers,
  ) {
    // Reports the device sent before the first host write (unsolicited) go out first.
    this.deliverResponses()
  }

  /** Entries not yet consumed; 0 means the whole trace was replayed. */
  get remaining(): number {
    return this.trace.entries.length - this.next
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.closed) throw new TransportError('CLOSED', `${this.source} closed`)
    const expected = this.trace.entries[this.next]
    if (!expected) {
      throw new TransportError(
        'TRACE_ENDED',
        `${this.source}: host wrote ${toHex(bytes)} after the trace ended`,
      )
    }
    if (expected.direction !== '>' || !sameBytes(expected.bytes, bytes)) {
      throw new TransportError(
        'TRACE_MISMATCH',
        `${this.source} line ${expected.line}: expected ${expected.direction} ${toHex(expected.bytes)}, host wrote > ${toHex(bytes)}`,
      )
    }
    this.next++
    this.deliverResponses()
  }

  private deliverResponses(): void {
    const batch: Uint8Array[] = []
    while (this.trace.entries[this.next]?.direction === '<') {
      batch.push(this.trace.entries[this.next]!.bytes)
      this.next++
    }
    if (batch.length === 0) return
    // Asynchronously, as a device would answer after the write resolved.
    this.timers.setTimeout(() => {
      for (const b of batch) if (!this.closed) this.data.emit(b)
    }, 0)
  }

  onData(listener: (bytes: Uint8Array) => void) {
    return this.data.add(listener)
  }

  onError(listener: (error: TransportError) => void) {
    return this.error.add(listener)
  }

  async close(): Promise<void> {
    this.closed = true
  }
}

/** The framing profile a trace was recorded with; raw report size taken from its first write. */
export function profileOfTrace(trace: Trace): FramingProfile {
  if (trace.framing !== 'raw') return { framing: trace.framing }
  const firstWrite = trace.entries.find((e) => e.direction === '>')
  return {
    framing: 'raw',
    reportSize: firstWrite?.bytes.length ?? 64,
    reportId: firstWrite?.bytes[0] ?? 0,
  }
}

export function loadTrace(file: string): Trace {
  return parseTrace(readFileSync(file, 'utf8'))
}
