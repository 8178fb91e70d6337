/**
 * The device table: which USB devices the kiosk drives, in which role, over which transport
 * and framing. Built-in entries cover what hardware.md documents; a JSON file (validated with
 * DeviceTableConfig) adds or replaces entries without a code change.
 */
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import {
  DeviceTableConfig,
  DeviceTableEntry,
  type DeviceTableEntryInput,
} from '../../../common/devices/device-table'

const builtIn: DeviceTableEntryInput[] = [
  {
    name: '新中新/神思 vendor-class ID reader (GA 467 over USB bulk)',
    role: 'id-reader',
    vendorId: 0x0400,
    productId: 0xc35a,
    transport: 'usb',
    framing: 'serial',
    note: 'interface class 0xFF, bulk/interrupt IN/OUT, 64-byte transfers (hardware.md 1.11)',
  },
  {
    name: '新中新 vendor-class ID reader (GA 467 over USB bulk)',
    role: 'id-reader',
    vendorId: 0x0316,
    productId: 0x5020,
    transport: 'usb',
    framing: 'serial',
  },
  {
    name: 'Silicon Labs CP2110 HID-to-UART bridge carrying an ID reader',
    role: 'id-reader',
    vendorId: 0x10c4,
    productId: 0xea80,
    transport: 'hid',
    framing: 'cp2110',
    note: 'report ID = payload length; UART set to 115200 8N1 through feature reports',
  },
  {
    name: 'Silicon Labs CP210x USB-serial (ID reader at 115200 8N1)',
    role: 'id-reader',
    vendorId: 0x10c4,
    productId: 0xea60,
    transport: 'serial',
    framing: 'serial',
    note: 'a generic bridge: confirm the role at the terminal, override in devices.json if needed',
  },
  {
    name: 'WCH CH340 USB-serial (ID reader at 115200 8N1)',
    role: 'id-reader',
    vendorId: 0x1a86,
    productId: 0x7523,
    transport: 'serial',
    framing: 'serial',
    note: 'a generic bridge: confirm the role at the terminal, override in devices.json if needed',
  },
  {
    name: 'Prolific PL2303 USB-serial (ID reader at 115200 8N1)',
    role: 'id-reader',
    vendorId: 0x067b,
    productId: 0x2303,
    transport: 'serial',
    framing: 'serial',
    note: 'a generic bridge: confirm the role at the terminal, override in devices.json if needed',
  },
  {
    name: 'POS-58/80 printer-class receipt printer (Winbond USB id)',
    role: 'receipt-printer',
    vendorId: 0x0416,
    productId: 0x5011,
    transport: 'usb',
    framing: 'serial',
    note: 'USB printer class 0x07, bulk OUT/IN; VID/PID seen on many Chinese POS printers [unconfirmed per model]',
  },
]

export const builtInDeviceTable: readonly DeviceTableEntry[] = builtIn.map((e) =>
  DeviceTableEntry.parse(e),
)

/** Built-in table merged with a config: config entries win (they come first). */
export function buildDeviceTable(config?: unknown): DeviceTableEntry[] {
  if (config === undefined) return [...builtInDeviceTable]
  const parsed = DeviceTableConfig.safeParse(config)
  if (!parsed.success) {
    throw new Error(
      `设备表配置无效（invalid device table config）: ${z.prettifyError(parsed.error)}`,
    )
  }
  return parsed.data.replaceBuiltIn
    ? parsed.data.devices
    : [...parsed.data.devices, ...builtInDeviceTable]
}

export function loadDeviceTable(file?: string): DeviceTableEntry[] {
  if (!file) return buildDeviceTable()
  return buildDeviceTable(JSON.parse(readFileSync(file, 'utf8')))
}

export interface UsbIdentity {
  vendorId: number
  productId: number
  usagePage?: number
}

/** The first entry that matches; an entry with a usage page matches only that page. */
export function matchDevice(
  table: readonly DeviceTableEntry[],
  device: UsbIdentity,
): DeviceTableEntry | undefined {
  return table.find(
    (e) =>
      e.vendorId === device.vendorId &&
      e.productId === device.productId &&
      (e.usagePage === undefined || e.usagePage === device.usagePage),
  )
}

export const hex4 = (n: number) => n.toString(16).padStart(4, '0')
