import { z } from 'zod'
import { ResidentIdNumber } from '../applications/api'
import { CaseNumber } from '../applications/schema'
import { ItemCode, Slug } from '../catalog/schema'

/**
 * Request bodies and query strings of the back office's case API (docs/back-office.md), under
 * /api/v1/cases. The server validates every one; the console validates the answers it reads.
 */

/** Why: reason codes from the item's catalog reasons, and free text the clerk adds. */
export const Reason = z.object({
  codes: z.array(Slug).max(10).default([]),
  text: z.string().trim().max(500).optional(),
})

const RequestedMaterial = z.object({ materialId: Slug, dueDate: z.iso.date() })

/** The body of `POST /api/v1/cases/{n}/actions/{type}`, by type. */
export const CaseActionBodies = {
  accept: z.object({}).strict(),
  'not-accept': z.object({ reason: Reason }),
  'request-supplement': z.object({
    reason: Reason,
    materials: z.array(RequestedMaterial).min(1).max(20),
  }),
  supply: z.object({ materialId: Slug }),
  'start-review': z.object({}).strict(),
  'request-extension': z.object({ days: z.number().int().min(1).max(15), reason: Reason }),
  'approve-extension': z.object({}).strict(),
  'refuse-extension': z.object({ reason: Reason }),
  approve: z.object({}).strict(),
  reject: z.object({ reason: Reason }),
  issue: z.object({ channel: z.enum(['kiosk-print', 'collected', 'mailed']) }),
  close: z.object({}).strict(),
  withdraw: z.object({ reason: Reason.optional() }),
} as const
export type CaseActionType = keyof typeof CaseActionBodies
export const CaseActionType = z.enum(Object.keys(CaseActionBodies) as [CaseActionType])

export const Queue = z.enum([
  'to-accept',
  'supplement',
  'mine',
  'due-soon',
  'overdue',
  'to-issue',
  'done',
])

/** `GET /api/v1/cases?queue=…`: one page of a queue. */
export const InboxQuery = z.object({
  queue: Queue.default('to-accept'),
  item: ItemCode.optional(),
  hall: z.string().min(1).max(64).optional(),
  /** Submitted on or after / on or before these days (China Standard Time). */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  /** The `next` of the previous page. */
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
})
export type InboxQuery = z.infer<typeof InboxQuery>

/** `GET /api/v1/cases/counts`: the same filters, no paging. */
export const CountsQuery = InboxQuery.pick({ item: true, hall: true, from: true, to: true })

/** `POST /api/v1/cases/search-id`: in the body, never in a URL. */
export const IdSearchRequest = z.object({ idNumber: ResidentIdNumber })

/** `POST /api/v1/cases/{n}/reassign` (supervisor). */
export const ReassignRequest = z.object({ userId: z.string().min(1).max(100) })

export const AuditQuery = z.object({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})

export const CaseParams = z.object({ caseNumber: CaseNumber })
export const ActionParams = z.object({ caseNumber: CaseNumber, action: CaseActionType })
