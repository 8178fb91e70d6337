import {
  printerStateMessages,
  type PrinterFlags,
  type PrinterState,
  type PrinterStatus,
} from '../../../../common/devices/printer'
import { CodedError } from '../coded-error'

/**
 * Printer status: DLE EOT replies, Automatic Status Back packets and GS r replies, decoded
 * into flags (pure), and the flags reduced to one state a person can act on.
 *
 * Telling the replies apart (Epson's "identification of send status"; the reference lists the
 * appendix as not retrieved, these masks are the widely implemented ones):
 *   DLE EOT reply     0xx1xx10   (b & 0x93) === 0x12
 *   ASB first byte    0xx1xx00   (b & 0x93) === 0x10, then three bytes 0xx0xxxx
 *   GS r reply        0xx0xxxx   (b & 0x90) === 0x00
 */

export class PrinterStatusError extends CodedError<
  'BAD_STATUS_BYTE' | 'BAD_ASB_PACKET' | 'UNKNOWN_BYTE'
> {
  override readonly name = 'PrinterStatusError'
}

export const noFlags = (): PrinterFlags => ({
  offline: false,
  coverOpen: false,
  paperFeeding: false,
  paperNearEnd: false,
  paperOut: false,
  stoppedByPaperEnd: false,
  errorOccurred: false,
  mechanicalError: false,
  cutterError: false,
  unrecoverableError: false,
  autoRecoverableError: false,
})

const bit = (b: number, n: number) => (b & (1 << n)) !== 0
const hex = (b: number) => `0x${b.toString(16).padStart(2, '0')}`

export type DleEotKind = 1 | 2 | 3 | 4

/** The flags one DLE EOT n reply speaks for; the others stay as they were. */
export function parseDleEot(n: DleEotKind, byte: number): Partial<PrinterFlags> {
  if (!Number.isInteger(byte) || byte < 0 || byte > 0xff || (byte & 0x93) !== 0x12) {
    throw new PrinterStatusError(
      'BAD_STATUS_BYTE',
      `DLE EOT ${n} reply ${hex(byte)}: fixed bits wrong`,
    )
  }
  switch (n) {
    case 1:
      return { offline: bit(byte, 3) }
    case 2:
      return {
        coverOpen: bit(byte, 2),
        paperFeeding: bit(byte, 3),
        stoppedByPaperEnd: bit(byte, 5),
        errorOccurred: bit(byte, 6),
      }
    case 3:
      return {
        mechanicalError: bit(byte, 2),
        cutterError: bit(byte, 3),
        unrecoverableError: bit(byte, 5),
        autoRecoverableError: bit(byte, 6),
      }
    case 4:
      // Near-end on bits 2 and 3 (some models use two sensors), end on bits 5 and 6.
      return { paperNearEnd: (byte & 0x0c) !== 0, paperOut: (byte & 0x60) !== 0 }
  }
}

/** The 4-byte Automatic Status Back packet. */
export function parseAsb(bytes: ArrayLike<number>): PrinterFlags {
  if (bytes.length !== 4) {
    throw new PrinterStatusError('BAD_ASB_PACKET', `ASB packet has ${bytes.length} bytes, not 4`)
  }
  const [b1, b2, b3, b4] = [bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!]
  if ((b1 & 0x93) !== 0x10 || [b2, b3, b4].some((b) => (b & 0x90) !== 0)) {
    throw new PrinterStatusError(
      'BAD_ASB_PACKET',
      `ASB packet ${[b1, b2, b3, b4].map(hex).join(' ')}: fixed bits wrong`,
    )
  }
  const paperOut = (b3 & 0x0c) !== 0
  const anyError = bit(b2, 2) || bit(b2, 3) || bit(b2, 5) || bit(b2, 6)
  return {
    offline: bit(b1, 3),
    coverOpen: bit(b1, 5),
    paperFeeding: bit(b1, 6),
    mechanicalError: bit(b2, 2),
    cutterError: bit(b2, 3),
    unrecoverableError: bit(b2, 5),
    autoRecoverableError: bit(b2, 6),
    errorOccurred: anyError,
    paperNearEnd: (b3 & 0x03) !== 0,
    paperOut,
    stoppedByPaperEnd: paperOut,
  }
}

/** GS r 1 reply: paper sensor status, sent after all earlier data was processed. */
export function parseGsR1(byte: number): { paperNearEnd: boolean; paperOut: boolean } {
  if ((byte & 0x90) !== 0) {
    throw new PrinterStatusError('BAD_STATUS_BYTE', `GS r reply ${hex(byte)}: fixed bits wrong`)
  }
  return { paperNearEnd: (byte & 0x03) !== 0, paperOut: (byte & 0x0c) !== 0 }
}

