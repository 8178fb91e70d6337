/**
 * The small interfaces between device drivers and whatever carries their bytes: node-hid,
 * serialport, usb bulk, TCP 9100, a simulator or a recorded trace. Drivers see only these, so
 * the choice of real device or simulator is made once, at the composition root.
 */

import { CodedError } from './coded-error'

export type Unsubscribe = () => void

export type TransportKind = 'hid' | 'serial' | 'usb' | 'tcp' | 'sim' | 'replay'

/** Raised by a transport; drivers map these to device states ('disconnected', 'error'). */
export class TransportError extends CodedError<
  'OPEN_FAILED' | 'DISCONNECTED' | 'WRITE_FAILED' | 'CLOSED' | 'TRACE_MISMATCH' | 'TRACE_ENDED'
> {
  override readonly name = 'TransportError'
}

/**
 * A byte pipe to one device. For HID, `write` takes a whole payload and the transport applies
 * the framing profile (cp2110 / raw); `onData` delivers payload bytes with framing removed.
 */
export interface ByteTransport {
  readonly kind: TransportKind
  /** A human-readable description of where the device is (path, port, `sim:…`). */
  readonly source: string
  write(bytes: Uint8Array): Promise<void>
  onData(listener: (bytes: Uint8Array) => void): Unsubscribe
  /** Called once when the device goes away (unplug, socket closed, trace ended). */
  onError(listener: (error: TransportError) => void): Unsubscribe
  close(): Promise<void>
}

/** Opens a transport; a device manager calls it again after an unplug. */
export type TransportOpener = () => Promise<ByteTransport>
