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
