import { z } from 'zod'

/*
 * The text of the QR code the fleet console shows beside a new enrolment code (docs/fleet.md,
 * "Enrolment QR"), read by technician mode's camera on the kiosk: JSON with exactly two keys,
 * the centre's public address and the one-time code, e.g.
 * {"centre":"https://centre.example.cn","code":"ABCD-EFGH-JKLM"}.
 */
export const EnrolQr = z.strictObject({
  centre: z.url(),
  code: z.string().min(6).max(64),
})
export type EnrolQr = z.infer<typeof EnrolQr>

export const enrolQrText = (qr: EnrolQr): string =>
  JSON.stringify({ centre: qr.centre, code: qr.code })

/** The QR's text read back; null when it is not an enrolment QR. */
export function parseEnrolQr(text: string): EnrolQr | null {
  try {
    const parsed = EnrolQr.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}
