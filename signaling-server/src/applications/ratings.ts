import type { Rating } from '../../../common/applications/schema'
import type { RatingReceipt } from '../../../common/applications/api'
import { sealJson } from '../../../node-common/seal'
import { sameMac, type DataKeys } from './crypto'
import type { ApplicationStore, RatingStore, StoredRating } from './records'

export type RatingInsertResult =
  | { kind: 'created'; receipt: RatingReceipt }
  | { kind: 'repeat'; receipt: RatingReceipt }
  | { kind: 'conflict' }

/**
 * The rules of residents' ratings over a `RatingStore`: the rating's id is its idempotency key
 * (a repeat from the same terminal with the same payload gets the first receipt, anything else
 * is a conflict), a rating of an application is linked to its case number, and the comment is
 * sealed before it reaches the store.
 */
export function createRatings(
  store: RatingStore & Pick<ApplicationStore, 'findApplication'>,
  keys: DataKeys,
) {
  const iso = (ms: number) => new Date(ms).toISOString()
  const linked = async (r: Rating): Promise<string | null> =>
    r.subject.kind === 'application'
      ? ((await store.findApplication(r.subject.applicationId))?.caseNumber ?? null)
      : null

  async function repeatOf(
    found: StoredRating,
    r: Rating,
    fingerprint: string,
  ): Promise<RatingInsertResult> {
    if (found.terminalId !== r.terminalId || !sameMac(found.fingerprint, fingerprint))
      return { kind: 'conflict' }
    const receipt = {
      ratingId: r.id,
      level: r.level,
      receivedAt: iso(found.receivedAt),
      caseNumber: await linked(r),
    }
    return { kind: 'repeat', receipt }
  }

  return {
    async insertRating(r: Rating, fingerprint: string, now: number): Promise<RatingInsertResult> {
      const found = await store.getRating(r.id)
      if (found) return repeatOf(found, r, fingerprint)
      const inserted = await store.insertRating({
        id: r.id,
        terminalId: r.terminalId,
        subjectKind: r.subject.kind,
        subjectId: r.subject.kind === 'application' ? r.subject.applicationId : r.subject.callId,
        level: r.level,
        reasons: r.reasons,
        commentSealed: r.comment ? sealJson(keys.seal, r.comment, `rating:${r.id}`) : null,
        fingerprint,
        createdAt: r.createdAt,
        receivedAt: now,
      })
      if (!inserted) {
        // Stored by another process in between: answer as for any repeat.
        const winner = await store.getRating(r.id)
        return winner ? repeatOf(winner, r, fingerprint) : { kind: 'conflict' }
      }
      const receipt = {
        ratingId: r.id,
        level: r.level,
        receivedAt: iso(now),
        caseNumber: await linked(r),
      }
      return { kind: 'created', receipt }
    },
    countRatings: (): Promise<number> => store.countRatings(),
  }
}

export type RatingService = ReturnType<typeof createRatings>
