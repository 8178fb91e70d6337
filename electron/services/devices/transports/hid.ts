/**
 * node-hid transport (HIDAsync; hidraw driver on Linux). Report level: each write is one
 * output report (report ID first), each data event one input report. The framing profile is
 * applied on top by framedTransport. node-hid has no unplug event: the read loop's 'error'
 * is the unplug signal (hardware.md 3.4).
 */
import { TransportError, type ByteTransport } from '../ports'
import { DeviceLink, message } from './device-link'

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

export function hidReportTransport(device: HidDeviceLike, source: string): ByteTransport {
  const link = new DeviceLink(source)
  device.on('data', (buf) => link.data.emit(new Uint8Array(buf.buffer, buf.byteOffset, buf.length)))
  device.on('error', (e) => link.disconnected(e))
  return {
    kind: 'hid',
    source,
    write: (report) => link.write(() => device.write(Buffer.from(report))),
    onData: (l) => link.data.add(l),
    onError: (l) => link.error.add(l),
    async close() {
      if (link.closed) return
      link.closed = true
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
