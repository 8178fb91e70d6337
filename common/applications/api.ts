import { z } from 'zod'
import { ItemCode, LocalizedText, Slug } from '../catalog/schema'
import { DocumentNumber } from '../devices/id-number'
import { CaseNumber, CaseProgress, CaseStatus, RatingLevel } from './schema'

/**
 * Request and response bodies of the centre's applications API (docs/applications-api.md) that
 * are not already application/rating contracts: progress lookup, the clerk's status change,
 * the rating receipt and the error body.
 */

export const API_V1 = '/api/v1'

/**
 * The number of any ID document the kiosk reads (18 characters, or the 2017 foreigner card's
 * 15; check digit not re-verified here).
 */
export const ResidentIdNumber = DocumentNumber

/** Sent in a POST body, never in a URL: URLs end up in proxy and access logs. */
export const CaseLookupRequest = z.object({ idNumber: ResidentIdNumber })
export type CaseLookupRequest = z.infer<typeof CaseLookupRequest>

/**
 * What the server accepts: the request above, or the interim kiosk client's
 * `{ applicant: { idNumber, name } }` (the name is dropped unread). Both give `{ idNumber }`.
 */
export const CaseLookupRequestAccepted = z.union([
  CaseLookupRequest,
  z
    .object({ applicant: z.object({ idNumber: ResidentIdNumber }) })
    .transform((b) => ({ idNumber: b.applicant.idNumber })),
])

/** Newest first. */
export const CaseLookupResponse = z.object({ cases: z.array(CaseProgress) })
export type CaseLookupResponse = z.infer<typeof CaseLookupResponse>

/**
 * A clerk moves a case along: accept, ask for a material, approve with a result, reject with a
 * reason (required), close. `receivedMaterials` ticks off deferred materials the resident brought.
 */
export const CaseStatusChange = z
  .object({
    status: CaseStatus,
    note: LocalizedText.optional(),
    result: LocalizedText.optional(),
    requestMaterials: z
      .array(z.object({ materialId: Slug, name: LocalizedText.optional(), dueDate: z.iso.date() }))
      .max(20)
      .default([]),
    receivedMaterials: z.array(Slug).max(20).default([]),
  })
  .refine((c) => c.status !== 'rejected' || c.note !== undefined, {
    message: '驳回需要写明原因 (a rejection needs a reason)',
    path: ['note'],
  })
  .refine((c) => c.status !== 'awaiting-materials' || c.requestMaterials.length > 0 || c.note, {
    message: '请说明需要补交什么 (say what is missing)',
    path: ['requestMaterials'],
  })
export type CaseStatusChange = z.input<typeof CaseStatusChange>

export const CaseStatusChangeResponse = z.object({ case: CaseProgress })

/** What the server answers to a stored rating (also for a repeat of the same rating id). */
export const RatingReceipt = z.object({
  ratingId: z.uuid(),
  level: RatingLevel,
  receivedAt: z.iso.datetime({ offset: true }),
  /** The case the rating was linked to, when the rated application is known to the server. */
  caseNumber: CaseNumber.nullable(),
})
export type RatingReceipt = z.infer<typeof RatingReceipt>

export const ApiErrorCode = z.enum([
  'unauthorized',
  'forbidden',
  'not_found',
  'invalid_json',
  'invalid_content_type',
  'invalid_body',
  'body_too_large',
  'idempotency_key_required',
  'idempotency_key_mismatch',
  'idempotency_conflict',
  'terminal_mismatch',
  'unknown_code',
  /** formData does not satisfy the item's form JSON Schema (of the catalog version served). */
  'invalid_form_data',
  /**
   * The applicant's card decides against the item's eligibility (age, card validity, hukou
   * region); `issues` names each failed condition (`applicant.age`, `applicant.validUntil`,
   * `applicant.hukou`, `applicant.cardType`), never the values.
   */
  'not_eligible',
  'invalid_transition',
  /** Back office: a rule of the action is broken; `issues[0].message` names it (docs/back-office.md). */
  'rule_broken',
  /** Back office: a reason code is not among the item's catalog reasons. */
  'unknown_reason',
  /** Back office: another user holds the case's claim. */
  'claimed',
  /** A call's rating: the call has not ended yet / nobody answered it / it has a rating already. */
  'call_not_ended',
  'call_not_answered',
  'already_rated',
  /** A call's rating names a reason not offered after a call (callRatingReasons). */
  'invalid_reason',
  /**
   * An application marked as identity-checked by video whose call holds no confirmation of that
   * clerk's check from this terminal (common/signaling/identity-check.ts).
   */
  'identity_not_checked',
  'rate_limited',
  'internal',
])
export type ApiErrorCode = z.infer<typeof ApiErrorCode>

/** Error body: a stable code, and for `invalid_body` where (never the offending values). */
export const ApiError = z.object({
  error: ApiErrorCode,
  issues: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .max(20)
    .optional(),
})
export type ApiError = z.infer<typeof ApiError>

/** A case as anyone holding the receipt sees it: no note, no result text, no name. */
export const PublicCase = CaseProgress.omit({ note: true, result: true })
export type PublicCase = z.infer<typeof PublicCase>

/**
 * What the receipt's QR key answers (`GET /api/v1/receipts/{token}`, and as a page at
 * `/p/{token}`): not received yet (still in the kiosk's outbox, or never sent), or the
 * application's case number and every case it opened (one, or one per part of a bundle).
 */
export const ReceiptProgress = z.discriminatedUnion('received', [
  z.object({ received: z.literal(false) }),
  z.object({
    received: z.literal(true),
    kind: z.enum(['item', 'bundle']),
    code: ItemCode,
    name: LocalizedText,
    caseNumber: CaseNumber,
    receivedAt: z.iso.datetime({ offset: true }),
    cases: z.array(PublicCase),
  }),
])
export type ReceiptProgress = z.infer<typeof ReceiptProgress>

/** What a kiosk learns from the centre (`GET /api/v1/centre`): where receipts' QR codes point. */
export const CentreInfo = z.object({
  /** The centre's public address (residents' phones reach it), without trailing slash. */
  publicUrl: z.url(),
  /** The receipt page of a token is `${publicUrl}${receiptPath}${token}`. */
  receiptPath: z.literal('/p/'),
})
export type CentreInfo = z.infer<typeof CentreInfo>
