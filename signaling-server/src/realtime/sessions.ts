import { partyLost, holdForOfflineTerminal, tryResume } from './calls'
import { revokeOffer } from './router'
import { positionsChanged } from './queue'
import {
  ACTIVE,
  cancelTimer,
  emit,
  QUEUED,
  type Ctx,
  type RealtimeState,
  type StaffState,
} from './state'
import { announceEntry, overview, snapshotFor, staffSessionState, terminalState } from './views'

/**
 * Arrivals and departures of kiosks and consoles: what each does to the calls. The socket
 * bookkeeping (`...Connected`) is separate so the edge can drop a replaced socket in between.
 */

/** Records the terminal's new socket; returns the socket it replaces, if any. */
export function terminalConnected(
  s: RealtimeState,
  terminalId: string,
  socketId: string,
): string | undefined {
  const previous = s.terminalsOnline.get(terminalId)
  s.terminalsOnline.set(terminalId, socketId)
  return previous !== socketId ? previous : undefined
}

/** The kiosk is (back) online: restore whatever it had open; `session:state` comes first. */
export function terminalArrived(
  ctx: Ctx,
  t: { terminalId: string; hall: string },
  socketId: string,
): void {
  const callId = ctx.s.terminalCall.get(t.terminalId)
  const call = callId ? ctx.s.calls.get(callId) : undefined
  if (call && QUEUED.has(call.rec.state)) {
    // The hold of a waiting resident whose kiosk was away ends; an offer's timeout runs on
    // (cancelling it left an offer the clerk never answered open for good, e.g. when the
    // kiosk's new socket arrived before its old node's death was noticed).
    if (call.rec.state === 'queued') cancelTimer(ctx, call)
    call.lastPosition = null
    announceEntry(ctx, call)
  }
  const announceResume = tryResume(ctx, call)
  emit(ctx, { socket: socketId, ns: 'terminal' }, 'session:state', terminalState(ctx, t))
  announceResume()
}

export function terminalLeft(ctx: Ctx, terminalId: string, socketId: string): void {
  if (ctx.s.terminalsOnline.get(terminalId) !== socketId) return // replaced by a newer socket
  ctx.s.terminalsOnline.delete(terminalId)
  const callId = ctx.s.terminalCall.get(terminalId)
  const call = callId ? ctx.s.calls.get(callId) : undefined
  if (!call) return
  if (call.rec.state === 'offered') revokeOffer(ctx, call, 'terminal_offline', true)
  if (QUEUED.has(call.rec.state)) {
    holdForOfflineTerminal(ctx, call)
    announceEntry(ctx, call)
  } else if (ACTIVE.has(call.rec.state)) partyLost(ctx, call)
}

/** Records the console's new socket; returns the socket it replaces, if any. */
export function staffConnected(st: StaffState, socketId: string): string | undefined {
  const previous = st.socketId
  st.socketId = socketId
  return previous && previous !== socketId ? previous : undefined
}

/** The console is (back) online: its state, the queue, and a resumed call if any. */
export function staffArrived(ctx: Ctx, st: StaffState, socketId: string): void {
  const announceResume = tryResume(ctx, st.callId ? ctx.s.calls.get(st.callId) : undefined)
  emit(ctx, { socket: socketId, ns: 'staff' }, 'session:state', staffSessionState(ctx, st))
  emit(ctx, { socket: socketId, ns: 'staff' }, 'queue:snapshot', snapshotFor(ctx, st))
  if (st.user.role !== 'clerk')
    emit(ctx, { socket: socketId, ns: 'staff' }, 'queue:overview', overview(ctx))
  announceResume()
  for (const c of st.user.categories) positionsChanged(ctx, c)
}

export function staffLeft(ctx: Ctx, st: StaffState, socketId: string): void {
  if (st.socketId !== socketId) return
  st.socketId = null
  if (st.offerCallId) {
    const offered = ctx.s.calls.get(st.offerCallId)
    if (offered) revokeOffer(ctx, offered, 'declined', true)
    st.offerCallId = null
  }
  const call = st.callId ? ctx.s.calls.get(st.callId) : undefined
  if (call && ACTIVE.has(call.rec.state)) partyLost(ctx, call)
  for (const c of st.user.categories) positionsChanged(ctx, c)
}
