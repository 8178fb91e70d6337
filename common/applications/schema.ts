import { z } from 'zod'
import { VideoIdentityCheck } from '../signaling/identity-check'
import { ItemCode, LocalizedText, Slug } from '../catalog/schema'
import { ValidUntil } from '../devices/id-card'
import { DocumentNumber } from '../devices/id-number'
import { CO_SERVICE_HISTORY_MAX, CoServiceHistoryEntry } from '../signaling/coservice'

/**
 * What the kiosk submits and what the server answers. The application id is generated on the
 * kiosk when the resident taps "submit" and is the idempotency key: the server stores one
 * application per (terminal, id) and answers a repeat with the stored confirmation.
 */

/**
 * An enum whose values are the keys of their texts, in that order: each value is written once,
 * beside what the resident reads for it.
 */
function labelledEnum<const K extends string>(texts: Record<K, LocalizedText>) {
  return z.enum(Object.keys(texts) as [K, ...K[]])
}

export const ApplicationId = z.uuid()
export type ApplicationId = z.infer<typeof ApplicationId>

export const TerminalId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$/)

/**
 * The key of the receipt's QR code, made on the kiosk at submit (128 random bits, base64url), so
 * a receipt printed offline already carries a link the centre will answer: "not received yet"
 * until the upload, the case after it. Unguessable, unlike case numbers; not personal.
 */
export const ReceiptToken = z.string().regex(/^[A-Za-z0-9_-]{22}$/)

/** Base64 of the image bytes, without a data: prefix. */
const Base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/)

export const ImageData = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('inline'),
    mediaType: z.enum(['image/jpeg', 'image/png', 'image/webp']),
    base64: Base64,
    width: z.number().int().positive().optional(),
    height: z.number().int().positive().optional(),
  }),
  /** Already uploaded separately (large scans); the server resolves the reference. */
  z.object({
    kind: z.literal('ref'),
    ref: z.string().min(1).max(200),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
])
export type ImageData = z.infer<typeof ImageData>

export const MaterialSubmission = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('photographed'),
    materialId: Slug,
    /** One image per page, in order. */
    pages: z.array(ImageData).min(1).max(20),
  }),
  /** 容缺受理: to be supplied later, by the due date printed on the receipt. */
  z.object({
    kind: z.literal('deferred'),
    materialId: Slug,
    deadlineDays: z.number().int().min(1).max(365),
    /** YYYY-MM-DD, computed on the kiosk from the submission date. */
    dueDate: z.iso.date(),
  }),
  /** To be shown at the hall (`photo-or-counter`), or fetched by the department (`data-sharing`). */
  z.object({
    kind: z.literal('not-captured'),
    materialId: Slug,
    reason: z.enum(['counter', 'data-sharing']),
  }),
])
export type MaterialSubmission = z.infer<typeof MaterialSubmission>

/** A handwritten signature: the PNG the pad rendered, or the raw strokes, or both. */
export const Signature = z
  .object({
    pngDataUrl: z
      .string()
      .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/)
      .optional(),
    strokes: z
      .object({
        width: z.number().positive(),
        height: z.number().positive(),
        /** Each stroke: points [x, y, t ms since the first point]. */
        strokes: z.array(z.array(z.tuple([z.number(), z.number(), z.number()])).min(1)).min(1),
      })
      .optional(),
    signedAt: z.iso.datetime({ offset: true }),
  })
  .refine((s) => s.pngDataUrl !== undefined || s.strokes !== undefined, {
    message: 'a signature needs the image or the strokes',
  })
export type Signature = z.infer<typeof Signature>

