import type { CallRecord, QueueEntryRecord, UserRecord } from '../store/types'
import { holdForOfflineTerminal, keepEnded, partyLost } from './calls'
import { staffState } from './presence'
import { enqueue } from './queue'
import { ACTIVE, emit, FORGET_ENDED_MS, info, liveCall, persist, type Ctx } from './state'

/**
 * After a restart: open calls come back from the store. An offer in flight is lost, so that
 * resident goes to the front; calls in progress wait for both parties (grace period) and then
 * renegotiate; waiting entries hold their place while their kiosks reconnect.
 */
export function rebuild(
  ctx: Ctx,
  saved: {
    openCalls: CallRecord[]
    /** Calls that ended within FORGET_ENDED_MS, earliest end first. */
    endedCalls: CallRecord[]
    entries: QueueEntryRecord[]
    user(id: string): UserRecord | null
  },
): void {
  const entries = new Map(saved.entries.map((e) => [e.callId, e]))
  for (const rec of saved.openCalls) {
    const entry = entries.get(rec.id) ?? { callId: rec.id, maskedName: null, front: false }
    const call = liveCall(rec, entry)
    ctx.s.calls.set(rec.id, call)
    ctx.s.terminalCall.set(rec.terminalId, rec.id)
    if (rec.state === 'offered') {
      // The console that was offered it may still show the offer (a new cluster owner rebuilds
      // while the consoles stay connected): it is taken back, as when its time runs out.
      if (rec.clerkId)
        emit(ctx, { staff: rec.clerkId }, 'call:offer-revoked', {
          callId: rec.id,
          reason: 'timeout',
        })
      rec.state = 'queued'
      rec.clerkId = null
      entry.front = true
      persist(ctx, call)
      ctx.fx.push({ kind: 'upsertEntry', entry: { ...entry } })
    }
    if (rec.state === 'queued') {
      enqueue(ctx.s, call)
      holdForOfflineTerminal(ctx, call)
    } else if (ACTIVE.has(rec.state)) {
      const user = rec.clerkId ? saved.user(rec.clerkId) : null
      if (user) {
        const st = staffState(ctx.s, user, ctx.now())
        st.callId = rec.id
        st.presence = 'busy'
      }
      rec.state = 'connecting' // let partyLost move it to reconnecting with a fresh grace
      partyLost(ctx, call)
    }
  }
  const open = ctx.s.calls.size
  // A call that ended shortly before stays known as it would have without the restart (until
  // its `forget`): a kiosk that missed its end while the counter changed hands learns from its
  // state that the resident was served, instead of taking it for a lost entry and joining again.
  for (const rec of saved.endedCalls) {
    if (ctx.s.calls.has(rec.id)) continue
    const call = liveCall(rec, { callId: rec.id, maskedName: null, front: false })
    ctx.s.calls.set(rec.id, call)
    keepEnded(ctx, call, Math.max(0, (rec.endedAt ?? 0) + FORGET_ENDED_MS - ctx.now()))
  }
  if (open > 0) info(ctx, { open }, 'rebuilt open calls from the store')
}
