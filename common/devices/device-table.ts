import { z } from 'zod'

/** How payload bytes ride on a transport: HID report profiles, or a plain byte stream. */
export const Framing = z.enum(['cp2110', 'raw', 'serial'])
export type Framing = z.infer<typeof Framing>

export const DeviceTransportType = z.enum(['hid', 'serial', 'usb', 'tcp'])
export type DeviceTransportType = z.infer<typeof DeviceTransportType>

/** Roles a device table entry can give; a subset of DeviceRole in common/domain/device-health. */
export const TableRole = z.enum(['id-reader', 'receipt-printer'])
export type TableRole = z.infer<typeof TableRole>

/** 16-bit USB id, written in JSON as a number or a hex string ("0400", "0x0400"). */
const UsbId = z.union([
  z.number().int().min(0).max(0xffff),
  z
    .string()
    .regex(/^(0x)?[0-9a-fA-F]{1,4}$/)
    .transform((s) => parseInt(s.replace(/^0x/, ''), 16)),
])

export const DeviceTableEntry = z
  .object({
    name: z.string().min(1).max(100),
    role: TableRole,
    vendorId: UsbId,
    productId: UsbId,
    /** HID usage page, when one VID/PID exposes several HID interfaces. */
    usagePage: UsbId.optional(),
    transport: DeviceTransportType,
    /** HID: cp2110 or raw; serial and usb: serial (a plain byte stream). */
    framing: Framing.default('serial'),
    /** raw HID: total report length including the report-ID byte. */
    reportSize: z.number().int().min(2).max(1024).default(64),
    /** raw HID: report ID written first in every report. */
    reportId: z.number().int().min(0).max(255).default(0),
    baudRate: z.number().int().positive().default(115200),
    /** TCP printers: where they listen. */
    host: z.string().max(255).optional(),
    port: z.number().int().min(1).max(65535).optional(),
    note: z.string().max(300).optional(),
  })
  .strict()
  .refine((e) => e.transport !== 'hid' || e.framing !== 'serial', {
    message: 'a HID entry needs framing cp2110 or raw',
  })
export type DeviceTableEntry = z.infer<typeof DeviceTableEntry>
export type DeviceTableEntryInput = z.input<typeof DeviceTableEntry>

/** The JSON file a technician may drop in to add devices without a code change. */
export const DeviceTableConfig = z
  .object({
    /** true: only these entries; false (default): these first, then the built-in table. */
    replaceBuiltIn: z.boolean().default(false),
    devices: z.array(DeviceTableEntry).max(200),
  })
  .strict()
export type DeviceTableConfig = z.infer<typeof DeviceTableConfig>