export const Application = z
  .object({
    /** Idempotency key, a v4 UUID made on the kiosk. */
    id: ApplicationId,
    terminalId: TerminalId,
    kind: z.enum(['item', 'bundle']),
    /** The item or bundle code from the catalog. */
    code: ItemCode,
    /** The catalog version the form and commitment text came from. */
    catalogVersion: z.string().min(1),
    locale: z.enum(['zh-CN', 'en']),
    /**
     * Who applies, as read from the ID card; the number is the key for progress lookup. Any
     * document the reader decodes (resident ID, HK/Macao/Taiwan residence permit, foreigner's
     * permanent residence card of 2017 or 2023); the number tells which.
     */
    applicant: z.object({
      name: z.string().min(1).max(50),
      idNumber: DocumentNumber,
      /**
       * The card's validity end as read (ISO date or 长期), for the centre's card check of the
       * item's eligibility. Kiosks before this field did not send it; their applications are
       * checked for age only.
       */
      validUntil: ValidUntil.optional(),
      /**
       * Set when the resident had no ID card and a clerk checked the identity in a video call
       * (身份经视频核验, common/signaling/identity-check.ts); the centre verifies it against the
       * call's record. Absent after a card read.
       */
      identityCheck: VideoIdentityCheck.optional(),
    }),
    /** Data valid against the item's form JSON Schema (the server checks it again). */
    formData: z.record(z.string(), z.unknown()),
    materials: z.array(MaterialSubmission),
    /** Whether the resident accepted the item's commitment (承诺制); false when none applies. */
    commitmentAccepted: z.boolean(),
    signature: Signature.optional(),
    /** 承诺+影像: an optional photo of the resident signing. */
    evidencePhoto: ImageData.optional(),
    /** When the resident tapped submit (kiosk clock). */
    createdAt: z.iso.datetime({ offset: true }),
    /** The receipt's QR key (see ReceiptToken); optional for older kiosks. */
    receiptToken: ReceiptToken.optional(),
    /**
     * The resident's visit at the kiosk (from the card to the reset). Video-help calls asked for
     * in the same visit carry it too, and the case view lists them (docs/back-office.md).
     */
    visitId: z.uuid().optional(),
    /**
     * Co-service (键对键): each clerk action of this visit's video calls, who sent it (the
     * clerk's id as the centre stamped it) and what the resident did with it, in order.
     */
    coService: z.array(CoServiceHistoryEntry).max(CO_SERVICE_HISTORY_MAX).optional(),
  })
  .refine((a) => !a.commitmentAccepted || a.signature !== undefined, {
    message: 'an accepted commitment is signed',
    path: ['signature'],
  })
  .refine((a) => new Set(a.materials.map((m) => m.materialId)).size === a.materials.length, {
    message: 'each material once',
    path: ['materials'],
  })
export type Application = z.infer<typeof Application>

/** Case statuses for progress lookup and what the resident reads, in the order a case moves. */
export const caseStatusText = {
  /** Stored by the server, not yet looked at. */
  received: { 'zh-CN': '已提交', en: 'Submitted' },
  /** Accepted by the department (受理). */
  accepted: { 'zh-CN': '已受理', en: 'Accepted' },
  /** 不予受理: the centre cannot take the application on; the note says why. */
  'not-accepted': { 'zh-CN': '不能受理', en: 'Could not be accepted' },
  /** Waiting for deferred or corrected materials (待补正). */
  'awaiting-materials': { 'zh-CN': '待补交材料', en: 'Waiting for documents' },
  'in-review': { 'zh-CN': '审核中', en: 'Being reviewed' },
  /** Decided; the result can be printed or collected. */
  approved: { 'zh-CN': '已办结（通过）', en: 'Approved' },
  rejected: { 'zh-CN': '未通过', en: 'Not approved' },
  /** 出件: the result was printed at a kiosk, collected or mailed. */
  issued: { 'zh-CN': '已出件', en: 'Result handed out' },
  /** The result has been handed out; nothing left to do. */
  closed: { 'zh-CN': '已完成', en: 'Completed' },
  /** The resident withdrew, or a deferred material was not supplied in time. */
  withdrawn: { 'zh-CN': '已撤回', en: 'Withdrawn' },
} satisfies Record<string, LocalizedText>
export const CaseStatus = labelledEnum(caseStatusText)
export type CaseStatus = z.infer<typeof CaseStatus>

