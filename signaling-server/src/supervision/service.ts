import type { RatingReceipt } from '../../../common/applications/api'
import { openJson, sealJson } from '../../../node-common/seal'
import type { DataKeys } from '../applications/crypto'
import type { RecordsStore } from '../applications/records'
import type { RatingService } from '../applications/ratings'
import type { WorkCalendar } from '../cases/calendar'
import { chinaDay } from '../cases/days'
import type { Actor } from '../cases/machine'
import {
  decideFollowUp,
  followUpClock,
  followUpDueOn,
  type FollowUpAction,
  type FollowUpClock,
  type FollowUpRefusal,
  type FollowUpStatus,
} from './followup-machine'
import type { FollowUpRow, StatsDimension, StatsRow } from './store'

/*
 * The supervisor's side of the back office over the store: a bad rating opens its follow-up
 * (idempotent, so the kiosk's retry of a rating whose answer was lost opens it too), an action
 * on a follow-up is decided by followup-machine.ts, sealed (notes are free text) and appended if
 * no other came first; the statistics are the store's SQL. The time comes with every call.
 */

const BAD_LEVELS: ReadonlySet<string> = new Set(['dissatisfied', 'very-dissatisfied'])

export interface SupervisionDeps {
  store: RecordsStore
  keys: DataKeys
  calendar: WorkCalendar
}

export interface FollowUpEventView {
  at: number
  by: { id: string; name: string }
  action: FollowUpAction
  from: FollowUpStatus
  to: FollowUpStatus
}

export interface FollowUpView {
  row: Omit<FollowUpRow, 'commentSealed'>
  /** The resident's comment, opened for the supervisor (null when there was none). */
  comment: string | null
  clock: FollowUpClock
  history: FollowUpEventView[]
}

export type FollowUpActResult =
  { ok: true; view: FollowUpView } | { ok: false; refusal: FollowUpRefusal | { code: 'missing' } }

export function createSupervision(deps: SupervisionDeps) {
  const { store, calendar } = deps
  const k = deps.keys.seal

  function viewOf(
    found: NonNullable<Awaited<ReturnType<RecordsStore['followUp']>>>,
    now: number,
  ): FollowUpView {
    const { commentSealed, ...row } = found.row
    return {
      row,
      comment: commentSealed ? openJson<string>(k, commentSealed, `rating:${row.ratingId}`) : null,
      clock: followUpClock(calendar, row.openedAt, row.closedAt, now),
      history: found.events.map((e) => ({
        at: e.at,
        by: { id: e.actorId, name: e.actorName },
        action: openJson<FollowUpAction>(k, e.sealed, `followup-log:${row.ratingId}:${e.seq}`),
        from: e.from,
        to: e.to,
      })),
    }
  }

  return {
    /** Opens the follow-up of a rating 不满意 or 非常不满意 (again: nothing happens). */
    async ratingStored(receipt: RatingReceipt, now: number): Promise<boolean> {
      if (!BAD_LEVELS.has(receipt.level)) return false
      const openedAt = Date.parse(receipt.receivedAt) || now
      return store.openFollowUp({
        ratingId: receipt.ratingId,
        caseNumber: receipt.caseNumber,
        openedAt,
        dueOn: followUpDueOn(calendar, openedAt),
      })
    },

    async view(ratingId: string, now: number): Promise<FollowUpView | null> {
      const found = await store.followUp(ratingId)
      return found ? viewOf(found, now) : null
    },

    /** A page of open tasks (earliest due first) or closed ones, each with its clock. */
    async list(open: boolean, limit: number, after?: { key: string; ratingId: string }) {
      return store.listFollowUps({ open, limit, ...(after ? { after } : {}) })
    },

    clockOf: (row: Pick<FollowUpRow, 'openedAt' | 'closedAt'>, now: number) =>
      followUpClock(calendar, row.openedAt, row.closedAt, now),

    async act(
      ratingId: string,
      action: FollowUpAction,
      actor: Actor,
      now: number,
    ): Promise<FollowUpActResult> {
      for (let attempt = 0; attempt < 10; attempt++) {
        const found = await store.followUp(ratingId)
        if (!found) return { ok: false, refusal: { code: 'missing' } }
        const { row } = found
        const d = decideFollowUp({ status: row.status, upheld: row.upheld }, action, actor)
        if (!d.ok) return { ok: false, refusal: d.refusal }
        if (actor.kind !== 'staff') return { ok: false, refusal: { code: 'actor' } }
        const seq = row.seq + 1
        const outcome = await store.appendFollowUpEvent(
          ratingId,
          row.seq,
          {
            seq,
            at: now,
            from: row.status,
            to: d.to,
            actorId: actor.id,
            actorName: actor.name,
            type: action.type,
            sealed: sealJson(k, action, `followup-log:${ratingId}:${seq}`),
          },
          {
            upheld: d.upheld,
            outcome: action.type === 'close' ? action.outcome : null,
            closedAt: d.to === 'closed' ? now : null,
          },
        )
        if (outcome === 'missing') return { ok: false, refusal: { code: 'missing' } }
        if (outcome === 'appended') {
          const next = await store.followUp(ratingId)
          return { ok: true, view: viewOf(next!, now) }
        }
      }
      throw new Error(`follow-up ${ratingId}: too many concurrent changes`)
    },

    /** The statistics per item, hall or clerk over [from, before) (ms). */
    stats(by: StatsDimension, now: number, from?: number, before?: number): Promise<StatsRow[]> {
      return store.stats({
        by,
        today: chinaDay(now),
        ...(from !== undefined ? { from } : {}),
        ...(before !== undefined ? { before } : {}),
      })
    },
  }
}

export type Supervision = ReturnType<typeof createSupervision>

/**
 * The ratings service with follow-ups: a bad rating opens its task once stored, and a repeat
 * (the kiosk retrying after a lost answer) opens it too if the first attempt did not get there.
 */
export function withFollowUps<R extends RatingService>(ratings: R, supervision: Supervision): R {
  return {
    ...ratings,
    async insertRating(rating, fingerprint, at) {
      const result = await ratings.insertRating(rating, fingerprint, at)
      if (result.kind !== 'conflict') await supervision.ratingStored(result.receipt, at)
      return result
    },
  }
}
