import { Listeners } from '../framed-transport'
import {
  TransportError,
  type ByteTransport,
  type TransportOpener,
  type Unsubscribe,
} from '../ports'
import {
  EscPosParser,
  ReceiptRenderer,
  type EscPosParseError,
  type EscPosToken,
  type ParsedReceipt,
} from './escpos-parser'

/**
 * A receipt printer in software that speaks the real bytes: it parses the ESC/POS stream into
 * receipts, answers DLE EOT and GS r, pushes Automatic Status Back, and fails on demand.
 *
 * Model: real-time commands (DLE EOT, DLE DC4, DLE ENQ) run as they arrive; everything else
 * waits in a receive buffer and is printed in order while the printer can print. Paper is
 * counted in lines; when it runs out the printer stops before the line that no longer fits,
 * keeps the rest of the buffer (and prints it after a refill, unless the host clears it).
 */

export interface PrinterSimOptions {
  /** Lines of paper on the roll; Infinity for an endless roll. */
  paperLines?: number
  /** The near-end sensor trips when this many lines or fewer are left. */
  nearEndLines?: number
  source?: string
}

type Fault = 'cover-open' | 'offline' | 'cutter-error' | 'unresponsive'

export class PrinterSimulator implements ByteTransport {
  readonly kind = 'sim' as const
  readonly source: string

  private parser = new EscPosParser()
  private readonly renderer = new ReceiptRenderer()
  private queue: EscPosToken[] = []
  private readonly dataListeners = new Listeners<Uint8Array>()
  private readonly errorListeners = new Listeners<TransportError>()
  private paperLeft: number
  private readonly nearEndLines: number
  private readonly faults = new Set<Fault>()
  private paused = false
  private plugged = true
  private open = true
  private asbMask = 0
  private lastAsb = ''
  private readonly parseErrors: EscPosParseError[] = []
  private readonly written: Uint8Array[] = []

  constructor(opts: PrinterSimOptions = {}) {
    this.paperLeft = opts.paperLines ?? Number.POSITIVE_INFINITY
    this.nearEndLines = opts.nearEndLines ?? 0
    this.source = opts.source ?? 'sim:receipt-printer'
  }

