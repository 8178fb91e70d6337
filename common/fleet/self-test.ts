import { z } from 'zod'

/*
 * A kiosk's self-test (technician mode, or the fleet console's remote "run self-test"): each part
 * of the terminal checked on its own. Machine state only, never personal data (a card read during
 * the test is shown masked on the kiosk and is not part of the result).
 */

export const SelfTestPart = z.enum([
  'id-reader',
  'printer',
  'camera',
  'microphone',
  'speaker',
  'network',
  'disk',
  'outbox',
])
export type SelfTestPart = z.infer<typeof SelfTestPart>

/** `skipped`: the part needs a person (the speaker's "did you hear it?") or is not fitted. */
export const SelfTestStatus = z.enum(['pass', 'fail', 'skipped'])
export type SelfTestStatus = z.infer<typeof SelfTestStatus>

export const SelfTestCheck = z.strictObject({
  part: SelfTestPart,
  status: SelfTestStatus,
  /** Machine-readable reason, e.g. `paper-out`, `unplugged`, `centre-unreachable`. */
  detail: z
    .string()
    .max(40)
    .regex(/^[a-z0-9-]+$/)
    .optional(),
})
export type SelfTestCheck = z.infer<typeof SelfTestCheck>

export const SelfTestResult = z.strictObject({
  /** When it finished (the kiosk's clock, ms since the epoch). */
  at: z.number().int(),
  /** True when no check failed. */
  passed: z.boolean(),
  /** `update`: run unattended after the kiosk started on a new version (staged updates). */
  trigger: z.enum(['technician', 'remote', 'update']),
  checks: z.array(SelfTestCheck).max(16),
})
export type SelfTestResult = z.infer<typeof SelfTestResult>
