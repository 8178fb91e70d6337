/**
 * Finding devices on this machine: HID (node-hid), serial ports (serialport) and USB
 * (usb), each matched against the device table; and turning a match or an explicit
 * `--device PATH` into a transport opener with the right framing.
 */
import type { DeviceTableEntry, Framing, TableRole } from '../../../common/devices/device-table'
import { framedTransport } from './framed-transport'
import type { FramingProfile } from './framing'
import { hex4, matchDevice, type UsbIdentity } from './device-table'
import { TransportError, type TransportOpener } from './ports'
import { loadHidApi, openHid } from './transports/hid'
import { loadSerialApi, openSerial } from './transports/serial'
import { openTcp } from './transports/tcp'
import { loadUsbApi, openUsbBulk } from './transports/usb'

export interface FoundDevice {
  transport: 'hid' | 'serial' | 'usb'
  path: string
  vendorId?: number
  productId?: number
  usagePage?: number
  product?: string
  role?: TableRole
  entry?: DeviceTableEntry
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e))

/** Every HID device, serial port and USB device, with the role the table gives it. */
export async function listDevices(
  table: readonly DeviceTableEntry[],
): Promise<{ devices: FoundDevice[]; problems: string[] }> {
  const devices: FoundDevice[] = []
  const problems: string[] = []
  const inTable = (transport: FoundDevice['transport'], device: UsbIdentity) =>
    matchDevice(
      table.filter((e) => e.transport === transport),
      device,
    )
  const withRole = (entry: DeviceTableEntry | undefined) =>
    entry ? { role: entry.role, entry } : {}
  /** One kind of device listed; a kind that cannot be listed here is a problem, not a failure. */
  const list = async (kind: string, find: () => Promise<void>) => {
    try {
      await find()
    } catch (e) {
      problems.push(`${kind}: ${message(e)}`)
    }
  }
  await list('HID', async () => {
    const hid = await loadHidApi()
    for (const d of await hid.devices()) {
      devices.push({
        transport: 'hid',
        path: d.path ?? '',
        vendorId: d.vendorId,
        productId: d.productId,
        ...(d.usagePage !== undefined ? { usagePage: d.usagePage } : {}),
        ...(d.product ? { product: d.product } : {}),
        ...withRole(inTable('hid', d)),
      })
    }
  })
  await list('serial', async () => {
    const serial = await loadSerialApi()
    for (const p of await serial.list()) {
      const ids =
        p.vendorId && p.productId
          ? { vendorId: parseInt(p.vendorId, 16), productId: parseInt(p.productId, 16) }
          : undefined
      devices.push({
        transport: 'serial',
        path: p.path,
        ...(ids ?? {}),
        ...(p.manufacturer ? { product: p.manufacturer } : {}),
        ...withRole(ids ? inTable('serial', ids) : undefined),
      })
    }
  })
  await list('USB', async () => {
    const usb = await loadUsbApi()
    for (const d of await usb.list()) {
      const entry = inTable('usb', d)
      if (!entry) continue // only table devices: HID and serial ones are listed above
      devices.push({
        transport: 'usb',
        path: `usb:${hex4(d.vendorId)}:${hex4(d.productId)}`,
        vendorId: d.vendorId,
        productId: d.productId,
        role: entry.role,
        entry,
      })
    }
  })
  return { devices, problems }
}

export function profileOf(
  entry: Pick<DeviceTableEntry, 'framing' | 'reportSize' | 'reportId'>,
): FramingProfile {
  return { framing: entry.framing, reportSize: entry.reportSize, reportId: entry.reportId }
}

/** Report-level opener for a found device (no framing applied), e.g. for recording. */
export function reportOpener(found: FoundDevice): TransportOpener {
  const entry = found.entry
  switch (found.transport) {
    case 'hid':
      return async () => openHid(await loadHidApi(), found.path)
    case 'serial':
      return async () => openSerial(await loadSerialApi(), found.path, entry?.baudRate ?? 115200)
    case 'usb': {
      const cls = entry?.role === 'receipt-printer' ? 0x07 : 0xff
      return async () => openUsbBulk(await loadUsbApi(), found.vendorId!, found.productId!, cls)
    }
  }
}

/**
 * Interprets `--device`: `/dev/tty…` or `COMn` is serial, `usb:VVVV:PPPP` is USB bulk,
 * `tcp:HOST[:PORT]` is raw TCP, anything else is a HID path. Framing comes from the table
 * entry for that device when known, else from `framing` (default cp2110 for HID).
 */
export async function resolveDevicePath(
  path: string,
  table: readonly DeviceTableEntry[],
  role: TableRole,
  framing?: Framing,
): Promise<FoundDevice & { profile: FramingProfile }> {
  const withProfile = (f: FoundDevice, fallback: Framing) => ({
    ...f,
    profile: f.entry
      ? { ...profileOf(f.entry), ...(framing ? { framing } : {}) }
      : { framing: framing ?? fallback },
  })
  if (/^(\/dev\/tty|COM\d+)/i.test(path))
    return withProfile({ transport: 'serial', path }, 'serial')
  const usb = /^usb:([0-9a-f]{4}):([0-9a-f]{4})$/i.exec(path)
  if (usb) {
    const ids = { vendorId: parseInt(usb[1]!, 16), productId: parseInt(usb[2]!, 16) }
    const entry = matchDevice(table, ids)
    return withProfile(
      { transport: 'usb', path, ...ids, ...(entry ? { entry, role: entry.role } : { role }) },
      'serial',
    )
  }
  const { devices } = await listDevices(table)
  const found = devices.find((d) => d.path === path) ?? { transport: 'hid' as const, path }
  return withProfile(found, 'cp2110')
}

/** First device in the table with this role, or an OPEN_FAILED error naming what was looked for. */
export function discoveringOpener(
  table: readonly DeviceTableEntry[],
  role: TableRole,
): TransportOpener {
  return async () => {
    const { devices } = await listDevices(table)
    const found = devices.find((d) => d.role === role)
    if (!found || !found.entry) {
      throw new TransportError('OPEN_FAILED', `no ${role} from the device table is connected`)
    }
    return framedTransport(await reportOpener(found)(), profileOf(found.entry))
  }
}

export function tcpOpener(host: string, port = 9100): TransportOpener {
  return () => openTcp(host, port)
}
