/**
 * 好差评 of a video-help call: the kiosk asks for it when the call ends and sends it as a
 * `Rating` with `subject: {kind: 'call', callId}` through its durable outbox
 * (POST /api/v1/ratings). The centre accepts it once per call, only from the call's terminal,
 * only after the call ended, and keeps it beside the call's record, whose quality summaries it
 * joins on reading: so supervisors can tell a bad call (the link) from a bad clerk.
 */
import { z } from 'zod'
import { RatingLevel, RatingReason } from '../applications/schema'

const Seconds = z.number().int().min(0)

/**
 * What the centre tells of a call's quality beside its rating: the wait (asked → accepted), the
 * talk (connected → ended), medians of what the kiosk measured (the clerk's where the kiosk sent
 * none), how often video was switched off, how often the peer was rebuilt. Null where unknown
 * (a summary that never arrived, a call never connected).
 */
export const CallQualityReport = z.object({
  waitSeconds: Seconds.nullable(),
  talkSeconds: Seconds.nullable(),
  rttMsMedian: z.number().min(0).nullable(),
  lossPctMedian: z.number().min(0).max(100).nullable(),
  /** The kiosk's send and receive rates (kbps). */
  outboundKbpsMedian: z.number().min(0).nullable(),
  inboundKbpsMedian: z.number().min(0).nullable(),
  /** Times the call went voice-only (either side's count, the larger). */
  voiceOnlySwitches: z.number().int().min(0).nullable(),
  /** Peers rebuilt after a media failure (either side's count, the larger). */
  peerRebuilds: z.number().int().min(0).nullable(),
  worstLevel: z.enum(['good', 'fair', 'poor', 'lost']).nullable(),
  relayed: z.boolean().nullable(),
})
export type CallQualityReport = z.infer<typeof CallQualityReport>

/** A call's rating as supervisors and the case view read it. */
export const CallRatingView = z.object({
  level: RatingLevel,
  reasons: z.array(RatingReason),
  ratedAt: z.iso.datetime(),
})
export type CallRatingView = z.infer<typeof CallRatingView>
