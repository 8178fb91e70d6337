import { z } from 'zod'

/*
 * Staged updates (docs/fleet.md, "Staged updates"): an admin's rollout of one kiosk version, in
 * rings (the pilot halls, then growing percentages of the other terminals), what the console
 * shows of it, and what a kiosk reports of its own update. The centre decides per terminal which
 * version it should run; the kiosk's electron-updater only follows.
 */

/** A release version as electron-updater compares them (semver, no build metadata). */
export const ReleaseVersion = z
  .string()
  .max(40)
  .regex(/^\d{1,5}\.\d{1,5}\.\d{1,5}(-[0-9A-Za-z.-]{1,20})?$/)
export type ReleaseVersion = z.infer<typeof ReleaseVersion>

/** `POST /api/admin/rollouts` (admins only). */
export const RolloutCreate = z
  .strictObject({
    version: ReleaseVersion,
    /** What terminals run now and go back to on failure; default the last completed rollout's. */
    previousVersion: ReleaseVersion.optional(),
    /** Ring 0: every terminal of these halls, first. */
    pilotHalls: z.array(z.string().min(1).max(100)).min(1).max(50),
    /**
     * Then the other terminals in rings: each step is the share (percent) of them updated once
     * the ring is through, e.g. [10, 50, 100]. Increasing, the last 100.
     */
    steps: z.array(z.number().int().min(1).max(100)).min(1).max(10),
    /** A ring halts when this share of its terminals failed (0.05 = 5 %). */
    stopShare: z.number().gt(0).max(1),
  })
  .refine((r) => r.steps.every((s, i) => i === 0 || s > r.steps[i - 1]!), {
    message: 'steps must increase',
    path: ['steps'],
  })
  .refine((r) => r.steps[r.steps.length - 1] === 100, {
    message: 'the last step must be 100',
    path: ['steps'],
  })
  .refine((r) => r.version !== r.previousVersion, {
    message: 'the previous version must differ',
    path: ['previousVersion'],
  })
export type RolloutCreate = z.infer<typeof RolloutCreate>

export const RolloutState = z.enum(['running', 'halted', 'completed', 'superseded'])
export type RolloutState = z.infer<typeof RolloutState>

/**
 * One terminal in a rollout: `offered` (the feed serves it the new version), `started` (it reports
 * from the new version), `succeeded` (started, self-test passed, 10 minutes of healthy reports),
 * `failed` (then the feed serves it the previous version again).
 */
export const RolloutTerminalState = z.enum(['offered', 'started', 'succeeded', 'failed'])
export type RolloutTerminalState = z.infer<typeof RolloutTerminalState>

export const RolloutFailure = z.enum([
  'self-test-failed',
  'install-failed',
  'reverted',
  'not-healthy',
])
export type RolloutFailure = z.infer<typeof RolloutFailure>

export const RingState = z.enum(['waiting', 'active', 'passed', 'halted'])
export type RingState = z.infer<typeof RingState>

export const RingView = z.object({
  ring: z.number().int().min(0),
  /** Ring 0 is the pilot halls; ring n the other terminals up to `upToPercent`. */
  kind: z.enum(['pilot', 'percent']),
  upToPercent: z.number().int().nullable(),
  state: RingState,
  terminals: z.number().int(),
  offered: z.number().int(),
  started: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
})
export type RingView = z.infer<typeof RingView>

export const RolloutTerminalView = z.object({
  terminalId: z.string(),
  name: z.string(),
  hall: z.string(),
  ring: z.number().int(),
  /** Null while the terminal's ring has not been reached. */
  state: RolloutTerminalState.nullable(),
  reason: RolloutFailure.nullable(),
  /** The version the feed serves it now. */
  target: ReleaseVersion,
})
export type RolloutTerminalView = z.infer<typeof RolloutTerminalView>

export const RolloutView = z.object({
  id: z.string(),
  version: ReleaseVersion,
  previousVersion: ReleaseVersion,
  pilotHalls: z.array(z.string()),
  steps: z.array(z.number().int()),
  stopShare: z.number(),
  state: RolloutState,
  createdAt: z.number().int(),
  createdBy: z.string(),
  haltedAt: z.number().int().nullable(),
  haltReason: z.enum(['stop-rule', 'admin']).nullable(),
  completedAt: z.number().int().nullable(),
  rings: z.array(RingView),
})
export type RolloutView = z.infer<typeof RolloutView>

/** `GET /api/admin/rollouts`: newest first, and the versions the update folder holds. */
export const RolloutListResponse = z.object({
  rollouts: z.array(RolloutView),
  releases: z.array(ReleaseVersion),
})
export type RolloutListResponse = z.infer<typeof RolloutListResponse>

/** `GET /api/admin/rollouts/{id}`: with every terminal's place in it. */
export const RolloutDetailResponse = z.object({
  rollout: RolloutView,
  terminals: z.array(RolloutTerminalView),
})
export type RolloutDetailResponse = z.infer<typeof RolloutDetailResponse>

export const RolloutResponse = z.object({ rollout: RolloutView })
export type RolloutResponse = z.infer<typeof RolloutResponse>

/** `POST /api/updates/report` (the terminal's bearer): what the kiosk's updater did. */
export const UpdateReport = z.strictObject({
  version: ReleaseVersion,
  outcome: z.enum(['downloaded', 'installing', 'failed']),
  /** Machine-readable, e.g. `download-error`, `install-error`, `did-not-take`. */
  detail: z
    .string()
    .max(40)
    .regex(/^[a-z0-9-]+$/)
    .optional(),
})
export type UpdateReport = z.infer<typeof UpdateReport>

/** A terminal on the new version counts as healthy only with reports at most this far apart. */
export const ROLLOUT_REPORT_GAP_MS = 150_000
/** Success: started, self-test passed, then healthy reports for this long. */
export const ROLLOUT_HEALTHY_MS = 10 * 60_000
/** A terminal started on the new version that has not succeeded after this has failed. */
export const ROLLOUT_DEADLINE_MS = 60 * 60_000
