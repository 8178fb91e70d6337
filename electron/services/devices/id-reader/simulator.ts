/**
 * A GA 467 reader simulator that speaks real bytes: it decodes the host's request frames
 * with the production codec and answers with real response frames for configurable cards of
 * every type. Faults on demand: no card, card removed mid-read, bad checksum, any SAM status,
 * slow device, unplug and replug.
 */
import type { IdCard } from '../../../../common/devices/id-card'
import { Listeners, OnceError } from '../framed-transport'
import { deviceFramedTransport } from '../framed-transport'
import type { FramingProfile } from '../framing'
import { TransportError, type ByteTransport, type TransportOpener } from '../ports'
import { systemTimers, type Timers } from '../timers'
import { encodeCardText, PHOTO_LENGTH } from './card-text'
import {
  commandName,
  encodeResponse,
  FrameDecoder,
  parseRequest,
  type CommandName,
  type SamResponse,
} from './sam-codec'

export interface SimCard {
  card: IdCard
  /** 1024 opaque bytes; a deterministic filler when absent (not a real WLT image). */
  photo?: Uint8Array
}

export type SimFault =
  /** The next `times` answers go out with a corrupted checksum. */
  | { kind: 'bad-checksum'; times?: number }
  /** The next `times` answers to `command` (default: any command) carry this SW3. */
  | { kind: 'sam-error'; sw3: number; command?: CommandName; times?: number }
  /** During the next read the card leaves the field: the SAM answers 0x41 and the card is gone. */
  | { kind: 'remove-mid-read' }
  /** The next read answer stops halfway (the card left during the transfer), then silence. */
  | { kind: 'truncate-read' }
  /** The device is unplugged halfway through sending the next read answer. */
  | { kind: 'unplug-mid-read' }

export interface ReaderSimOptions {
  timers?: Timers
  /** Time the "SAM" takes before answering (ms). */
  delayMs?: number
  /** Answers are delivered in pieces of this many bytes… */
  chunkSize?: number
  /** …this many ms apart (1 = full-speed USB interrupt timing). */
  chunkIntervalMs?: number
  source?: string
}

function filler(seed: string, length: number): Uint8Array {
  const out = new Uint8Array(length)
  let x = 0x811c9dc5
  for (const ch of seed) x = Math.imul(x ^ ch.charCodeAt(0), 0x01000193) >>> 0
  for (let i = 0; i < length; i++) {
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    out[i] = x & 0xff
  }
  return out
}

interface SimConnection {
  data: Listeners<Uint8Array>
  error: OnceError
  decoder: FrameDecoder
  closed: boolean
}

export class ReaderSimulator {
  private readonly timers: Timers
  private card: SimCard | undefined
  private found = false
  private selected = false
  private faults: SimFault[] = []
  private readonly connections = new Set<SimConnection>()
  private readonly handles = new Set<unknown>()
  private isPlugged = true
  delayMs: number
  chunkSize: number
  chunkIntervalMs: number
  readonly source: string
  /** Every command the simulator received, by name (`unknown:CC PP` for others). */
  readonly received: string[] = []

  constructor(options: ReaderSimOptions = {}) {
    this.timers = options.timers ?? systemTimers
    this.delayMs = options.delayMs ?? 0
    this.chunkSize = options.chunkSize ?? 4096
    this.chunkIntervalMs = options.chunkIntervalMs ?? 0
    this.source = options.source ?? 'sim:id-reader'
  }

  placeCard(card: SimCard | IdCard): void {
    this.card = 'card' in card ? card : { card }
    this.found = false
    this.selected = false
  }

  removeCard(): void {
    this.card = undefined
    this.found = false
    this.selected = false
  }

  get cardPresent(): boolean {
    return this.card !== undefined
  }

  get plugged(): boolean {
    return this.isPlugged
  }

  fault(f: SimFault): void {
    this.faults.push(f)
  }

  clearFaults(): void {
    this.faults = []
  }

  /** Pulls the cable: open transports report DISCONNECTED, opening fails until replug(). */
  unplug(): void {
    this.isPlugged = false
    for (const h of this.handles) this.timers.clearTimeout(h)
    this.handles.clear()
    for (const c of [...this.connections]) {
      c.closed = true
      c.error.emit(new TransportError('DISCONNECTED', `${this.source} unplugged`))
    }
    this.connections.clear()
  }

  replug(): void {
    this.isPlugged = true
  }

  /** A payload-level transport (the serial case). */
  async open(): Promise<ByteTransport> {
    if (!this.isPlugged) throw new TransportError('OPEN_FAILED', `${this.source} not present`)
    const conn: SimConnection = {
      data: new Listeners(),
      error: new OnceError(),
      decoder: new FrameDecoder(),
      closed: false,
    }
    this.connections.add(conn)
    return {
      kind: 'sim',
      source: this.source,
      write: async (bytes) => {
        if (conn.closed) {
          throw conn.error.error ?? new TransportError('CLOSED', `${this.source} closed`)
        }
        for (const item of conn.decoder.push(bytes)) {
          if (item.kind === 'error')
            this.answer(conn, { sw1: 0, sw2: 0, sw3: 0x10, data: new Uint8Array(0) })
          else this.handle(conn, item.body)
        }
      },
      onData: (l) => conn.data.add(l),
      onError: (l) => conn.error.add(l),
      close: async () => {
        conn.closed = true
        this.connections.delete(conn)
      },
    }
  }

