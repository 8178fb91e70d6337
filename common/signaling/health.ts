import { z } from 'zod'
import { DeviceRole, DeviceState } from '../domain/device-health'
import { SelfTestPart } from '../fleet/self-test'

/*
 * A terminal's health report (`health:report` on `/terminal`, docs/signaling-protocol.md): what
 * a technician needs to see a broken kiosk before a resident does. Machine state only, never
 * personal data: no names, ID numbers, case numbers or free text (every string is an enum or a
 * short token). Every size is bounded, so a hostile report is refused by the schema.
 */

/** Machine-readable detail of a device state, e.g. `paper-out`; a short lowercase token. */
const Detail = z
  .string()
  .max(40)
  .regex(/^[a-z0-9-]+$/)

export const PaperState = z.enum(['ok', 'near-end', 'out', 'unknown'])
export type PaperState = z.infer<typeof PaperState>

export const HealthDevice = z.strictObject({
  role: DeviceRole,
  state: DeviceState,
  detail: Detail.optional(),
})
export type HealthDevice = z.infer<typeof HealthDevice>

/** What the kiosk's main process knows about itself (`health:snapshot` on the bridge). */
export const HealthSnapshot = z.strictObject({
  appVersion: z.string().min(1).max(40),
  catalogVersion: z.string().min(1).max(40),
  devices: z.array(HealthDevice).max(8),
  /** The receipt printer; null when the kiosk has none. */
  printer: z
    .strictObject({ state: DeviceState, paper: PaperState, detail: Detail.optional() })
    .nullable(),
  /** Applications, ratings and 补交 waiting in the outbox to be sent to the centre. */
  outbox: z.strictObject({
    waiting: z.number().int().min(0).max(1_000_000),
    /** Seconds since the oldest waiting entry was stored; null when nothing waits. */
    oldestAgeSeconds: z
      .number()
      .int()
      .min(0)
      .max(10 * 365 * 86_400)
      .nullable(),
  }),
  /** Free space where the kiosk keeps its data, in MiB; null when unknown. */
  diskFreeMb: z.number().int().min(0).max(1e9).nullable(),
  uptimeSeconds: z
    .number()
    .int()
    .min(0)
    .max(10 * 365 * 86_400),
  /**
   * The kiosk's last self-test (technician mode or a remote command): when it finished, whether
   * every part passed, and which parts failed; null until one has run.
   */
  lastSelfTest: z
    .strictObject({
      at: z.number().int(),
      passed: z.boolean(),
      failed: z.array(SelfTestPart).max(8).optional(),
    })
    .nullable(),
})
export type HealthSnapshot = z.infer<typeof HealthSnapshot>

/** What the terminal sends: the snapshot and the round trip of its previous report's ack. */
export const HealthReport = HealthSnapshot.extend({
  /** Milliseconds from sending the previous report to its ack; null for the first. */
  rttMs: z.number().int().min(0).max(120_000).nullable(),
})
export type HealthReport = z.infer<typeof HealthReport>

/** A report as the centre keeps it: with the time it arrived (the centre's clock). */
export const TerminalHealth = HealthReport.extend({ receivedAt: z.number().int() })
export type TerminalHealth = z.infer<typeof TerminalHealth>

/** `GET /api/admin/terminals/{id}/health`: the compact history, oldest first. */
export const TerminalHealthHistory = z.object({
  terminalId: z.string(),
  samples: z.array(TerminalHealth),
})
export type TerminalHealthHistory = z.infer<typeof TerminalHealthHistory>

/** The centre keeps at most one report per terminal per this interval in the history… */
export const HEALTH_SAMPLE_MS = 10 * 60_000
/** …for this long. */
export const HEALTH_HISTORY_MS = 7 * 86_400_000
/** A terminal sends at least this often, and on every change. */
export const HEALTH_REPORT_MS = 60_000
/** Reports closer together than this are dropped by the centre (`rate_limited`). */
export const HEALTH_MIN_GAP_MS = 5_000
