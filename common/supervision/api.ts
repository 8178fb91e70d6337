import { z } from 'zod'
import { CaseNumber, RatingLevel, RatingReason } from '../applications/schema'

/**
 * The supervisor's API under /api/v1/supervision (docs/back-office.md, "Supervision"): the
 * 好差评 follow-up tasks and the statistics. The server validates every request; the console
 * validates every answer it reads.
 */

export const FollowUpStatus = z.enum(['verifying', 'rectifying', 'revisiting', 'closed'])
export type FollowUpStatus = z.infer<typeof FollowUpStatus>
export const FollowUpOutcome = z.enum(['resolved', 'explained', 'unresolved', 'unreachable'])
export type FollowUpOutcome = z.infer<typeof FollowUpOutcome>

const Note = z.string().trim().min(1).max(1000)

/** The body of `POST …/follow-ups/{ratingId}/actions/{type}`, by type. */
export const FollowUpActionBodies = {
  verify: z.object({ upheld: z.boolean(), note: Note }).strict(),
  rectify: z.object({ note: Note }).strict(),
  close: z.object({ outcome: FollowUpOutcome, note: Note }).strict(),
} as const
export type FollowUpActionType = keyof typeof FollowUpActionBodies
export const FollowUpActionType = z.enum(['verify', 'rectify', 'close'])

export const FollowUpParams = z.object({ ratingId: z.uuid() })
export const FollowUpActionParams = z.object({ ratingId: z.uuid(), action: FollowUpActionType })

export const FollowUpListQuery = z.object({
  state: z.enum(['open', 'closed']).default('open'),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
})

export const FollowUpClock = z.object({
  state: z.enum(['running', 'overdue', 'met', 'missed']),
  startsOn: z.iso.date(),
  dueOn: z.iso.date(),
  workingDaysLeft: z.number().int(),
})
export type FollowUpClock = z.infer<typeof FollowUpClock>

export const FollowUpSummary = z.object({
  ratingId: z.uuid(),
  caseNumber: CaseNumber.nullable(),
  itemCode: z.string().nullable(),
  hall: z.string(),
  level: RatingLevel,
  reasons: z.array(RatingReason),
  openedAt: z.iso.datetime({ offset: true }),
  status: FollowUpStatus,
  upheld: z.boolean().nullable(),
  outcome: FollowUpOutcome.nullable(),
  closedAt: z.iso.datetime({ offset: true }).nullable(),
  clock: FollowUpClock,
})
export type FollowUpSummary = z.infer<typeof FollowUpSummary>

export const FollowUpList = z.object({
  rows: z.array(FollowUpSummary),
  next: z.string().nullable(),
})

export const FollowUpAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('verify'), upheld: z.boolean(), note: z.string() }),
  z.object({ type: z.literal('rectify'), note: z.string() }),
  z.object({ type: z.literal('close'), outcome: FollowUpOutcome, note: z.string() }),
])

export const FollowUpDetail = FollowUpSummary.extend({
  /** The resident's comment (the read is audited). */
  comment: z.string().nullable(),
  history: z.array(
    z.object({
      at: z.iso.datetime({ offset: true }),
      by: z.object({ id: z.string(), name: z.string() }),
      action: FollowUpAction,
      from: FollowUpStatus,
      to: FollowUpStatus,
    }),
  ),
})
export type FollowUpDetail = z.infer<typeof FollowUpDetail>

export const StatsDimension = z.enum(['item', 'hall', 'clerk'])
export type StatsDimension = z.infer<typeof StatsDimension>

/** `GET /api/v1/supervision/stats?by=…&from=…&to=…` (days in China Standard Time, inclusive). */
export const StatsQuery = z.object({
  by: StatsDimension.default('item'),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
})

export const StatsRow = z.object({
  key: z.string(),
  name: z.string().nullable(),
  ratings: z.number().int(),
  satisfied: z.number().int(),
  /** satisfied / ratings; null without ratings. */
  satisfaction: z.number().nullable(),
  decided: z.number().int(),
  promisedMet: z.number().int(),
  statutoryApplicable: z.number().int(),
  statutoryMet: z.number().int(),
  medianWorkingDays: z.number().nullable(),
  overdue: z.number().int(),
})
export type StatsRow = z.infer<typeof StatsRow>

export const StatsResponse = z.object({
  by: StatsDimension,
  from: z.iso.date().nullable(),
  to: z.iso.date().nullable(),
  rows: z.array(StatsRow),
})
export type StatsResponse = z.infer<typeof StatsResponse>
