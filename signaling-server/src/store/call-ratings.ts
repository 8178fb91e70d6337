import type { RatingLevel, RatingReason } from '../../../common/applications/schema'
import { num, rowToCall, type Row } from './sqlite-schema'
import type { CallRecord } from './types'

/**
 * 好差评 of video-help calls (common/signaling/call-rating.ts), kept beside the call records:
 * one rating per call. The rules (the call's terminal, after the call ended, a repeat of the
 * same rating answered again) are call-ratings.ts's in the server; the store only stores, and
 * reads a rating joined with its call's record, whose quality summaries it carries.
 */
export interface CallRatingRecord {
  callId: string
  /** The kiosk's rating id (its outbox's idempotency key). */
  ratingId: string
  terminalId: string
  level: RatingLevel
  reasons: RatingReason[]
  /** HMAC of the canonical rating: a repeat with another payload is a conflict. */
  fingerprint: string
  /** When the resident rated (the kiosk's clock, ISO). */
  createdAt: string
  receivedAt: number
}

/** A rating with the record of the call it rates (the join the supervisors read). */
export interface RatedCall {
  rating: CallRatingRecord
  call: CallRecord
}

export interface CallRatingStore {
  /** Stores the rating unless its call has one already (false then: the first one stays). */
  insertCallRating(r: CallRatingRecord): Promise<boolean>
  /** The ratings of these calls, each joined with its call record; unrated calls are left out. */
  ratedCalls(callIds: readonly string[]): Promise<RatedCall[]>
  /** Ratings received at or after `since`, latest first, at most `limit`, with their calls. */
  recentRatedCalls(since: number, limit: number): Promise<RatedCall[]>
}

/** The columns of `call_ratings` in insert order (the same names on SQLite and PostgreSQL). */
export const callRatingColumns = [
  'call_id',
  'rating_id',
  'terminal_id',
  'level',
  'reasons',
  'fingerprint',
  'created_at',
  'received_at',
] as const

export function callRatingToRow(r: CallRatingRecord): unknown[] {
  return [
    r.callId,
    r.ratingId,
    r.terminalId,
    r.level,
    JSON.stringify(r.reasons),
    r.fingerprint,
    r.createdAt,
    r.receivedAt,
  ]
}

/** The join's select list: the call's columns as they are, the rating's prefixed `r_`. */
export const ratedCallSelect = `SELECT c.*, ${callRatingColumns
  .map((col) => `r.${col} AS r_${col}`)
  .join(', ')} FROM call_ratings r JOIN calls c ON c.id = r.call_id`

export function rowToRatedCall(row: Row): RatedCall {
  return {
    call: rowToCall(row),
    rating: {
      callId: String(row.r_call_id),
      ratingId: String(row.r_rating_id),
      terminalId: String(row.r_terminal_id),
      level: String(row.r_level) as RatingLevel,
      reasons: JSON.parse(String(row.r_reasons)) as RatingReason[],
      fingerprint: String(row.r_fingerprint),
      createdAt: String(row.r_created_at),
      receivedAt: num(row.r_received_at),
    },
  }
}