  /** Opener of a report-level transport in the given framing (what node-hid would hand over). */
  opener(profile: FramingProfile = { framing: 'serial' }): TransportOpener {
    return async () => deviceFramedTransport(await this.open(), profile)
  }

  private takeFault(name: string): SimFault | undefined {
    const i = this.faults.findIndex(
      (f) =>
        f.kind === 'bad-checksum' ||
        (f.kind === 'sam-error' && (f.command === undefined || f.command === name)) ||
        ((f.kind === 'remove-mid-read' ||
          f.kind === 'truncate-read' ||
          f.kind === 'unplug-mid-read') &&
          name === 'readText'),
    )
    if (i < 0) return undefined
    const f = this.faults[i]!
    if ((f.kind === 'bad-checksum' || f.kind === 'sam-error') && (f.times ?? 1) > 1) {
      this.faults[i] = { ...f, times: (f.times ?? 1) - 1 }
    } else {
      this.faults.splice(i, 1)
    }
    return f
  }

  private handle(conn: SimConnection, body: Uint8Array): void {
    const req = parseRequest(body)
    const name = commandName(req.cmd, req.para)
    this.received.push(
      name ??
        `unknown:${req.cmd.toString(16).padStart(2, '0')} ${req.para.toString(16).padStart(2, '0')}`,
    )
    const fault = this.takeFault(name ?? '')
    const status = (sw3: number, data: Uint8Array = new Uint8Array(0)): SamResponse => ({
      sw1: 0,
      sw2: 0,
      sw3,
      data,
    })
    if (fault?.kind === 'sam-error') return this.answer(conn, status(fault.sw3))
    if (fault?.kind === 'remove-mid-read') {
      this.removeCard()
      return this.answer(conn, status(0x41))
    }
    const response = this.respond(name, req.data, status)
    if (fault?.kind === 'bad-checksum') return this.answer(conn, response, { corrupt: true })
    if (fault?.kind === 'truncate-read') {
      this.removeCard()
      return this.answer(conn, response, { truncate: true })
    }
    if (fault?.kind === 'unplug-mid-read')
      return this.answer(conn, response, { unplugAfterHalf: true })
    this.answer(conn, response)
  }

  private respond(
    name: CommandName | undefined,
    data: Uint8Array,
    status: (sw3: number, data?: Uint8Array) => SamResponse,
  ): SamResponse {
    switch (name) {
      case 'resetSam':
      case 'samStatus':
      case 'setBaud115200':
      case 'setBaud57600':
      case 'setBaud38400':
      case 'setBaud19200':
      case 'setBaud9600':
        return status(0x90)
      case 'setMaxRfBytes':
        return data.length === 1 ? status(0x90) : status(0x11)
      case 'samId':
        return status(0x90, filler('sam-id', 16))
      case 'findCard':
        if (!this.card) return status(0x80)
        this.found = true
        return status(0x9f, new Uint8Array(4))
      case 'selectCard':
        if (!this.card || !this.found) return status(0x81)
        this.selected = true
        return status(0x90, filler(`sn:${this.card.card.idNumber}`, 8))
      case 'readText':
      case 'readWithFingerprint': {
        if (!this.card || !this.selected) return status(0x41)
        const text = encodeCardText(this.card.card)
        const photo = this.card.photo ?? filler(`photo:${this.card.card.idNumber}`, PHOTO_LENGTH)
        const fp = name === 'readWithFingerprint'
        const head = fp ? [0x01, 0x00, 0x04, 0x00, 0x00, 0x00] : [0x01, 0x00, 0x04, 0x00]
        const out = new Uint8Array(head.length + text.length + photo.length)
        out.set(head, 0)
        out.set(text, head.length)
        out.set(photo, head.length + text.length)
        return status(0x90, out)
      }
      case 'readNewAddress':
        return this.card && this.selected ? status(0x91) : status(0x41)
      default:
        return status(0x21)
    }
  }

  private later(fn: () => void, ms: number): void {
    if (ms <= 0) {
      // No artificial delay: answer as soon as the host's write has settled (a timer would
      // add Node's 1 ms minimum to every report). sendNext checks conn.closed itself.
      queueMicrotask(() => {
        if (this.isPlugged) fn()
      })
      return
    }
    const h = this.timers.setTimeout(() => {
      this.handles.delete(h)
      fn()
    }, ms)
    this.handles.add(h)
  }

  private answer(
    conn: SimConnection,
    response: SamResponse,
    how: { corrupt?: boolean; truncate?: boolean; unplugAfterHalf?: boolean } = {},
  ): void {
    let frame = encodeResponse(response)
    if (how.corrupt) frame[frame.length - 1] = frame[frame.length - 1]! ^ 0x5a
    const half = Math.floor(frame.length / 2)
    // Truncated or unplugged mid-answer: only the first half ever leaves the device.
    if (how.truncate || how.unplugAfterHalf) frame = frame.subarray(0, half)
    const pieces: Uint8Array[] = []
    for (let i = 0; i < frame.length; i += this.chunkSize) {
      pieces.push(frame.slice(i, i + this.chunkSize))
    }
    const sendNext = (): void => {
      if (conn.closed) return
      const piece = pieces.shift()
      if (!piece) {
        if (how.unplugAfterHalf) this.unplug()
        return
      }
      conn.data.emit(piece)
      if (pieces.length || how.unplugAfterHalf) this.later(sendNext, this.chunkIntervalMs)
    }
    this.later(sendNext, this.delayMs)
  }
}
