import { z } from 'zod'

export const DeviceRole = z.enum(['id-reader', 'receipt-printer', 'document-camera'])
export type DeviceRole = z.infer<typeof DeviceRole>

export const DeviceState = z.enum(['ready', 'busy', 'warning', 'error', 'disconnected'])
export type DeviceState = z.infer<typeof DeviceState>

export const DeviceHealth = z.object({
  role: DeviceRole,
  state: DeviceState,
  /** Where the device was found: a HID path, serial port, `sim:` or `replay:` source. */
  source: z.string().max(300),
  /** Machine-readable detail, e.g. `paper-near-end`; mapped to text by the UI. */
  detail: z.string().max(100).optional(),
  since: z.string().datetime(),
})
export type DeviceHealth = z.infer<typeof DeviceHealth>
