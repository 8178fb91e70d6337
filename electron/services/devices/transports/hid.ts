/**
 * node-hid transport (HIDAsync; hidraw driver on Linux). Report level: each write is one
 * output report (report ID first), each data event one input report. The framing profile is
 * applied on top by framedTransport. node-hid has no unplug event: the read loop's 'error'
 * is the unplug signal (hardware.md 3.4).
 */
import { Listeners, OnceError } from '../framed-transport'
import { TransportError, type ByteTransport } from '../ports'

/** The part of node-hid's HIDAsync this transport uses (a fake in tests). */
export interface HidDeviceLike {
  write(values: number[] | Buffer): Promise<number>
  on(event: 'data', listener: (data: Buffer) => void): unknown
  on(event: 'error', listener: (error: unknown) => void): unknown
  close(): Promise<void>
}

export interface HidDeviceInfo {
  vendorId: number
  productId: number
  path?: string
  product?: string
  manufacturer?: string
  usagePage?: number
  usage?: number
  interface?: number
}

export interface HidApi {
  devices(): Promise<HidDeviceInfo[]>
  open(path: string): Promise<HidDeviceLike>
}

let driverChosen = false

/** Loads node-hid lazily (a native module) and picks hidraw on Linux before the first call. */
export async function loadHidApi(): Promise<HidApi> {
  const mod = await import('node-hid')
  if (!driverChosen && process.platform === 'linux') {
    mod.setDriverType('hidraw')
    driverChosen = true
  }
  return {
    devices: () => mod.devicesAsync(),
    open: (path) => mod.HIDAsync.open(path) as unknown as Promise<HidDeviceLike>,
  }
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e))

export function hidReportTransport(device: HidDeviceLike, source: string): ByteTransport {
  const data = new Listeners<Uint8Array>()
  const error = new OnceError()
  let closed = false
  device.on('data', (buf) => data.emit(new Uint8Array(buf.buffer, buf.byteOffset, buf.length)))
  device.on('error', (e) => {
    error.emit(new TransportError('DISCONNECTED', `${source}: ${message(e)}`))
  })
  return {
    kind: 'hid',
    source,
    async write(report) {
      if (closed) throw new TransportError('CLOSED', `${source} closed`)
      try {
        await device.write(Buffer.from(report))
      } catch (e) {
        // A write that fails on HID means the device is gone (hardware.md 3.4).
        const err = new TransportError('WRITE_FAILED', `${source}: ${message(e)}`)
        error.emit(new TransportError('DISCONNECTED', err.message))
        throw err
      }
    },
    onData: (l) => data.add(l),
    onError: (l) => error.add(l),
    async close() {
      if (closed) return
      closed = true
      await device.close().catch(() => undefined)
    },
  }
}

export async function openHid(api: HidApi, path: string): Promise<ByteTransport> {
  try {
    return hidReportTransport(await api.open(path), `hid:${path}`)
  } catch (e) {
    throw new TransportError('OPEN_FAILED', `hid:${path}: ${message(e)}`)
  }
}
