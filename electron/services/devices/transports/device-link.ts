import { Listeners, OnceError } from '../framed-transport'
import { TransportError } from '../ports'

export const message = (e: unknown) => (e instanceof Error ? e.message : String(e))

/**
 * The state a promise-based transport (HID, USB) keeps around its device: listeners, the
 * once-only error, and whether it was closed. A write that fails means the device is gone
 * (hardware.md 3.4): it reports the unplug, then throws the write's own error.
 */
export class DeviceLink {
  readonly data = new Listeners<Uint8Array>()
  readonly error = new OnceError()
  closed = false

  constructor(readonly source: string) {}

  async write(send: () => Promise<unknown>): Promise<void> {
    if (this.closed) throw new TransportError('CLOSED', `${this.source} closed`)
    try {
      await send()
    } catch (e) {
      const err = new TransportError('WRITE_FAILED', `${this.source}: ${message(e)}`)
      this.error.emit(new TransportError('DISCONNECTED', err.message))
      throw err
    }
  }

  disconnected(e: unknown): void {
    this.error.emit(new TransportError('DISCONNECTED', `${this.source}: ${message(e)}`))
  }
}