/** Human-readable case number printed on the receipt and encoded in its QR code. */
export const CaseNumber = z.string().regex(/^[A-Z0-9][A-Z0-9-]{5,39}$/)

/** The server's answer to a submission (the same for every repeat of the same key). */
export const ApplicationConfirmation = z.object({
  applicationId: ApplicationId,
  caseNumber: CaseNumber,
  status: CaseStatus,
  receivedAt: z.iso.datetime({ offset: true }),
  /** For a bundle, the case opened for each item it fanned out to. */
  cases: z.array(z.object({ itemCode: ItemCode, caseNumber: CaseNumber })).default([]),
  /** What the QR code on the receipt encodes: a URL or token for progress lookup. */
  progressUrl: z.string().min(1).max(500),
})
export type ApplicationConfirmation = z.infer<typeof ApplicationConfirmation>

/** One case as the resident sees it in progress lookup. */
export const CaseProgress = z.object({
  caseNumber: CaseNumber,
  code: ItemCode,
  name: LocalizedText,
  status: CaseStatus,
  submittedAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  /** Materials still missing, with their due dates. */
  missing: z.array(z.object({ materialId: Slug, name: LocalizedText, dueDate: z.iso.date() })),
  /** A note from the clerk, e.g. why it was rejected. */
  note: LocalizedText.optional(),
  /** A result document can be printed at the kiosk. */
  resultPrintable: z.boolean(),
  /** The result text (decision, pick-up instructions) once one is ready. */
  result: LocalizedText.optional(),
  /**
   * What happened, oldest first, for the kiosk to tell in plain words (back office cases; absent
   * for a case the centre keeps no event log of).
   */
  timeline: z
    .array(z.object({ at: z.iso.datetime({ offset: true }), step: z.string().max(40) }))
    .max(100)
    .optional(),
  /** The promised clock's last day (承诺时限), while it runs or when it stopped. */
  promisedBy: z.iso.date().nullable().optional(),
  /** A signed result notice can be printed at the kiosk (打印结果). */
  noticeReady: z.boolean().optional(),
})
export type CaseProgress = z.infer<typeof CaseProgress>

// --- Rating (好差评) -------------------------------------------------------------------------

/** The national five levels, best first. */
export const ratingLevelText = {
  'very-satisfied': { 'zh-CN': '非常满意', en: 'Very satisfied' },
  satisfied: { 'zh-CN': '满意', en: 'Satisfied' },
  'basically-satisfied': { 'zh-CN': '基本满意', en: 'Basically satisfied' },
  dissatisfied: { 'zh-CN': '不满意', en: 'Dissatisfied' },
  'very-dissatisfied': { 'zh-CN': '非常不满意', en: 'Very dissatisfied' },
} satisfies Record<string, LocalizedText>
export const RatingLevel = labelledEnum(ratingLevelText)
export type RatingLevel = z.infer<typeof RatingLevel>

/** Reasons a resident can tap for a low rating (no typing needed). */
export const ratingReasonText = {
  'guide-unclear': { 'zh-CN': '办事指南看不明白', en: 'The guide was unclear' },
  'too-many-materials': { 'zh-CN': '要的材料太多', en: 'Too many documents required' },
  'too-slow': { 'zh-CN': '等待或办理时间太长', en: 'Too much waiting' },
  'hard-to-use': { 'zh-CN': '机器不好操作', en: 'The machine was hard to use' },
  'device-fault': { 'zh-CN': '设备出了故障', en: 'A device did not work' },
  'staff-attitude': { 'zh-CN': '工作人员态度不好', en: 'Staff were unhelpful' },
  'not-resolved': { 'zh-CN': '事情没有办成', en: 'My matter was not resolved' },
  /** A video-help call: the sound or the picture. */
  'bad-connection': { 'zh-CN': '听不清或看不清', en: 'Could not hear or see well' },
  /** A video-help call: the line dropped during the call. */
  'call-dropped': { 'zh-CN': '通话中断了', en: 'The call was cut off' },
  other: { 'zh-CN': '其他', en: 'Other' },
} satisfies Record<string, LocalizedText>
export const RatingReason = labelledEnum(ratingReasonText)
export type RatingReason = z.infer<typeof RatingReason>

