/**
 * Co-service (键对键) during a video call: the clerk asks to see the resident's application,
 * the kiosk asks the resident, and once consented mirrors the application to the console as
 * small typed messages. Only the two parties of an active call exchange them; the server
 * validates each against these schemas and relays (docs/signaling-protocol.md, "Co-service").
 */
import { z } from 'zod'

const CallId = z.string().regex(/^c_[A-Za-z0-9_-]{8,40}$/)
const strict = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape)

/** 同意, 不同意, or 停止共享 (withdrawn after it was given). */
export const ConsentDecision = z.enum(['granted', 'declined', 'withdrawn'])
export type ConsentDecision = z.infer<typeof ConsentDecision>

/** Bounds of one mirror: a form of the catalog stays far below them. */
export const MIRROR_LIMITS = { fields: 120, valueChars: 400, materials: 30 } as const

/** A form field's path in the form data (`applicant.phone`), as in the catalog's FieldPath. */
const FieldKey = z
  .string()
  .max(120)
  .regex(/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/)

/**
 * What the console shows of the application: the item, where the resident is, the form data
 * (field path → the value as text), the materials decided so far (names only in this slice)
 * and whether the commitment is signed. Each message is the whole mirror, so a lost or
 * reordered one is healed by the next (`seq` orders them).
 */
export const Mirror = strict({
  item: strict({ code: z.string().min(1).max(80), title: z.string().min(1).max(120) }).nullable(),
  /** The kiosk screen (`form`, `materials`…) and the step as the resident reads it. */
  screen: z.string().min(1).max(40),
  step: z.string().max(120),
  fields: z
    .record(FieldKey, z.string().max(MIRROR_LIMITS.valueChars))
    .refine((f) => Object.keys(f).length <= MIRROR_LIMITS.fields, {
      message: `at most ${MIRROR_LIMITS.fields} fields`,
    }),
  materials: z
    .array(
      strict({
        id: z.string().min(1).max(80),
        name: z.string().min(1).max(120),
        status: z.enum(['photographed', 'deferred', 'not-captured']),
        pages: z.number().int().min(0).max(50),
        /** A deferred material's due day (YYYY-MM-DD), when the kiosk has computed it. */
        dueDate: z.iso.date().optional(),
      }),
    )
    .max(MIRROR_LIMITS.materials),
  signed: z.boolean(),
})
export type Mirror = z.infer<typeof Mirror>

// Inbound (client → server)

/** Clerk → server: 查看申请. */
export const CoServiceRequestPayload = strict({ callId: CallId })
export type CoServiceRequestPayload = z.infer<typeof CoServiceRequestPayload>

/** Kiosk → server: the resident's answer, or 停止共享. */
export const CoServiceConsentPayload = strict({ callId: CallId, decision: ConsentDecision })
export type CoServiceConsentPayload = z.infer<typeof CoServiceConsentPayload>

/** Kiosk → server: the mirror, only while consent holds. */
export const CoServiceMirrorPayload = strict({
  callId: CallId,
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  mirror: Mirror,
})
export type CoServiceMirrorPayload = z.infer<typeof CoServiceMirrorPayload>

// Outbound (server → the other party): the same shapes, relayed.

export const CoServiceRequestEvent = z.object({ callId: CallId })
export type CoServiceRequestEvent = z.infer<typeof CoServiceRequestEvent>
export const CoServiceConsentEvent = z.object({ callId: CallId, decision: ConsentDecision })
export type CoServiceConsentEvent = z.infer<typeof CoServiceConsentEvent>
export const CoServiceMirrorEvent = z.object({
  callId: CallId,
  seq: z.number().int(),
  mirror: Mirror,
})
export type CoServiceMirrorEvent = z.infer<typeof CoServiceMirrorEvent>

// --- Photographed pages (kiosk → clerk) ------------------------------------------------------

/**
 * A kept page travels in pieces (the socket caps a message at 256 KB), at most `pageBytes`
 * of image: the kiosk scales a larger photo down first. Sent only while consent holds.
 */
export const PAGE_LIMITS = { pageBytes: 1_572_864, chunkChars: 196_608, chunks: 12 } as const

const MaterialId = z.string().regex(/^[a-z][a-z0-9-]{0,47}$/)
const ItemCode = z.string().regex(/^[A-Z0-9][A-Z0-9-]{2,63}$/)

export const CoServicePagePayload = strict({
  callId: CallId,
  materialId: MaterialId,
  page: z.number().int().min(0).max(19),
  chunk: z
    .number()
    .int()
    .min(0)
    .max(PAGE_LIMITS.chunks - 1),
  chunks: z.number().int().min(1).max(PAGE_LIMITS.chunks),
  mediaType: z.enum(['image/jpeg', 'image/png', 'image/webp']),
  data: z
    .string()
    .min(1)
    .max(PAGE_LIMITS.chunkChars)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/),
})
export type CoServicePagePayload = z.infer<typeof CoServicePagePayload>
export const CoServicePageEvent = CoServicePagePayload
export type CoServicePageEvent = CoServicePagePayload

// --- Clerk actions (clerk → kiosk) and their outcomes (kiosk → clerk) ------------------------

/** Made by the console, unique within the call: ties an outcome to its action. */
export const ActionId = z.string().regex(/^a_[A-Za-z0-9_-]{6,40}$/)

