/**
 * The ID reader as the device manager sees it: one long-lived object that survives unplugs.
 * Each (re)opened transport gets a fresh IdCardReader; events and health are forwarded.
 */
import type { IdCard } from '../../../../common/devices/id-card'
import type { ReaderEvent } from '../../../../common/devices/reader-events'
import type { DeviceHealth, DeviceState } from '../../../../common/domain/device-health'
import { Listeners } from '../framed-transport'
import type { ManagedDriver } from '../manager'
import type { ByteTransport, Unsubscribe } from '../ports'
import { systemTimers } from '../timers'
import { ReaderError } from './errors'
import { IdCardReader, type CardRead, type IdReaderOptions, type ReaderListener } from './reader'

export interface IdReaderDriverOptions extends IdReaderOptions {
  /** Start the polling loop on attach (the kiosk); false for one-shot use (the CLI). */
  autoStart?: boolean
}

export class IdReaderDriver implements ManagedDriver {
  readonly role = 'id-reader' as const
  private reader: IdCardReader | undefined
  private source = 'none'
  private readonly events = new Listeners<{ event: ReaderEvent; read?: CardRead }>()
  private readonly healthListeners = new Listeners<DeviceHealth>()
  private current: DeviceHealth

  constructor(private readonly options: IdReaderDriverOptions = {}) {
    this.current = this.make('disconnected', 'not-attached')
  }

  async attach(transport: ByteTransport): Promise<void> {
    const old = this.reader
    if (old) void old.close()
    this.source = transport.source
    const reader = new IdCardReader(transport, this.options)
    this.reader = reader
    reader.onEvent((event, read) => {
      if (this.reader !== reader) return
      this.events.emit(read ? { event, read } : { event })
      this.updateHealth()
    })
    if (this.options.autoStart ?? true) reader.start()
    this.updateHealth()
  }

  /** One read now (find → select → read). */
  readCard(): Promise<CardRead> {
    if (!this.reader || this.reader.state === 'disconnected') {
      return Promise.reject(new ReaderError('DISCONNECTED'))
    }
    return this.reader.readCard()
  }

  /**
   * Reads the card lying on the reader again (see IdCardReader.rereadPresent) and answers it
   * once announced; null when no card is present, or it is taken away or fails to read within
   * `timeoutMs`. Listeners registered before this call hear the card-present first.
   */
  rereadPresentCard(timeoutMs = 3000): Promise<IdCard | null> {
    const reader = this.reader
    if (!reader || !reader.rereadPresent()) return Promise.resolve(null)
    const timers = this.options.timers ?? systemTimers
    return new Promise((resolve) => {
      const done = (card: IdCard | null) => {
        off()
        timers.clearTimeout(timer)
        resolve(card)
      }
      const timer = timers.setTimeout(() => done(null), timeoutMs)
      const off = this.events.add(({ event }) => {
        if (event.type === 'card-present') done(event.card)
        else if (event.type === 'card-removed' || event.type === 'error') done(null)
      })
    })
  }

  get state() {
    return this.reader?.state ?? 'disconnected'
  }

  onEvent(listener: ReaderListener): Unsubscribe {
    return this.events.add(({ event, read }) => listener(event, read))
  }

  health(): DeviceHealth {
    return this.current
  }

  onHealth(listener: (h: DeviceHealth) => void): Unsubscribe {
    return this.healthListeners.add(listener)
  }

  async close(): Promise<void> {
    const r = this.reader
    this.reader = undefined
    await r?.close()
    this.updateHealth()
  }

  private updateHealth(): void {
    const r = this.reader
    let next: DeviceHealth
    if (!r) next = this.make('disconnected', 'not-attached')
    else if (r.state === 'disconnected') next = this.make('disconnected', 'unplugged')
    else if (r.state === 'reading') next = this.make('busy', 'reading')
    else if (r.state === 'error') next = this.make('error', r.lastError?.code ?? 'error')
    else if (r.state === 'card-present') next = this.make('ready', 'card-present')
    else next = this.make('ready')
    if (
      next.state !== this.current.state ||
      next.detail !== this.current.detail ||
      next.source !== this.current.source
    ) {
      this.current = next
      this.healthListeners.emit(next)
    }
  }

  private make(state: DeviceState, detail?: string): DeviceHealth {
    const since = new Date((this.options.timers ?? systemTimers).now()).toISOString()
    return detail === undefined
      ? { role: 'id-reader', state, source: this.source, since }
      : { role: 'id-reader', state, source: this.source, detail, since }
  }
}
