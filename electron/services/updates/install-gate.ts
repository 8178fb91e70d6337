import { z } from 'zod'

/*
 * When the kiosk may install a downloaded update (docs/fleet.md, "Staged updates"): only when no
 * resident is using it, and only inside the hall's maintenance window (default 01:00–05:00 China
 * time), unless the centre sends it back to the previous version after a failure (`urgent`): then
 * as soon as it is idle. Plain Node over an injected clock; updater.ts does the I/O.
 */

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/)

export const UpdatesConfig = z
  .object({
    /** Follow the centre's update feed (packaged builds only; never in development). */
    enabled: z.boolean().default(true),
    /** The maintenance window, local time of `utcOffsetMinutes`; may cross midnight. */
    window: z
      .object({ start: HHMM.default('01:00'), end: HHMM.default('05:00') })
      .strict()
      .prefault({}),
    /** China keeps UTC+8 all year, so a fixed offset is the hall's local time. */
    utcOffsetMinutes: z
      .number()
      .int()
      .min(-12 * 60)
      .max(14 * 60)
      .default(480),
    /** How often the feed is asked (Mender polls every 30 minutes too). */
    checkMinutes: z.number().int().min(5).max(1440).default(30),
  })
  .strict()
export type UpdatesConfig = z.infer<typeof UpdatesConfig>

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/** Whether `now` (epoch ms) falls in the window [start, end) at that UTC offset. */
export function inWindow(
  now: number,
  window: { start: string; end: string },
  utcOffsetMinutes: number,
): boolean {
  const local = Math.floor(now / 60_000 + utcOffsetMinutes)
  const minute = ((local % 1440) + 1440) % 1440
  const start = minutesOf(window.start)
  const end = minutesOf(window.end)
  if (start === end) return false
  return start < end ? minute >= start && minute < end : minute >= start || minute < end
}

export interface Downloaded {
  version: string
  /** The centre sends this terminal back to a previous version: do not wait for the window. */
  urgent: boolean
}

export type GateDecision =
  | { install: true; version: string }
  | { install: false; why: 'nothing-downloaded' | 'resident-present' | 'outside-window' }

export function decideInstall(input: {
  downloaded: Downloaded | null
  /** No resident session: nobody's card, photos or form in the main process. */
  idle: boolean
  now: number
  config: Pick<UpdatesConfig, 'window' | 'utcOffsetMinutes'>
}): GateDecision {
  const { downloaded, config } = input
  if (!downloaded) return { install: false, why: 'nothing-downloaded' }
  if (!input.idle) return { install: false, why: 'resident-present' }
  if (!downloaded.urgent && !inWindow(input.now, config.window, config.utcOffsetMinutes))
    return { install: false, why: 'outside-window' }
  return { install: true, version: downloaded.version }
}
