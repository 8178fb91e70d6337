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
 * changed (position) or moved by 30 s or more (estimate), so a long queue costs little.
 */
export function refreshPositions(ctx: Ctx, category: string): void {
  const list = sortedQueue(ctx.s, category)
  if (list.length === 0) return
  const { online, available } = clerksOnline(ctx.s, category)
  const avg = handleSeconds(ctx, category)
  list.forEach((call, i) => {
    const position = i + 1
    const estimate = waitEstimate(position, online, available, avg)
    const info: PositionInfo = {
      callId: call.rec.id,
      position,
      estimatedWaitSeconds: estimate,
      clerksOnline: online,
    }
    const last = call.lastPosition
    const changed =
      !last ||
      last.position !== position ||
      last.clerksOnline !== online ||
      (last.estimatedWaitSeconds === null) !== (estimate === null) ||
      Math.abs((last.estimatedWaitSeconds ?? 0) - (estimate ?? 0)) >= 30
    if (!changed) return
    call.lastPosition = info
    emit(ctx, { terminal: call.rec.terminalId }, 'queue:position', info)
  })
}

/** The resident's current position (sending it first if it changed), or null if not waiting. */
export function positionOf(ctx: Ctx, call: LiveCall): PositionInfo | null {
  if (!QUEUED.has(call.rec.state)) return null
  refreshPositions(ctx, call.rec.category)
  return call.lastPosition
}

/** Marks a category's positions for re-sending once the current event is done. */
export function positionsChanged(ctx: Ctx, category: string): void {
  ctx.dirty.add(category)
}
