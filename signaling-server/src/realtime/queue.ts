import { compareQueueEntries, type PositionInfo } from '../../../common/signaling'
import { emit, QUEUED, type Ctx, type LiveCall, type RealtimeState } from './state'

/**
 * The waiting line per category: its order (front, priority, joined; priority.ts gives the
 * level), each resident's position and the wait estimate. Plain functions over the state.
 */

/** The router's order (front, priority, joined), the same the consoles use to list the queue. */
export function byQueueOrder(a: LiveCall, b: LiveCall): number {
  const key = (c: LiveCall) => ({
    front: c.entry.front,
    priority: c.rec.priority,
    joinedAt: c.rec.queuedAt,
    callId: c.rec.id,
  })
  return compareQueueEntries(key(a), key(b))
}

export function enqueue(s: RealtimeState, call: LiveCall): void {
  let set = s.queues.get(call.rec.category)
  if (!set) s.queues.set(call.rec.category, (set = new Set()))
  set.add(call.rec.id)
}

export function dequeue(s: RealtimeState, call: LiveCall): void {
  s.queues.get(call.rec.category)?.delete(call.rec.id)
  call.lastPosition = null
}

export function sortedQueue(s: RealtimeState, category: string): LiveCall[] {
  const ids = s.queues.get(category)
  if (!ids) return []
  const list: LiveCall[] = []
  for (const id of ids) {
    const c = s.calls.get(id)
    if (c) list.push(c)
  }
  return list.sort(byQueueOrder)
}

/** Clerks of the category who are connected and not away, and how many of them are free. */
export function clerksOnline(
  s: RealtimeState,
  category: string,
): { online: number; available: number } {
  let online = 0
  let available = 0
  for (const st of s.staff.values()) {
    if (st.user.role !== 'clerk' || !st.socketId || !st.user.categories.includes(category)) continue
    if (st.presence === 'away') continue
    online++
    if (st.presence === 'available' && !st.callId && !st.offerCallId) available++
  }
  return { online, available }
}

function handleSeconds(ctx: Ctx, category: string): number {
  let v = ctx.s.handleSecondsCache.get(category)
  if (v === undefined) {
    v = ctx.lookups.averageHandleSeconds(category) ?? ctx.config.defaultHandleSeconds
    ctx.s.handleSecondsCache.set(category, v)
  }
  return v
}

/** Seconds until a resident at `position` is served, rounded to 10 s; null with no clerk. */
export function waitEstimate(
  position: number,
  online: number,
  available: number,
  avgSeconds: number,
): number | null {
  if (online === 0) return null
  const raw = ((position - 1) / online) * avgSeconds + (available > 0 ? 0 : avgSeconds / 2)
  return Math.round(raw / 10) * 10
}

/**
 * Sends each waiting kiosk of the category its position and estimate, but only when it
 * changed (position) or moved by 30 s or more (estimate), so a long queue costs little. A move
 * back, a first position and the front places go at once; a kiosk further back that moved up
 * hears it at most every `positionCoalesceMs` (the category stays pending until then).
 * `answered`: a call whose caller also sends its position (positionOf), which is returned and
 * counts as sent.
 */
export function refreshPositions(
  ctx: Ctx,
  category: string,
  answered?: LiveCall,
): PositionInfo | null {
  ctx.s.positionsPending.delete(category)
  const list = sortedQueue(ctx.s, category)
  if (list.length === 0) return null
  const infoAt = positionInfos(ctx, category)
  const t = ctx.now()
  let answer: PositionInfo | null = null
  for (const [i, call] of list.entries()) {
    const info = infoAt(call, i + 1)
    if (call === answered) answer = info
    const { position, estimatedWaitSeconds: estimate, clerksOnline: online } = info
    const last = call.lastPosition
    const changed =
      !last ||
      last.position !== position ||
      last.clerksOnline !== online ||
      (last.estimatedWaitSeconds === null) !== (estimate === null) ||
      Math.abs((last.estimatedWaitSeconds ?? 0) - (estimate ?? 0)) >= 30
    if (!changed) continue
    const urgent =
      !last ||
      position > last.position ||
      position <= ctx.config.positionUrgentUpTo ||
      (last.clerksOnline === 0) !== (online === 0)
    if (!urgent && t - call.positionSentAt < ctx.config.positionCoalesceMs) {
      ctx.s.positionsPending.add(category)
      continue
    }
    call.lastPosition = info
    call.positionSentAt = t
    emit(ctx, { terminal: call.rec.terminalId }, 'queue:position', info)
  }
  if (answered && answer) {
    answered.lastPosition = answer
    answered.positionSentAt = t
  }
  return answer
}

/** Sends the coalesced position changes that are due (a periodic job of the counter). */
export function flushPendingPositions(ctx: Ctx): void {
  for (const category of [...ctx.s.positionsPending]) refreshPositions(ctx, category)
}

/** Builds a category's position infos (clerks and the average looked up once). */
function positionInfos(
  ctx: Ctx,
  category: string,
): (call: LiveCall, position: number) => PositionInfo {
  const { online, available } = clerksOnline(ctx.s, category)
  const avg = handleSeconds(ctx, category)
  return (call, position) => ({
    callId: call.rec.id,
    position,
    estimatedWaitSeconds: waitEstimate(position, online, available, avg),
    clerksOnline: online,
  })
}

/**
 * The resident's current position, or null if not waiting; the caller sends it (a join's
 * answer, a session state), so it counts as sent. The others' changes go out as usual.
 */
export function positionOf(ctx: Ctx, call: LiveCall): PositionInfo | null {
  if (!QUEUED.has(call.rec.state)) return null
  return refreshPositions(ctx, call.rec.category, call)
}

/** Marks a category's positions for re-sending once the current event is done. */
export function positionsChanged(ctx: Ctx, category: string): void {
  ctx.dirty.add(category)
}
