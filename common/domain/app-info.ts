import { z } from 'zod'

export const AppRole = z.enum(['kiosk', 'clerk'])
export type AppRole = z.infer<typeof AppRole>

export const Locale = z.enum(['zh-CN', 'en'])
export type Locale = z.infer<typeof Locale>

export const AppInfo = z.object({
  role: AppRole,
  version: z.string(),
  terminalName: z.string().max(100),
  hallName: z.string().max(100),
  defaultLocale: Locale,
  /** The centre's signaling server as seen from the renderer, e.g. `http://127.0.0.1:8443`. */
  serverUrl: z.string().url(),
  /** `sim` when simulated devices are in use; the UI shows a discreet badge for technicians. */
  devices: z.enum(['hardware', 'sim', 'replay']),
  /** The kiosk holds a terminal credential; without one it opens on the first-run screen. */
  enrolled: z.boolean().optional(),
})
export type AppInfo = z.infer<typeof AppInfo>
