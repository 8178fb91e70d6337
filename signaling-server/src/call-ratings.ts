import type { RatingReceipt } from '../../common/applications/api'
import { callRatingReasons, type Rating } from '../../common/applications/schema'
import type { CallQualityReport, CallRatingView } from '../../common/signaling/call-rating'
import type { QualitySummary } from '../../common/signaling'
import type { CallRatingStore, RatedCall } from './store/call-ratings'
import type { CallRecord, CallStore } from './store/types'

/**
 * The rules of a video-help call's 好差评 (common/signaling/call-rating.ts) over the signaling
 * store: accepted only from the call's own terminal (any other gets the answer an unknown call
 * gets), only once the call has ended and only for a call a clerk answered; once per call (a
 * repeat of the same rating is answered again, another rating of a rated call is refused);
 * the reasons only those offered after a call. Stored beside the call record, whose quality
 * summaries every read joins (`qualityReport`).
 */

export type CallRatingResult =
  | { kind: 'created' | 'repeat'; receipt: RatingReceipt }
  | {
      kind: 'refused'
      status: 404 | 409 | 422
      code:
        'not_found' | 'call_not_ended' | 'call_not_answered' | 'already_rated' | 'invalid_reason'
    }

const allowed: ReadonlySet<string> = new Set(callRatingReasons)

export function createCallRatings(store: Pick<CallStore, 'getCall'> & CallRatingStore) {
  const receipt = (r: Rating, receivedAt: number): RatingReceipt => ({
    ratingId: r.id,
    level: r.level,
    receivedAt: new Date(receivedAt).toISOString(),
    caseNumber: null,
  })

  return {
    async submit(r: Rating, fingerprint: string, now: number): Promise<CallRatingResult> {
      if (r.subject.kind !== 'call') throw new Error('not a call rating')
      const callId = r.subject.callId
      const call = await store.getCall(callId)
      if (!call || call.terminalId !== r.terminalId)
        return { kind: 'refused', status: 404, code: 'not_found' }
      if (call.state !== 'ended') return { kind: 'refused', status: 409, code: 'call_not_ended' }
      if (call.acceptedAt === null)
        return { kind: 'refused', status: 409, code: 'call_not_answered' }
      if (r.reasons.some((x) => !allowed.has(x)))
        return { kind: 'refused', status: 422, code: 'invalid_reason' }
      const inserted = await store.insertCallRating({
        callId,
        ratingId: r.id,
        terminalId: r.terminalId,
        level: r.level,
        reasons: r.reasons,
        fingerprint,
        createdAt: r.createdAt,
        receivedAt: now,
      })
      if (inserted) return { kind: 'created', receipt: receipt(r, now) }
      // The call has a rating: the same one again (the outbox retried) or another.
      const [found] = await store.ratedCalls([callId])
      if (found && found.rating.ratingId === r.id && found.rating.fingerprint === fingerprint)
        return { kind: 'repeat', receipt: receipt(r, found.rating.receivedAt) }
      return { kind: 'refused', status: 409, code: 'already_rated' }
    },
    ratedCalls: (callIds: readonly string[]): Promise<RatedCall[]> => store.ratedCalls(callIds),
    recentRatedCalls: (since: number, limit: number): Promise<RatedCall[]> =>
      store.recentRatedCalls(since, limit),
  }
}
export type CallRatings = ReturnType<typeof createCallRatings>

export function ratingView(r: RatedCall['rating']): CallRatingView {
  return { level: r.level, reasons: r.reasons, ratedAt: new Date(r.receivedAt).toISOString() }
}

const seconds = (from: number | null, to: number | null) =>
  from !== null && to !== null ? Math.max(0, Math.round((to - from) / 1000)) : null

/**
 * The call's quality as the centre tells it beside a rating: times from the record, medians
 * from the kiosk's summary (the clerk's, turned round, when the kiosk's never came), switches and rebuilds
 * from whichever side counted more.
 */
export function qualityReport(call: CallRecord): CallQualityReport {
  const k: QualitySummary = call.qualityTerminal ?? {}
  const c: QualitySummary = call.qualityClerk ?? {}
  // The first number among these fields of these summaries (median, then an older kiosk's average).
  const first = (...found: (number | undefined)[]): number | null =>
    found.find((v) => typeof v === 'number') ?? null
  const most = (key: 'voiceOnlySwitches' | 'iceRestarts'): number | null =>
    k[key] === undefined && c[key] === undefined ? null : Math.max(k[key] ?? 0, c[key] ?? 0)
  const order = ['good', 'fair', 'poor', 'lost'] as const
  const levels = [k.worstLevel, c.worstLevel].filter((l) => l !== undefined)
  return {
    waitSeconds: seconds(call.queuedAt, call.acceptedAt),
    talkSeconds: seconds(call.connectedAt, call.endedAt),
    rttMsMedian: first(k.rttMsMedian, k.rttMsAvg, c.rttMsMedian, c.rttMsAvg),
    lossPctMedian: first(
      k.packetLossPctMedian,
      k.packetLossPct,
      c.packetLossPctMedian,
      c.packetLossPct,
    ),
    // The clerk's inbound is the kiosk's outbound.
    outboundKbpsMedian: first(
      k.outboundKbpsMedian,
      k.outboundKbpsAvg,
      c.inboundKbpsMedian,
      c.inboundKbpsAvg,
    ),
    inboundKbpsMedian: first(
      k.inboundKbpsMedian,
      k.inboundKbpsAvg,
      c.outboundKbpsMedian,
      c.outboundKbpsAvg,
    ),
    voiceOnlySwitches: most('voiceOnlySwitches'),
    peerRebuilds: most('iceRestarts'),
    worstLevel: levels.length
      ? levels.reduce((a, b) => (order.indexOf(b) > order.indexOf(a) ? b : a))
      : null,
    relayed: k.relayed ?? c.relayed ?? null,
  }
}
