/**
 * USB bulk transport for vendor-class readers (0400:C35A: class 0xFF, bulk IN/OUT, 64-byte
 * transfers) and printer-class (0x07) receipt printers, through the `usb` package's WebUSB
 * API. A read loop keeps one IN transfer pending; writes go out in packet-size chunks.
 */
import { TransportError, type ByteTransport } from '../ports'
import { DeviceLink, message } from './device-link'

/** The WebUSB-shaped part of a `usb` device this transport uses (a fake in tests). */
export interface UsbDeviceLike {
  vendorId: number
  productId: number
  configuration?: {
    interfaces: {
      interfaceNumber: number
      alternate: {
        interfaceClass: number
        endpoints: {
          endpointNumber: number
          direction: 'in' | 'out'
          type: string
          packetSize: number
        }[]
      }
    }[]
  } | null
  open(): Promise<void>
  close(): Promise<void>
  selectConfiguration(value: number): Promise<void>
  claimInterface(n: number): Promise<void>
  transferIn(endpoint: number, length: number): Promise<{ data?: DataView; status?: string }>
  transferOut(endpoint: number, data: Uint8Array): Promise<{ status?: string }>
}

export interface UsbApi {
  find(vendorId: number, productId: number): Promise<UsbDeviceLike | undefined>
  list(): Promise<UsbDeviceLike[]>
}

export async function loadUsbApi(): Promise<UsbApi> {
  const { WebUSB } = await import('usb')
  const usb = new WebUSB({ allowAllDevices: true })
  return {
    find: async (vid, pid) =>
      (await usb.findDeviceByIds(vid, pid)) as unknown as UsbDeviceLike | undefined,
    list: async () => (await usb.getDevices()) as unknown as UsbDeviceLike[],
  }
}

/** Opens the first interface of the given class (0xFF vendor, 0x07 printer) and streams it. */
export async function openUsbBulk(
  api: UsbApi,
  vendorId: number,
  productId: number,
  interfaceClass: number,
): Promise<ByteTransport> {
  const source = `usb:${vendorId.toString(16).padStart(4, '0')}:${productId.toString(16).padStart(4, '0')}`
  const device = await api.find(vendorId, productId)
  if (!device) throw new TransportError('OPEN_FAILED', `${source}: not present`)
  let inEp: number
  let outEp: number
  let packet: number
  try {
    await device.open()
    if (!device.configuration) await device.selectConfiguration(1)
    const iface = device.configuration?.interfaces.find(
      (i) => i.alternate.interfaceClass === interfaceClass,
    )
    if (!iface) throw new Error(`no interface of class 0x${interfaceClass.toString(16)}`)
    const eps = iface.alternate.endpoints.filter((e) => e.type === 'bulk' || e.type === 'interrupt')
    const i = eps.find((e) => e.direction === 'in')
    const o = eps.find((e) => e.direction === 'out')
    if (!i || !o) throw new Error('no IN/OUT endpoint pair')
    await device.claimInterface(iface.interfaceNumber)
    inEp = i.endpointNumber
    outEp = o.endpointNumber
    packet = o.packetSize || 64
  } catch (e) {
    await device.close().catch(() => undefined)
    throw new TransportError('OPEN_FAILED', `${source}: ${message(e)}`)
  }
  const link = new DeviceLink(source)
  const readLoop = async () => {
    while (!link.closed) {
      try {
        const r = await device.transferIn(inEp, packet)
        if (r.data && r.data.byteLength > 0) {
          link.data.emit(
            new Uint8Array(
              r.data.buffer.slice(r.data.byteOffset, r.data.byteOffset + r.data.byteLength),
            ),
          )
        }
      } catch (e) {
        if (!link.closed) link.disconnected(e)
        return
      }
    }
  }
  void readLoop()
  return {
    kind: 'usb',
    source,
    write: (bytes) =>
      link.write(async () => {
        for (let o = 0; o < bytes.length; o += packet) {
          await device.transferOut(outEp, bytes.slice(o, o + packet))
        }
      }),
    onData: (l) => link.data.add(l),
    onError: (l) => link.error.add(l),
    async close() {
      link.closed = true
      await device.close().catch(() => undefined)
    },
  }
}