export type StatusEvent =
  | { type: 'dle-eot'; byte: number }
  | { type: 'asb'; flags: PrinterFlags; bytes: number[] }
  | { type: 'gs-r'; byte: number }
  | { type: 'error'; error: PrinterStatusError }

/**
 * Splits the printer's byte stream into replies. Incremental (replies may arrive split or glued
 * together) and bounded: it never holds more than three bytes.
 */
export class StatusStreamDecoder {
  private asb: number[] | null = null

  push(bytes: ArrayLike<number>): StatusEvent[] {
    const events: StatusEvent[] = []
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]! & 0xff
      if (this.asb) {
        if ((b & 0x90) !== 0) {
          // Not an ASB continuation byte: drop the partial packet and read b afresh.
          events.push({
            type: 'error',
            error: new PrinterStatusError('BAD_ASB_PACKET', `ASB packet cut short by ${hex(b)}`),
          })
          this.asb = null
        } else {
          this.asb.push(b)
          if (this.asb.length === 4) {
            const packet = this.asb
            this.asb = null
            events.push({ type: 'asb', flags: parseAsb(packet), bytes: packet })
          }
          continue
        }
      }
      if ((b & 0x93) === 0x12) events.push({ type: 'dle-eot', byte: b })
      else if ((b & 0x93) === 0x10) this.asb = [b]
      else if ((b & 0x90) === 0) events.push({ type: 'gs-r', byte: b })
      else {
        events.push({
          type: 'error',
          error: new PrinterStatusError('UNKNOWN_BYTE', `unexpected byte ${hex(b)} from printer`),
        })
      }
    }
    return events
  }
}

/** Reduces flags to the one state that matters most to whoever must act. */
export function classify(flags: PrinterFlags): { state: PrinterState; detail?: string } {
  if (flags.coverOpen) return { state: 'cover-open', detail: 'cover-open' }
  if (flags.paperOut || flags.stoppedByPaperEnd) return { state: 'paper-out', detail: 'paper-out' }
  if (flags.unrecoverableError) return { state: 'error', detail: 'unrecoverable-error' }
  if (flags.cutterError) return { state: 'error', detail: 'cutter-error' }
  if (flags.mechanicalError) return { state: 'error', detail: 'mechanical-error' }
  if (flags.autoRecoverableError) return { state: 'error', detail: 'auto-recoverable-error' }
  if (flags.errorOccurred) return { state: 'error', detail: 'error' }
  if (flags.offline) return { state: 'offline', detail: 'offline' }
  if (flags.paperNearEnd) return { state: 'paper-near-end', detail: 'paper-near-end' }
  return { state: 'ready' }
}

/** States in which a job may be sent: near-end still prints. */
export const canPrint = (s: PrinterState) => s === 'ready' || s === 'paper-near-end'

export type StatusInput =
  | { type: 'flags'; flags: Partial<PrinterFlags> }
  | { type: 'no-reply' }
  | { type: 'disconnected' }
  | { type: 'connected' }

/**
 * The printer state machine. Flag updates merge into the last known flags (a DLE EOT reply
 * speaks for some bits only); `no-reply` and `disconnected` override them until the printer
 * answers again. Emits only on a change of state or detail.
 */
export class PrinterStateMachine {
  private flags: PrinterFlags = noFlags()
  private link: 'up' | 'no-reply' | 'down'
  private current: PrinterStatus

  constructor(
    private readonly now: () => Date = () => new Date(),
    initiallyConnected = false,
  ) {
    this.link = initiallyConnected ? 'up' : 'down'
    this.current = this.build()
  }

  get status(): PrinterStatus {
    return this.current
  }

  /** Returns the new status when the state (or its detail) changed, else null. */
  apply(input: StatusInput): PrinterStatus | null {
    switch (input.type) {
      case 'flags':
        this.flags = { ...this.flags, ...input.flags }
        this.link = 'up'
        break
      case 'no-reply':
        if (this.link !== 'down') this.link = 'no-reply'
        break
      case 'disconnected':
        this.link = 'down'
        this.flags = noFlags()
        break
      case 'connected':
        this.link = 'up'
        break
    }
    const next = this.build()
    if (next.state === this.current.state && next.detail === this.current.detail) {
      this.current = { ...next, since: this.current.since }
      return null
    }
    this.current = next
    return next
  }

  private build(): PrinterStatus {
    const since = this.now().toISOString()
    if (this.link === 'down') {
      return {
        state: 'disconnected',
        detail: 'disconnected',
        message: printerStateMessages.disconnected,
        since,
      }
    }
    if (this.link === 'no-reply') {
      return { state: 'offline', detail: 'no-reply', message: printerStateMessages.offline, since }
    }
    const { state, detail } = classify(this.flags)
    return {
      state,
      ...(detail ? { detail } : {}),
      flags: { ...this.flags },
      message: printerStateMessages[state],
      since,
    }
  }
}
