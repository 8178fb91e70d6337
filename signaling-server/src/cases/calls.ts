import type { LinkedCall } from '../../../common/cases/calls'
import type { CallRecord, CallStore, StaffStore } from '../store/types'
import { qualityReport, ratingView, type CallRatings } from '../call-ratings'
import type { RatedCall } from '../store/call-ratings'

/*
 * The video-help calls linked to a case: those a terminal asked for during a resident's visit in
 * which the case was submitted or a material supplied (补交, at any kiosk): same terminal, same
 * visit id, carried by the `queue:join` and by the application or the supply. A call before the
 * submission (help with the form) and one after it (on the receipt screen) are both linked; a
 * call of another visit is not, even on the same item. Only what the case view may show: times,
 * the answering clerk's name, the outcome, the resident's rating of the call and its quality.
 */

export interface Visit {
  terminalId: string
  visitId: string
}

export interface CaseCallsDeps {
  calls: Pick<CallStore, 'callsOfVisit'>
  staff: Pick<StaffStore, 'getUser'>
  /** The calls' 好差评, joined with their quality (call-ratings.ts). */
  ratings?: Pick<CallRatings, 'ratedCalls'>
  /** The submission's visit and each 补交's, in any order, repeats allowed. */
  visitsOf: (caseNumber: string) => Promise<Visit[]>
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

export function createCaseCalls(deps: CaseCallsDeps) {
  async function view(
    c: CallRecord,
    clerkName: (id: string) => Promise<string | null>,
    rated: RatedCall | undefined,
  ): Promise<LinkedCall> {
    const name = c.clerkId ? await clerkName(c.clerkId) : null
    return {
      callId: c.id,
      askedAt: new Date(c.queuedAt).toISOString(),
      connectedAt: iso(c.connectedAt),
      endedAt: iso(c.endedAt),
      durationSeconds:
        c.connectedAt !== null && c.endedAt !== null
          ? Math.max(0, Math.round((c.endedAt - c.connectedAt) / 1000))
          : null,
      // A clerk offered the call who never accepted it did not answer it.
      clerk: name !== null && c.acceptedAt !== null ? { name } : null,
      state: c.state,
      mode: c.mode,
      step: c.stepLabel,
      outcome: c.outcome,
      endReason: c.endReason,
      rating: rated ? ratingView(rated.rating) : null,
      quality: c.connectedAt !== null ? qualityReport(c) : null,
    }
  }
  return {
    /** Oldest first; empty when the case's kiosks sent no visit (older kiosks). */
    async linked(caseNumber: string): Promise<LinkedCall[]> {
      const visits = new Map<string, Visit>()
      for (const v of await deps.visitsOf(caseNumber))
        visits.set(`${v.terminalId}\n${v.visitId}`, v)
      const found = await Promise.all(
        [...visits.values()].map((v) => deps.calls.callsOfVisit(v.terminalId, v.visitId)),
      )
      const calls = found.flat().sort((a, b) => a.queuedAt - b.queuedAt || (a.id < b.id ? -1 : 1))
      // One lookup per clerk: a visit's calls are often answered by the same one.
      const names = new Map<string, Promise<string | null>>()
      const clerkName = (id: string) => {
        let n = names.get(id)
        if (!n) {
          n = deps.staff.getUser(id).then((u) => u?.displayName ?? null)
          names.set(id, n)
        }
        return n
      }
      const rated = new Map(
        (deps.ratings ? await deps.ratings.ratedCalls(calls.map((c) => c.id)) : []).map((r) => [
          r.call.id,
          r,
        ]),
      )
      return Promise.all(calls.map((c) => view(c, clerkName, rated.get(c.id))))
    },
  }
}
export type CaseCalls = ReturnType<typeof createCaseCalls>
