import { EventEmitter } from 'node:events'
import { createServer, type AddressInfo, type Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import {
  buildDeviceTable,
  matchDevice,
} from '../../../../../electron/services/devices/device-table'
import { framedTransport } from '../../../../../electron/services/devices/framed-transport'
import {
  encodeCommand,
  FrameDecoder,
} from '../../../../../electron/services/devices/id-reader/sam-codec'
import type { TransportError } from '../../../../../electron/services/devices/ports'
import {
  hidReportTransport,
  type HidDeviceLike,
} from '../../../../../electron/services/devices/transports/hid'
import {
  openSerial,
  type SerialApi,
  type SerialPortLike,
} from '../../../../../electron/services/devices/transports/serial'
import { openTcp } from '../../../../../electron/services/devices/transports/tcp'
import {
  openUsbBulk,
  type UsbDeviceLike,
} from '../../../../../electron/services/devices/transports/usb'
import { hex, toHex } from './hex'

class FakeHid extends EventEmitter implements HidDeviceLike {
  written: number[][] = []
  failWrites = false
  async write(values: number[] | Buffer) {
    if (this.failWrites) throw new Error('could not write to HID device')
    this.written.push([...values])
    return values.length
  }
  async close() {}
}

describe('node-hid transport (fake device)', () => {
  it('writes cp2110 reports and delivers de-padded payloads', async () => {
    const dev = new FakeHid()
    const t = framedTransport(hidReportTransport(dev, 'hid:fake'), { framing: 'cp2110' })
    const got: Uint8Array[] = []
    t.onData((b) => got.push(b))
    await t.write(encodeCommand('findCard'))
    expect(toHex(Uint8Array.from(dev.written[0]!))).toBe('0A AA AA AA 96 69 00 03 20 01 22')
    dev.emit('data', Buffer.from(hex('0F AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97 00 00 00')))
    expect(got.map(toHex)).toEqual(['AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97'])
  })

  it("maps the read loop's error to DISCONNECTED and a failed write to WRITE_FAILED", async () => {
    const dev = new FakeHid()
    const t = hidReportTransport(dev, 'hid:fake')
    const errors: TransportError[] = []
    t.onError((e) => errors.push(e))
    dev.failWrites = true
    await expect(t.write(hex('01 00'))).rejects.toMatchObject({ code: 'WRITE_FAILED' })
    dev.emit('error', new Error('could not read from HID device'))
    expect(errors.map((e) => e.code)).toEqual(['DISCONNECTED']) // reported once
  })
})

class FakePort extends EventEmitter implements SerialPortLike {
  written: Buffer[] = []
  openError: Error | null = null
  open(cb: (e: Error | null) => void) {
    cb(this.openError)
  }
  write(data: Buffer, cb: (e: Error | null | undefined) => void) {
    this.written.push(data)
    cb(null)
    return true
  }
  drain(cb: (e: Error | null) => void) {
    cb(null)
  }
  close(cb?: (e: Error | null) => void) {
    cb?.(null)
  }
}

describe('serialport transport (fake port)', () => {
  it('opens at 115200, streams bytes, and reports an unplug as DISCONNECTED', async () => {
    const port = new FakePort()
    let baud = 0
    const api: SerialApi = { list: async () => [], create: (_p, b) => ((baud = b), port) }
    const t = await openSerial(api, '/dev/ttyUSB0')
    expect(baud).toBe(115200)
    const d = new FrameDecoder()
    const frames: string[] = []
    t.onData((b) => d.push(b).forEach((i) => i.kind === 'frame' && frames.push(toHex(i.body))))
    port.emit('data', Buffer.from(hex('AA AA AA 96')))
    port.emit('data', Buffer.from(hex('69 00 04 00 00 90 94')))
    expect(frames).toEqual(['00 00 90'])
    const errors: string[] = []
    t.onError((e) => errors.push(e.code))
    port.emit('close', Object.assign(new Error('disconnected'), { disconnected: true }))
    expect(errors).toEqual(['DISCONNECTED'])
  })

  it('a port that will not open is OPEN_FAILED', async () => {
    const port = new FakePort()
    port.openError = new Error('Permission denied')
    const api: SerialApi = { list: async () => [], create: () => port }
    await expect(openSerial(api, '/dev/ttyUSB0')).rejects.toMatchObject({ code: 'OPEN_FAILED' })
  })
})

describe('usb bulk transport (fake device)', () => {
  function fakeUsb(interfaceClass: number) {
    const inQueue: Uint8Array[] = []
    const out: Uint8Array[] = []
    let gone = false
    let wake: (() => void) | undefined
    const dev: UsbDeviceLike = {
      vendorId: 0x0400,
      productId: 0xc35a,
      configuration: {
        interfaces: [
          {
            interfaceNumber: 0,
            alternate: {
              interfaceClass,
              endpoints: [
                { endpointNumber: 1, direction: 'in', type: 'bulk', packetSize: 64 },
                { endpointNumber: 2, direction: 'out', type: 'bulk', packetSize: 64 },
              ],
            },
          },
        ],
      },
      open: async () => undefined,
      close: async () => undefined,
      selectConfiguration: async () => undefined,
      claimInterface: async () => undefined,
      async transferIn() {
        while (!inQueue.length && !gone) await new Promise<void>((r) => (wake = r))
        if (gone) throw new Error('LIBUSB_ERROR_NO_DEVICE')
        const b = inQueue.shift()!
        return { data: new DataView(b.buffer, b.byteOffset, b.byteLength) }
      },
      async transferOut(_ep, data) {
        out.push(data)
        return {}
      },
    }
    return {
      api: { find: async () => dev, list: async () => [dev] },
      push: (b: Uint8Array) => {
        inQueue.push(b)
        wake?.()
      },
      unplug: () => {
        gone = true
        wake?.()
      },
      out,
    }
  }

  it('writes in 64-byte packets, reads packets, maps unplug to DISCONNECTED', async () => {
    const f = fakeUsb(0xff)
    const t = await openUsbBulk(f.api, 0x0400, 0xc35a, 0xff)
    await t.write(new Uint8Array(130))
    expect(f.out.map((o) => o.length)).toEqual([64, 64, 2])
    const got: string[] = []
    t.onData((b) => got.push(toHex(b)))
    f.push(hex('AA AA AA 96 69 00 04 00 00 90 94'))
    await new Promise((r) => setTimeout(r, 10))
    expect(got).toEqual(['AA AA AA 96 69 00 04 00 00 90 94'])
    const errors = new Promise<string>((r) => t.onError((e) => r(e.code)))
    f.unplug()
    expect(await errors).toBe('DISCONNECTED')
  })

  it('no interface of the wanted class is OPEN_FAILED', async () => {
    const f = fakeUsb(0x03)
    await expect(openUsbBulk(f.api, 0x0400, 0xc35a, 0xff)).rejects.toMatchObject({
      code: 'OPEN_FAILED',
    })
  })
})

describe('TCP 9100 transport (local socket)', () => {
  it('sends bytes, receives bytes, and reports the peer closing as DISCONNECTED', async () => {
    const received: Buffer[] = []
    let peer: Socket | undefined
    const server = createServer((s) => {
      peer = s
      s.on('data', (d) => received.push(d))
      s.write(Buffer.from([0x12]))
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const { port } = server.address() as AddressInfo
    const t = await openTcp('127.0.0.1', port)
    const status = new Promise<number>((r) => t.onData((b) => r(b[0]!)))
    await t.write(hex('10 04 01'))
    expect(await status).toBe(0x12)
    await new Promise((r) => setTimeout(r, 20))
    expect(toHex(Buffer.concat(received))).toBe('10 04 01')
    const gone = new Promise<string>((r) => t.onError((e) => r(e.code)))
    peer!.destroy()
    expect(await gone).toBe('DISCONNECTED')
    await t.close()
    server.close()
  })

  it('nothing listening is OPEN_FAILED', async () => {
    const server = createServer()
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const { port } = server.address() as AddressInfo
    await new Promise((r) => server.close(r))
    await expect(openTcp('127.0.0.1', port)).rejects.toMatchObject({ code: 'OPEN_FAILED' })
  })
})

describe('device table', () => {
  it('maps the documented VID/PIDs to roles, transports and framings', () => {
    const table = buildDeviceTable()
    expect(matchDevice(table, { vendorId: 0x0400, productId: 0xc35a })).toMatchObject({
      role: 'id-reader',
      transport: 'usb',
    })
    expect(matchDevice(table, { vendorId: 0x10c4, productId: 0xea80 })).toMatchObject({
      transport: 'hid',
      framing: 'cp2110',
    })
    expect(matchDevice(table, { vendorId: 0x1234, productId: 0x5678 })).toBeUndefined()
  })

  it('is extended by JSON config without code: hex ids, usage page, config first', () => {
    const table = buildDeviceTable({
      devices: [
        {
          name: 'Vendor HID reader',
          role: 'id-reader',
          vendorId: '0x1a2b',
          productId: '3c4d',
          usagePage: '0xff00',
          transport: 'hid',
          framing: 'raw',
          reportSize: 65,
        },
        {
          name: 'CH340 printer',
          role: 'receipt-printer',
          vendorId: '1a86',
          productId: '7523',
          transport: 'serial',
        },
      ],
    })
    expect(
      matchDevice(table, { vendorId: 0x1a2b, productId: 0x3c4d, usagePage: 0xff00 }),
    ).toMatchObject({
      framing: 'raw',
      reportSize: 65,
      reportId: 0,
    })
    expect(
      matchDevice(table, { vendorId: 0x1a2b, productId: 0x3c4d, usagePage: 0x0001 }),
    ).toBeUndefined()
    expect(matchDevice(table, { vendorId: 0x1a86, productId: 0x7523 })?.role).toBe(
      'receipt-printer',
    )
    expect(table.length).toBeGreaterThan(2)
  })

  it('rejects an invalid config with a clear message', () => {
    expect(() =>
      buildDeviceTable({
        devices: [{ name: 'x', role: 'id-reader', vendorId: 1, productId: 2, transport: 'hid' }],
      }),
    ).toThrow(/cp2110 or raw/)
    expect(() => buildDeviceTable({ devices: [], typo: true })).toThrow(/设备表配置无效/)
  })
})
