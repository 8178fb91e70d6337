import { z } from 'zod'
import { CaseNumber, CaseStatus } from '../applications/schema'
import { ItemCode, LocalizedText, Slug } from '../catalog/schema'
import { Queue } from './api'

/**
 * What the back office's case API answers (docs/back-office.md) as the clerk console reads it,
 * and the socket event that tells consoles a case moved. The console validates every answer
 * with these; unknown fields are ignored, so the server can add some.
 */

const Iso = z.iso.datetime({ offset: true })
const Day = z.iso.date()

export const ClaimView = z.object({ userId: z.string(), name: z.string(), until: Iso })
export type ClaimView = z.infer<typeof ClaimView>

export const InboxRowView = z.object({
  caseNumber: CaseNumber,
  itemCode: ItemCode,
  categoryId: z.string(),
  hall: z.string(),
  status: CaseStatus,
  submittedAt: Iso,
  updatedAt: Iso,
  dueOn: Day.nullable(),
  claim: ClaimView.nullable(),
})
export type InboxRowView = z.infer<typeof InboxRowView>

export const InboxPageView = z.object({
  rows: z.array(InboxRowView).max(100),
  next: z.string().nullable(),
})

export const QueueCountsView = z.record(Queue, z.number().int().min(0))
export type QueueCountsView = z.infer<typeof QueueCountsView>

export const IdSearchView = z.object({
  cases: z.array(z.object({ caseNumber: CaseNumber, status: CaseStatus })).max(200),
})

export const ClockView = z.object({
  state: z.string(),
  startsOn: Day.nullable(),
  dueOn: Day.nullable(),
  workingDaysLeft: z.number().int().nullable(),
  workingDays: z.number().int().nullable(),
  stoppedOn: Day.nullable(),
})
export type ClockView = z.infer<typeof ClockView>

export const ClocksView = z.object({
  notice: ClockView,
  promised: ClockView,
  statutory: ClockView,
  acceptance: z.object({ on: Day, how: z.enum(['explicit', 'deemed']) }).nullable(),
  extensionDays: z.number().int(),
  earliestDueOn: Day.nullable(),
  calendarKnown: z.boolean(),
})
export type ClocksView = z.infer<typeof ClocksView>

/** One line of the form as the clerk reads it: a group heading, or a label and its answer. */
export const FormAnswer = z.object({
  path: z.string(),
  /** 0 for a top-level field; a group's fields one deeper. */
  depth: z.number().int().min(0).max(10),
  label: LocalizedText,
  /** Null for a group heading. */
  value: LocalizedText.nullable(),
  /** Personal: masked in the case view until the clerk reveals. */
  personal: z.boolean(),
})
export type FormAnswer = z.infer<typeof FormAnswer>

/** A photographed page: fetched as an image from `GET …/cases/{n}/pages/{materialId}/{page}`. */
export const PageRef = z.object({ page: z.number().int().min(0), mediaType: z.string() })

export const SubmittedMaterial = z.object({
  materialId: Slug,
  name: LocalizedText,
  kind: z.enum(['photographed', 'deferred', 'not-captured']),
  pages: z.array(PageRef).max(20),
  /** Deferred: the due date; not captured: why (counter, data-sharing). */
  dueDate: Day.nullable(),
  reason: z.string().nullable(),
})
export type SubmittedMaterial = z.infer<typeof SubmittedMaterial>

export const ReasonOption = z.object({ code: Slug, text: LocalizedText })

/** What the clerk needs beyond the case's events: from the submission and the catalog. */
export const SubmissionView = z.object({
  itemName: LocalizedText,
  categoryId: z.string(),
  hall: z.string(),
  terminal: z.object({ id: z.string(), name: z.string().nullable() }),
  answers: z.array(FormAnswer).max(500),
  submitted: z.array(SubmittedMaterial).max(50),
  /**
   * Materials the resident supplied later at a kiosk (补交), in order; each page's image is at
   * `GET …/cases/{n}/supplied/{seq}/{materialId}/{page}`.
   */
  supplied: z
    .array(
      z.object({
        seq: z.number().int().min(0),
        materialId: Slug,
        name: LocalizedText,
        pages: z.array(z.object({ page: z.number().int().min(0), mediaType: z.string() })).max(20),
      }),
    )
    .max(200),
  /** Every material of the item, for the 补正 form. */
  itemMaterials: z.array(z.object({ materialId: Slug, name: LocalizedText })).max(50),
  commitment: z
    .object({ title: LocalizedText, text: LocalizedText, consequences: LocalizedText.nullable() })
    .nullable(),
  /** The signature image is at `GET …/cases/{n}/signature` when true. */
  signature: z.object({ signedAt: Iso }).nullable(),
  /**
   * Co-service (键对键): what clerks asked in the visit's video calls, in order, with the
   * clerk's id and what the resident did; a proposal's value masked like the answers.
   */
  coService: z
    .array(
      z.object({
        at: Iso,
        clerkId: z.string(),
        kind: z.string(),
        path: z.string().optional(),
        value: z.string().optional(),
        materialId: z.string().optional(),
        code: z.string().optional(),
        document: z.string().optional(),
        outcome: z.string(),
        reason: z.string().optional(),
      }),
    )
    .max(200)
    .optional(),
  reasons: z.object({
    notAccepted: z.array(ReasonOption),
    supplement: z.array(ReasonOption),
    rejection: z.array(ReasonOption),
  }),
})
export type SubmissionView = z.infer<typeof SubmissionView>

