import type { StaffRole } from '../../../common/signaling'
import type { RealtimeState } from './state'

/** What the video counter holds right now, for the node's metrics (no personal data). */
export interface RealtimeGauges {
  terminalsOnline: number
  staffOnline: Record<StaffRole, number>
  /** Calls waiting (queued or offered) per category; every catalog category, 0 when empty. */
  queueLength: Record<string, number>
  /** Open calls by state (queued, offered, connecting, connected, reconnecting, …). */
  callsByState: Record<string, number>
  offersPending: number
}

export function gaugesOf(s: RealtimeState, categories: Iterable<string>): RealtimeGauges {
  const staffOnline: Record<StaffRole, number> = {
    clerk: 0,
    supervisor: 0,
    admin: 0,
    technician: 0,
  }
  let offersPending = 0
  for (const st of s.staff.values()) {
    if (st.socketId) staffOnline[st.user.role]++
    if (st.offerCallId) offersPending++
  }
  const queueLength: Record<string, number> = {}
  for (const c of categories) queueLength[c] = 0
  for (const [c, ids] of s.queues) queueLength[c] = ids.size
  const callsByState: Record<string, number> = {}
  for (const call of s.calls.values())
    callsByState[call.rec.state] = (callsByState[call.rec.state] ?? 0) + 1
  return {
    terminalsOnline: s.terminalsOnline.size,
    staffOnline,
    queueLength,
    callsByState,
    offersPending,
  }
}
