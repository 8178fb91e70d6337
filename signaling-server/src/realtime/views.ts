import type {
  CallView,
  QueueEntryView,
  QueueOverview,
  QueueSnapshot,
  StaffSessionState,
  TerminalSessionState,
} from '../../../common/signaling'
import { buildOverview } from '../overview'
import { positionOf, sortedQueue } from './queue'
import { ACTIVE, QUEUED, type Ctx, type LiveCall, type StaffState } from './state'

/** What the consoles and kiosks are shown of the state (read-only). */

function clerkName(ctx: Ctx, call: LiveCall): string | null {
  if (!call.rec.clerkId) return null
  return (
    ctx.s.staff.get(call.rec.clerkId)?.user.displayName ??
    ctx.lookups.userName(call.rec.clerkId) ??
    null
  )
}

/** Who asks for help and about what: the part of a call that queue entries and calls both show. */
function requestContext(call: LiveCall) {
  const r = call.rec
  return {
    category: r.category,
    hall: r.hall,
    terminalName: r.terminalName,
    maskedName: call.entry.maskedName,
    item: { id: r.itemId, title: r.itemTitle },
    step: { id: r.stepId, label: r.stepLabel },
    mode: r.mode,
    priority: r.priority,
    priorityReasons: r.priorityReasons,
  }
}

export function callView(ctx: Ctx, call: LiveCall): CallView {
  const r = call.rec
  const name = ACTIVE.has(r.state) || r.state === 'ended' ? clerkName(ctx, call) : null
  return {
    callId: r.id,
    state: r.state,
    ...requestContext(call),
    clerk: name ? { displayName: name } : null,
    generation: r.generation,
    queuedAt: r.queuedAt,
    endReason: r.endReason,
    connectedForMs:
      r.connectedAt === null || r.state === 'ended' ? null : Math.max(0, ctx.now() - r.connectedAt),
  }
}

export function entryView(ctx: Ctx, call: LiveCall): QueueEntryView {
  const r = call.rec
  return {
    callId: r.id,
    ...requestContext(call),
    front: call.entry.front,
    joinedAt: r.queuedAt,
    state: r.state === 'offered' ? 'offered' : 'queued',
    terminalOnline: ctx.s.terminalsOnline.has(r.terminalId),
  }
}

export function terminalState(
  ctx: Ctx,
  t: { terminalId: string; hall: string },
): TerminalSessionState {
  const callOf = (id: string | undefined) => (id ? ctx.s.calls.get(id) : undefined)
  const open = callOf(ctx.s.terminalCall.get(t.terminalId))
  // No open call: the last one, ended (the kiosk waiting for it was served or let go).
  const call = open ?? callOf(ctx.s.terminalEnded.get(t.terminalId))
  return {
    terminalId: t.terminalId,
    hall: t.hall,
    call: call ? callView(ctx, call) : null,
    position: open ? positionOf(ctx, open) : null,
  }
}

export function staffSessionState(ctx: Ctx, s: StaffState): StaffSessionState {
  const call = s.callId ? ctx.s.calls.get(s.callId) : undefined
  return {
    userId: s.user.id,
    role: s.user.role,
    displayName: s.user.displayName,
    categories: s.user.categories,
    presence: s.presence,
    call: call ? callView(ctx, call) : null,
  }
}

export function snapshotFor(ctx: Ctx, s: StaffState): QueueSnapshot {
  const cats = s.user.role === 'clerk' ? s.user.categories : [...ctx.s.queues.keys()]
  return {
    categories: cats.map((category) => ({
      category,
      entries: sortedQueue(ctx.s, category).map((c) => entryView(ctx, c)),
    })),
  }
}

/** The supervisors' view (overview.ts), from the live queues and the connected clerks. */
export function overview(ctx: Ctx): QueueOverview {
  const waiting = new Map<string, number[]>()
  for (const [category, ids] of ctx.s.queues) {
    const joined: number[] = []
    for (const id of ids) {
      const c = ctx.s.calls.get(id)
      if (c && QUEUED.has(c.rec.state)) joined.push(c.rec.queuedAt)
    }
    waiting.set(category, joined)
  }
  const clerks = [...ctx.s.staff.values()]
    .filter((s) => s.user.role === 'clerk' && s.socketId)
    .map((s) => ({ categories: s.user.categories, presence: s.presence }))
  return buildOverview({ waiting, clerks })
}

/** Emits a queue entry's new view to the consoles watching its category. */
export function announceEntry(ctx: Ctx, call: LiveCall): void {
  ctx.fx.push({
    kind: 'emit',
    to: { category: call.rec.category },
    event: 'queue:entry',
    payload: { op: 'upsert', entry: entryView(ctx, call) },
  })
}
export function announceRemoval(ctx: Ctx, call: LiveCall): void {
  ctx.fx.push({
    kind: 'emit',
    to: { category: call.rec.category },
    event: 'queue:entry',
    payload: { op: 'remove', category: call.rec.category, callId: call.rec.id },
  })
}
