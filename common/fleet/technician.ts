import { z } from 'zod'

/*
 * Technician mode on the kiosk (docs/fleet.md, "Technician's guide"): the enrolment QR the
 * fleet console shows, and the settings the centre lets a technician change on the kiosk.
 */

/** An enrolment code as the centre makes it: 12 letters and digits, dashes and case ignored. */
export const EnrolCode = z
  .string()
  .max(64)
  .transform((s) => s.toUpperCase().replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^[A-Z0-9]{12}$/))

/** The centre's address as a technician types it: http(s), no credentials, no path beyond `/`. */
export const CentreAddress = z
  .string()
  .trim()
  .max(200)
  .transform((s) => (/^[a-z]+:\/\//i.test(s) ? s : `https://${s}`))
  .pipe(z.url({ protocol: /^https?$/ }))
  // Scheme, host and port only (common/ has no URL class): a path typed after it is dropped.
  .refine((s) => !/^[a-z]+:\/\/[^/?#]*@/i.test(s), 'no user or password in the address')
  .transform((s) => (/^[a-z]+:\/\/[^/?#]+/i.exec(s)?.[0] ?? s).toLowerCase())

/**
 * What the fleet console's enrolment QR encodes: JSON `{"v":1,"centre":"https://…","code":
 * "ABCD-EFGH-JKLM"}`. The kiosk's camera reads it and fills both fields; the terminal's name is
 * still typed on the kiosk.
 */
export const EnrolQr = z.strictObject({
  v: z.literal(1),
  centre: CentreAddress,
  code: EnrolCode,
})
export type EnrolQr = z.infer<typeof EnrolQr>

/** The QR's text, or null when it is not an enrolment QR. */
export function parseEnrolQr(text: string): EnrolQr | null {
  if (text.length > 1000) return null
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return null
  }
  const parsed = EnrolQr.safeParse(json)
  return parsed.success ? parsed.data : null
}

/** The text of an enrolment QR (what the fleet console encodes). */
export function enrolQrText(centre: string, code: string): string {
  return JSON.stringify({ v: 1, centre, code })
}

/** What the centre allows a technician to set on the kiosk, and within which bounds. */
export const LOCAL_SETTING_LIMITS = {
  idleSeconds: { min: 30, max: 300, step: 10 },
  volume: { min: 0, max: 100, step: 10 },
} as const

export const PaperWidth = z.enum(['58mm', '80mm'])
export type PaperWidth = z.infer<typeof PaperWidth>

/** The kiosk's local settings (kept in its data folder, applied without a restart). */
export const LocalSettings = z.strictObject({
  /** Seconds without a touch before the resident is asked 还需要更多时间吗？ */
  idleSeconds: z
    .number()
    .int()
    .min(LOCAL_SETTING_LIMITS.idleSeconds.min)
    .max(LOCAL_SETTING_LIMITS.idleSeconds.max),
  /** Speech and sound volume, percent. */
  volume: z
    .number()
    .int()
    .min(LOCAL_SETTING_LIMITS.volume.min)
    .max(LOCAL_SETTING_LIMITS.volume.max),
  /** Every resident starts in 大字 (larger text). */
  largeTextDefault: z.boolean(),
  /** The receipt printer's roll. */
  paperWidth: PaperWidth,
})
export type LocalSettings = z.infer<typeof LocalSettings>

export const DEFAULT_LOCAL_SETTINGS: LocalSettings = {
  idleSeconds: 60,
  volume: 100,
  largeTextDefault: false,
  paperWidth: '80mm',
}

/** One step up or down of a numeric setting, kept inside its bounds. */
export function stepSetting(
  key: keyof typeof LOCAL_SETTING_LIMITS,
  value: number,
  direction: 1 | -1,
): number {
  const { min, max, step } = LOCAL_SETTING_LIMITS[key]
  return Math.min(max, Math.max(min, value + direction * step))
}

/** Which staff roles may open technician mode on a kiosk. */
export const TECHNICIAN_ROLES = ['technician', 'admin'] as const
