import { decodeReport, encodeReports, type FramingProfile } from './framing'
import type { ByteTransport, TransportError, Unsubscribe } from './ports'

/**
 * Host side: turns a report-level transport (each write/data event is one HID report or
 * serial chunk) into a payload-level one, applying the framing profile.
 */
export function framedTransport(inner: ByteTransport, profile: FramingProfile): ByteTransport {
  if (profile.framing === 'serial') return inner
  return {
    kind: inner.kind,
    source: inner.source,
    async write(bytes) {
      for (const report of encodeReports(profile, bytes)) await inner.write(report)
    },
    onData(listener) {
      return inner.onData((report) => {
        const payload = decodeReport(profile, report)
        if (payload.length) listener(payload)
      })
    },
    onError: (l) => inner.onError(l),
    close: () => inner.close(),
  }
}

/**
 * Device side, for simulators: the device speaks payload bytes; the host sees reports. Host
 * writes are de-framed before they reach the device, device output is framed into reports.
 */
export function deviceFramedTransport(
  device: ByteTransport,
  profile: FramingProfile,
): ByteTransport {
  if (profile.framing === 'serial') return device
  return {
    kind: device.kind,
    source: device.source,
    async write(report) {
      const payload = decodeReport(profile, report)
      if (payload.length) await device.write(payload)
    },
    onData(listener) {
      return device.onData((payload) => {
        for (const r of encodeReports(profile, payload)) listener(r)
      })
    },
    onError: (l) => device.onError(l),
    close: () => device.close(),
  }
}

/** Listener bookkeeping shared by the transports in this folder. */
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>()
  add(listener: (value: T) => void): Unsubscribe {
    this.set.add(listener)
    return () => this.set.delete(listener)
  }
  emit(value: T): void {
    for (const l of [...this.set]) l(value)
  }
  clear(): void {
    this.set.clear()
  }
  /** The listeners as they are now, leaving none (for a last event sent later). */
  drain(): ((value: T) => void)[] {
    const all = [...this.set]
    this.set.clear()
    return all
  }
  get size(): number {
    return this.set.size
  }
}

/** A transport's error listeners fire at most once, as ports.ts promises. */
export class OnceError {
  private readonly listeners = new Listeners<TransportError>()
  private fired: TransportError | undefined
  add(listener: (e: TransportError) => void): Unsubscribe {
    return this.listeners.add(listener)
  }
  emit(error: TransportError): void {
    if (this.fired) return
    this.fired = error
    this.listeners.emit(error)
  }
  get error(): TransportError | undefined {
    return this.fired
  }
}
