import { z } from 'zod'
import { CallMode, CallState, EndReason, Outcome } from '../signaling/protocol'
import { CallQualityReport, CallRatingView } from '../signaling/call-rating'

/**
 * `GET /api/v1/cases/{n}/calls`: the video-help calls linked to a case, those the resident asked
 * for during the kiosk visit the application was submitted in (docs/back-office.md, "Linked
 * video-help calls"). What happened and who answered, nothing the case view does not already
 * show: no resident name, no clerk's notes.
 */
export const LinkedCall = z.object({
  callId: z.string(),
  /** When the resident asked (joined the queue). */
  askedAt: z.iso.datetime(),
  /** When the two were first connected; null for a call nobody answered. */
  connectedAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
  /** Connected to ended, whole seconds; null when never connected or not ended yet. */
  durationSeconds: z.number().int().nonnegative().nullable(),
  /** The clerk who answered, by display name; null when nobody did. */
  clerk: z.object({ name: z.string() }).nullable(),
  state: CallState,
  mode: CallMode,
  /** The kiosk screen the resident asked from (its heading). */
  step: z.string(),
  outcome: Outcome.nullable(),
  endReason: EndReason.nullable(),
  /**
   * The resident's 好差评 of the call and what the centre knows of its quality, side by side:
   * a low rating of a call that was poor or cut off is the link's, of a good one the clerk's.
   * Absent from centres before call ratings; `quality` null for a call never connected.
   */
  rating: CallRatingView.nullable().optional(),
  quality: CallQualityReport.nullable().optional(),
})
export type LinkedCall = z.infer<typeof LinkedCall>

/** Oldest first. */
export const CaseCallsResponse = z.object({ calls: z.array(LinkedCall) })
export type CaseCallsResponse = z.infer<typeof CaseCallsResponse>
