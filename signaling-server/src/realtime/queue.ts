import type { PositionInfo } from '../../../common/signaling'
import { emit, QUEUED, type Ctx, type LiveCall, type RealtimeState } from './state'

/**
 * The waiting line per category: its order (front, priority, joined; priority.ts gives the
 * level), each resident's position and the wait estimate. Plain functions over the state.
 */

/**
 * The router's order (front, priority, joined), the same the consoles use to list the queue
 * (compareQueueEntries), read straight off the call: the owner sorts a category's queue a few
 * times for each join, and with a key object per comparison the queue's code was an eighth of
 * the owner's CPU profile in the signaling benchmark at 150 joins/s.
 */
export function byQueueOrder(a: LiveCall, b: LiveCall): number {
  if (a.entry.front !== b.entry.front) return a.entry.front ? -1 : 1
  if (a.rec.priority !== b.rec.priority) return b.rec.priority - a.rec.priority
  if (a.rec.queuedAt !== b.rec.queuedAt) return a.rec.queuedAt - b.rec.queuedAt
  return a.rec.id < b.rec.id ? -1 : a.rec.id > b.rec.id ? 1 : 0
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
  const { online, available } = clerksOnline(ctx.s, category)
  const avg = handleSeconds(ctx, category)
  const t = ctx.now()
  let answer: PositionInfo | null = null
  // Only a kiosk whose figures changed gets an object built: most of a long line does not.
  for (let i = 0; i < list.length; i++) {
    const call = list[i]!
    const position = i + 1
    const estimate = waitEstimate(position, online, available, avg)
    if (call === answered) answer = positionInfo(call, position, estimate, online)
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
    const sent =
      answer && call === answered ? answer : positionInfo(call, position, estimate, online)
    call.lastPosition = sent
    call.positionSentAt = t
    emit(ctx, { terminal: call.rec.terminalId }, 'queue:position', sent)
  }
  if (answered && answer) {
    answered.lastPosition = answer
    answered.positionSentAt = t
  }
  return answer
}

function positionInfo(
  call: LiveCall,
  position: number,
  estimatedWaitSeconds: number | null,
  clerksOnline: number,
): PositionInfo {
  return { callId: call.rec.id, position, estimatedWaitSeconds, clerksOnline }
}

/** Sends the coalesced position changes that are due (a periodic job of the counter). */
export function flushPendingPositions(ctx: Ctx): void {
  for (const category of [...ctx.s.positionsPending]) refreshPositions(ctx, category)
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