/** At most this many fields in one proposal (one form page holds fewer). */
export const PROPOSAL_LIMITS = { fields: 20 } as const

/**
 * What a clerk may ask of the kiosk. The kiosk shows each large and spoken, and only the
 * resident's tap carries it out; the clerk never writes the form.
 */
export const ClerkAction = z.discriminatedUnion('kind', [
  /** Open an item for the resident: the kiosk goes to its guide. */
  strict({ kind: z.literal('open-item'), code: ItemCode }),
  /** Field values the resident confirms on the form (per field or per page). */
  strict({
    kind: z.literal('propose'),
    fields: z
      .array(strict({ path: FieldKey, value: z.string().min(1).max(MIRROR_LIMITS.valueChars) }))
      .min(1)
      .max(PROPOSAL_LIMITS.fields),
  }),
  /** 请把身份证放在读卡区: the card read prefills the form as usual. */
  strict({ kind: z.literal('read-card') }),
  /** A document photo for a material of the open item: the kiosk opens the camera for it. */
  strict({ kind: z.literal('photo'), materialId: MaterialId }),
  /** The commitment signature. */
  strict({ kind: z.literal('sign') }),
  /** Print at the kiosk: the item's 一次告知单, or the receipt again. */
  strict({ kind: z.literal('print'), document: z.enum(['notice', 'receipt']) }),
])
export type ClerkAction = z.infer<typeof ClerkAction>
export type ClerkActionKind = ClerkAction['kind']
export const ClerkActionKind = z.enum([
  'open-item',
  'propose',
  'read-card',
  'photo',
  'sign',
  'print',
])

/**
 * Why the kiosk refused an action (it changed nothing): the console says it in words
 * (`clerk.coService.refused.<reason>`).
 */
export const ActionRefusal = z.enum([
  /** No item is open on the kiosk (propose, photo, sign, print notice). */
  'no_item',
  /** The catalog has no such item. */
  'unknown_item',
  /** The resident is filling in another item already. */
  'item_in_progress',
  /** The open item's form has no such field. */
  'unknown_field',
  /** The ID card fills this field; nobody types it. */
  'locked_field',
  /** The value does not fit the field (not one of its choices, not a number…). */
  'invalid_value',
  /** Not a material of the open item (or one the department fetches itself). */
  'wrong_material',
  /** The resident is not where this can happen (not signed in, already submitted…). */
  'wrong_screen',
  'no_commitment',
  'already_signed',
  /** No receipt in this session to print again. */
  'no_receipt',
  /** Another request of the clerk is still on the kiosk's screen. */
  'busy',
  /** The printer did not print it. */
  'print_failed',
])
export type ActionRefusal = z.infer<typeof ActionRefusal>

export const ActionOutcome = z.enum(['accepted', 'declined', 'refused'])
export type ActionOutcome = z.infer<typeof ActionOutcome>

/** Clerk → server: one action. */
export const CoServiceActionPayload = strict({
  callId: CallId,
  actionId: ActionId,
  action: ClerkAction,
})
export type CoServiceActionPayload = z.infer<typeof CoServiceActionPayload>
/** Server → kiosk: the action with the clerk the server knows sent it. */
export const CoServiceActionEvent = z.object({
  callId: CallId,
  actionId: ActionId,
  clerkId: z.string().min(1).max(64),
  action: ClerkAction,
})
export type CoServiceActionEvent = z.infer<typeof CoServiceActionEvent>

/** The card as the clerk sees it after a requested read: masked on the kiosk. */
export const MaskedCard = strict({
  name: z.string().min(1).max(50),
  idNumber: z.string().min(4).max(40),
})

/**
 * Kiosk → server → clerk: what became of an action. A proposal has one outcome per field
 * (`path`); a refusal says why (`reason`) and means nothing changed on the kiosk.
 */
export const CoServiceOutcomePayload = strict({
  callId: CallId,
  actionId: ActionId,
  outcome: ActionOutcome,
  path: FieldKey.optional(),
  reason: ActionRefusal.optional(),
  card: MaskedCard.optional(),
})
export type CoServiceOutcomePayload = z.infer<typeof CoServiceOutcomePayload>
export const CoServiceOutcomeEvent = CoServiceOutcomePayload
export type CoServiceOutcomeEvent = CoServiceOutcomePayload

// --- The history that goes with the application --------------------------------------------

/**
 * One clerk action as the kiosk recorded it, submitted with the application so the centre's
 * case carries who proposed what and what the resident did: `clerkId` as the centre stamped
 * it on the action, `value` the proposed text (the form itself holds what was confirmed).
 */
export const CoServiceHistoryEntry = strict({
  at: z.iso.datetime({ offset: true }),
  callId: CallId,
  clerkId: z.string().min(1).max(64),
  actionId: ActionId,
  kind: ClerkActionKind,
  path: FieldKey.optional(),
  value: z.string().max(MIRROR_LIMITS.valueChars).optional(),
  materialId: MaterialId.optional(),
  code: ItemCode.optional(),
  document: z.enum(['notice', 'receipt']).optional(),
  outcome: ActionOutcome,
  reason: ActionRefusal.optional(),
})
export type CoServiceHistoryEntry = z.infer<typeof CoServiceHistoryEntry>
export const CO_SERVICE_HISTORY_MAX = 200