  // ---- ByteTransport ----

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.plugged) throw new TransportError('DISCONNECTED', 'printer unplugged')
    if (!this.open) throw new TransportError('CLOSED', 'transport closed')
    this.written.push(bytes.slice())
    for (const token of this.parser.push(bytes)) {
      switch (token.t) {
        case 'error':
          this.parseErrors.push(token.error)
          break
        case 'status-request':
          this.reply(this.dleEot(token.n))
          break
        case 'clear-buffers':
          this.queue = []
          this.renderer.abandon()
          break
        case 'recover':
          if (token.n === 1 || token.n === 2) this.faults.delete('cutter-error')
          if (token.n === 2) {
            this.queue = []
            this.renderer.abandon()
          }
          this.statusChanged()
          break
        default:
          this.queue.push(token)
      }
    }
    this.run()
  }

  onData(listener: (bytes: Uint8Array) => void): Unsubscribe {
    return this.dataListeners.add(listener)
  }

  onError(listener: (error: TransportError) => void): Unsubscribe {
    return this.errorListeners.add(listener)
  }

  async close(): Promise<void> {
    this.open = false
    this.dataListeners.clear()
    this.errorListeners.clear()
  }

  /** An opener for a device manager: succeeds while plugged in, like finding the USB device. */
  opener(): TransportOpener {
    return async () => {
      if (!this.plugged) throw new TransportError('OPEN_FAILED', `${this.source}: no such device`)
      this.open = true
      return this
    }
  }

  // ---- What a test reads back ----

  /** Receipts finished by a cut, and ones abandoned mid-way (`interrupted: true`). */
  receipts(): ParsedReceipt[] {
    return this.renderer.receipts()
  }
  /** Receipts that came out whole (ended by a cut). */
  completeReceipts(): ParsedReceipt[] {
    return this.receipts().filter((r) => !r.interrupted && r.cut !== null)
  }
  errors(): EscPosParseError[] {
    return [...this.parseErrors]
  }
  /** Every byte the host wrote, in order. */
  bytesWritten(): Uint8Array {
    const total = this.written.reduce((n, b) => n + b.length, 0)
    const out = new Uint8Array(total)
    let at = 0
    for (const b of this.written) {
      out.set(b, at)
      at += b.length
    }
    return out
  }
  get paperLinesLeft(): number {
    return this.paperLeft
  }
  get bufferedCommands(): number {
    return this.queue.length
  }

  // ---- Faults on demand ----

  /** The roll runs out after `lines` more lines (0 = out now). */
  setPaper(lines: number): void {
    this.paperLeft = lines
    this.statusChanged()
    this.run()
  }
  paperOut(): void {
    this.setPaper(0)
  }
  refill(lines = Number.POSITIVE_INFINITY): void {
    this.setPaper(lines)
  }
  openCover(): void {
    this.setFault('cover-open', true)
  }
  closeCover(): void {
    this.setFault('cover-open', false)
  }
  setOffline(on: boolean): void {
    this.setFault('offline', on)
  }
  setCutterError(on: boolean): void {
    this.setFault('cutter-error', on)
  }
  /** The printer stops answering altogether (hung firmware, power off behind a USB hub). */
  setUnresponsive(on: boolean): void {
    this.setFault('unresponsive', on)
  }
  /** Holds the print engine, so a job stays "in progress" while a test does something else. */
  pause(): void {
    this.paused = true
  }
  resume(): void {
    this.paused = false
    this.run()
  }
  /** USB cable pulled: listeners hear DISCONNECTED, data not yet printed is lost. */
  unplug(): void {
    if (!this.plugged) return
    this.plugged = false
    this.queue = []
    this.renderer.abandon()
    this.parser = new EscPosParser()
    this.asbMask = 0
    this.lastAsb = ''
    const listeners = this.errorListeners.drain()
    this.dataListeners.clear()
    const error = new TransportError('DISCONNECTED', `${this.source}: unplugged`)
    queueMicrotask(() => listeners.forEach((l) => l(error)))
  }
  replug(): void {
    this.plugged = true
    this.open = false
  }

  // ---- Internals ----

  private setFault(fault: Fault, on: boolean): void {
    if (on) this.faults.add(fault)
    else this.faults.delete(fault)
    this.statusChanged()
    this.run()
  }

  private get paperIsOut(): boolean {
    return this.paperLeft <= 0
  }
  private get nearEnd(): boolean {
    return !this.paperIsOut && this.paperLeft <= this.nearEndLines
  }
  private get canPrint(): boolean {
    return (
      !this.paperIsOut &&
      !this.faults.has('cover-open') &&
      !this.faults.has('offline') &&
      !this.faults.has('cutter-error')
    )
  }

  private run(): void {
    while (this.plugged && !this.paused && this.canPrint && this.queue.length > 0) {
      const token = this.queue[0]!
      const feeds = this.renderer.feedsFor(token)
      if (feeds > 0 && this.paperLeft < feeds) {
        // The paper ends inside this line: it does not come out, the printer stops.
        this.paperLeft = 0
        this.statusChanged()
        return
      }
      this.queue.shift()
      this.paperLeft -= feeds
      if (token.t === 'asb') {
        this.asbMask = token.mask
        this.lastAsb = ''
        this.statusChanged()
      } else if (token.t === 'gs-r') {
        // GS r 1 → paper sensor, GS r 2 → drawer; both 0xx0xxxx.
        this.reply(token.n === 1 || token.n === 49 ? (this.nearEnd ? 0x03 : 0) : 0)
      } else {
        this.renderer.apply(token)
      }
      if (feeds > 0) this.statusChanged()
    }
  }

  private dleEot(n: number): number {
    const offline = !this.canPrint
    const cover = this.faults.has('cover-open')
    const cutter = this.faults.has('cutter-error')
    switch (n) {
      case 1:
        return 0x12 | (offline ? 0x08 : 0)
      case 2:
        return 0x12 | (cover ? 0x04 : 0) | (this.paperIsOut ? 0x20 : 0) | (cutter ? 0x40 : 0)
      case 3:
        return 0x12 | (cutter ? 0x08 : 0)
      default:
        return 0x12 | (this.nearEnd ? 0x0c : 0) | (this.paperIsOut ? 0x60 : 0)
    }
  }

  private asbPacket(): number[] {
    return [
      0x10 | (!this.canPrint ? 0x08 : 0) | (this.faults.has('cover-open') ? 0x20 : 0),
      this.faults.has('cutter-error') ? 0x08 : 0,
      (this.nearEnd ? 0x03 : 0) | (this.paperIsOut ? 0x0c : 0),
      0,
    ]
  }

  /** Pushes an ASB packet when enabled and something it reports changed. */
  private statusChanged(): void {
    if (this.asbMask === 0 || !this.plugged) return
    const packet = this.asbPacket()
    const key = packet.join(',')
    if (key === this.lastAsb) return
    this.lastAsb = key
    this.reply(...packet)
  }

  private reply(...bytes: number[]): void {
    if (this.faults.has('unresponsive') || !this.plugged) return
    const data = Uint8Array.from(bytes)
    // Asynchronous, as from a real device: the host's write resolves before the answer arrives.
    queueMicrotask(() => {
      if (!this.plugged) return
      this.dataListeners.emit(data)
    })
  }
}