export const HistoryEntryView = z.object({
  at: Iso,
  by: z.object({ kind: z.string(), id: z.string().optional(), name: z.string().optional() }),
  action: z.looseObject({ type: z.string() }),
  from: CaseStatus.nullable(),
  to: CaseStatus,
})
export type HistoryEntryView = z.infer<typeof HistoryEntryView>

export const TrackedMaterialView = z.object({
  materialId: Slug,
  dueDate: Day,
  kind: z.enum(['deferred', 'supplement']),
  suppliedAt: Iso.nullable(),
})

/** `GET /api/v1/cases/{n}` (and every action's answer). */
export const CaseViewBody = z.object({
  case: z.object({
    caseNumber: CaseNumber,
    itemCode: ItemCode,
    categoryId: z.string(),
    hall: z.string(),
    status: CaseStatus,
    submittedAt: Iso,
    updatedAt: Iso,
    dueOn: Day.nullable(),
  }),
  claim: ClaimView.nullable(),
  applicant: z.object({ name: z.string(), idNumber: z.string() }).nullable(),
  /**
   * 身份经视频核验: the resident had no ID card and this clerk checked the identity in a video
   * call (the centre verified the call's record on receipt); null after a card read.
   */
  identityCheck: z
    .object({
      method: z.literal('video'),
      callId: z.string(),
      clerkId: z.string(),
      clerkName: z.string().nullable(),
      checkedAt: Iso,
    })
    .nullable()
    .optional(),
  materials: z.array(TrackedMaterialView),
  pendingExtension: z.object({ days: z.number(), requestedBy: z.string() }).nullable(),
  clocks: ClocksView,
  history: z.array(HistoryEntryView),
  /** Absent on an action's answer when the submission could not be read. */
  submission: SubmissionView.nullable().optional(),
})
export type CaseViewBody = z.infer<typeof CaseViewBody>

/** `POST /api/v1/cases/{n}/reveal`: the applicant and the form answers unmasked. */
export const RevealBody = z.object({
  applicant: z.object({ name: z.string(), idNumber: z.string() }).nullable(),
  answers: z.array(FormAnswer).max(500).optional(),
})
export type RevealBody = z.infer<typeof RevealBody>

/** `GET /api/v1/cases/{n}/assignees` (supervisor): who may take the case. */
export const AssigneesBody = z.object({
  users: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })).max(1000),
})

/** `POST /api/v1/cases/{n}/claim`. */
export const ClaimAnswer = z.object({ claim: ClaimView })

/**
 * `cases:changed` on the staff socket: a case entered or changed queue, or its claim changed.
 * Sent only to supervisors and clerks of the case's category; no personal data, so a console
 * refetches what it shows.
 */
export const CaseChangedEvent = z.object({
  caseNumber: CaseNumber,
  itemCode: ItemCode,
  status: CaseStatus,
  /** The queue its status puts it in (accepted and in-review cases: null, worked by a clerk). */
  queue: Queue.nullable(),
  change: z.enum(['submitted', 'moved', 'claimed']),
})
export type CaseChangedEvent = z.infer<typeof CaseChangedEvent>

/** The status queue of a case (the clock queues 临期, 已超期 and 我在办 cut across these). */
export function statusQueue(status: CaseStatus): z.infer<typeof Queue> | null {
  switch (status) {
    case 'received':
      return 'to-accept'
    case 'awaiting-materials':
      return 'supplement'
    case 'approved':
    case 'rejected':
      return 'to-issue'
    case 'accepted':
    case 'in-review':
      return null
    default:
      return 'done'
  }
}