/** The reasons offered after an application (the kiosk's rating screen). */
export const applicationRatingReasons: readonly RatingReason[] = [
  'guide-unclear',
  'too-many-materials',
  'too-slow',
  'hard-to-use',
  'device-fault',
  'staff-attitude',
  'not-resolved',
  'other',
]
/**
 * The reasons offered after a video-help call: the link (a bad call) apart from the clerk (a bad
 * clerk), so the centre can tell the two; the centre accepts only these for a call.
 */
export const callRatingReasons: readonly RatingReason[] = [
  'bad-connection',
  'call-dropped',
  'too-slow',
  'staff-attitude',
  'not-resolved',
  'other',
]

const lowLevels: ReadonlySet<RatingLevel> = new Set(['dissatisfied', 'very-dissatisfied'])

export const Rating = z
  .object({
    /** Client-generated, also the idempotency key for storing the rating. */
    id: z.uuid(),
    terminalId: TerminalId,
    subject: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('application'), applicationId: ApplicationId }),
      z.object({ kind: z.literal('call'), callId: z.string().min(1).max(100) }),
    ]),
    level: RatingLevel,
    reasons: z.array(RatingReason).max(8).default([]),
    comment: z.string().max(300).optional(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .refine((r) => !lowLevels.has(r.level) || r.reasons.length > 0, {
    message: '不满意和非常不满意需要选择原因 (a reason is required for the two lowest levels)',
    path: ['reasons'],
  })
export type Rating = z.infer<typeof Rating>

// --- Outbox status for the UI ------------------------------------------------------------------

/**
 * Where a submitted application is on its way to the server, as the kiosk UI shows it:
 * `waiting` is "已提交，等待上传" (stored safely on the kiosk, not yet confirmed).
 */
export const uploadStateText = {
  waiting: { 'zh-CN': '已提交，等待上传', en: 'Submitted, waiting to upload' },
  uploading: { 'zh-CN': '正在上传', en: 'Uploading' },
  confirmed: { 'zh-CN': '已上传，已收到受理编号', en: 'Uploaded; case number received' },
  failed: {
    'zh-CN': '上传未被接受，请联系工作人员',
    en: 'The upload was not accepted; please ask staff for help',
  },
} satisfies Record<string, LocalizedText>
export const UploadState = labelledEnum(uploadStateText)
export type UploadState = z.infer<typeof UploadState>

export const UploadStatus = z.object({
  applicationId: ApplicationId,
  code: ItemCode,
  state: UploadState,
  attempts: z.number().int().nonnegative(),
  /** When the next try is due (ms since epoch), while waiting. */
  nextAttemptAt: z.number().int().nullable(),
  caseNumber: CaseNumber.nullable(),
  progressUrl: z.string().nullable(),
  /** Deferred materials and due dates, kept for the receipt (not personal). */
  deferred: z.array(z.object({ materialId: Slug, dueDate: z.iso.date() })),
  /** For a bundle, once confirmed: the case the centre opened for each part, for the receipt. */
  cases: z.array(z.object({ itemCode: ItemCode, caseNumber: CaseNumber })).default([]),
  createdAt: z.iso.datetime({ offset: true }),
  confirmedAt: z.iso.datetime({ offset: true }).nullable(),
})
export type UploadStatus = z.infer<typeof UploadStatus>
