import type { Presence } from '../../../common/signaling'
import { positionsChanged } from './queue'
import { emit, type Ctx, type RealtimeState, type StaffMember, type StaffState } from './state'

/** Who is reachable: connected kiosks, and each clerk's presence and idle time. */

export type PresenceReason = 'requested' | 'in_call' | 'wrapup_done' | 'offer_timeout' | 'restored'

/** The staff member's state, created (offline, away) the first time they are seen. */
export function staffState(s: RealtimeState, user: StaffMember, now: number): StaffState {
  let st = s.staff.get(user.id)
  if (!st) {
    st = {
      user,
      socketId: null,
      presence: 'away',
      idleSince: now,
      offerCallId: null,
      callId: null,
    }
    s.staff.set(user.id, st)
  }
  return st
}

export function setPresence(
  ctx: Ctx,
  st: StaffState,
  presence: Presence,
  reason: PresenceReason,
): void {
  const was = st.presence
  st.presence = presence
  if (presence === 'available' && was !== 'available') st.idleSince = ctx.now()
  emit(ctx, { staff: st.user.id }, 'presence:changed', { presence, reason })
  if (was !== presence) for (const c of st.user.categories) positionsChanged(ctx, c)
}

/** Clerks who can take an offer now, longest idle first. */
export function freeClerks(s: RealtimeState): StaffState[] {
  return [...s.staff.values()]
    .filter(
      (st) =>
        st.user.role === 'clerk' &&
        st.socketId &&
        st.presence === 'available' &&
        !st.callId &&
        !st.offerCallId,
    )
    .sort((a, b) => a.idleSince - b.idleSince)
}

export const terminalOnline = (s: RealtimeState, terminalId: string): boolean =>
  s.terminalsOnline.has(terminalId)

export const clerkOf = (s: RealtimeState, clerkId: string | null): StaffState | undefined =>
  clerkId ? s.staff.get(clerkId) : undefined
