import * as calls from '../../../../signaling-server/src/realtime/calls'
import { flushPendingPositions } from '../../../../signaling-server/src/realtime/queue'
import { createEngine } from '../../../../signaling-server/src/realtime/engine'
import { staffState } from '../../../../signaling-server/src/realtime/presence'
import { newRequest } from '../../../../signaling-server/src/realtime/request'
import * as router from '../../../../signaling-server/src/realtime/router'
import * as sessions from '../../../../signaling-server/src/realtime/sessions'
import {
  createState,
  defaultRealtimeConfig,
  type Effect,
  type RealtimeConfig,
  type TimerKind,
} from '../../../../signaling-server/src/realtime/state'
import type { CallRecord, UserRecord } from '../../../../signaling-server/src/store/types'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- recorded payloads, read field by field in assertions
type Payload = any

/**
 * The video counter's domain with a fake clock and a fake scheduler: no socket.io, no store,
 * no real timers. Effects are recorded; `advance` fires due timers in time order.
 */
export function createSim(overrides: Partial<RealtimeConfig> = {}) {
  const config = { ...defaultRealtimeConfig, ...overrides }
  let clock = 1_700_000_000_000
  const now = () => clock
  const state = createState()
  const timers = new Map<string, { timer: TimerKind; at: number }>()
  const emits: { to: unknown; event: string; payload: Payload }[] = []
  const persisted = new Map<string, CallRecord>()
  const entries = new Set<string>()
  let socketSeq = 0
  const terminalSockets = new Map<string, string>()
  const staffSockets = new Map<string, string>()
  const users = new Map<string, UserRecord>()

  function execute(fx: Effect[]): void {
    for (const e of fx) {
      if (e.kind === 'emit') emits.push({ to: e.to, event: e.event, payload: e.payload })
      else if (e.kind === 'schedule') timers.set(e.callId, { timer: e.timer, at: e.at })
      else if (e.kind === 'cancel') timers.delete(e.callId)
      else if (e.kind === 'persist') persisted.set(e.rec.id, e.rec)
      else if (e.kind === 'insertCall') {
        persisted.set(e.rec.id, e.rec)
        entries.add(e.rec.id)
      } else if (e.kind === 'upsertEntry') entries.add(e.entry.callId)
      else if (e.kind === 'deleteEntry') entries.delete(e.callId)
    }
  }
  const engine = createEngine(
    state,
    now,
    config,
    {
      userName: (id) => users.get(id)?.displayName ?? null,
      averageHandleSeconds: () => null,
    },
    execute,
  )
  const run = <T>(fn: Parameters<typeof engine.run<T>>[0]) => engine.run(fn)

  const terminalInfo = (id: string) => ({ terminalId: id, hall: 'hall-1', name: `kiosk ${id}` })

  const sim = {
    state,
    config,
    timers,
    emits,
    persisted,
    entries,
    now,
    /** Moves the clock, firing every timer that comes due on the way, earliest first. */
    advance(ms: number): void {
      const end = clock + ms
      for (;;) {
        let next: [string, { timer: TimerKind; at: number }] | null = null
        for (const t of timers) if (t[1].at <= end && (!next || t[1].at < next[1].at)) next = t
        if (!next) break
        clock = Math.max(clock, next[1].at)
        timers.delete(next[0])
        const [callId, { timer }] = next
        run((ctx) => calls.timerFired(ctx, callId, timer))
      }
      clock = end
      // The counter's periodic job for coalesced positions, run once at the end.
      if (state.positionsPending.size > 0) run((ctx) => flushPendingPositions(ctx))
    },
    addClerk(id: string, categories: string[], role: UserRecord['role'] = 'clerk'): void {
      const user = {
        id,
        username: id,
        displayName: `${id}-name`,
        role,
        categories,
      } as unknown as UserRecord
      users.set(id, user)
      staffState(state, user, clock)
    },
    connectClerk(id: string): void {
      const st = state.staff.get(id)!
      const sock = `s${++socketSeq}`
      staffSockets.set(id, sock)
      sessions.staffConnected(st, sock)
      run((ctx) => sessions.staffArrived(ctx, st, sock))
    },
    dropClerk(id: string): void {
      const st = state.staff.get(id)!
      const sock = staffSockets.get(id)
      if (!sock) return
      staffSockets.delete(id)
      run((ctx) => sessions.staffLeft(ctx, st, sock))
    },
    presence(id: string, p: 'available' | 'away'): void {
      run((ctx) => router.requestPresence(ctx, state.staff.get(id)!, p))
    },
    connectTerminal(id: string): void {
      const sock = `t${++socketSeq}`
      terminalSockets.set(id, sock)
      sessions.terminalConnected(state, id, sock)
      run((ctx) => sessions.terminalArrived(ctx, terminalInfo(id), sock))
    },
    dropTerminal(id: string): void {
      const sock = terminalSockets.get(id)
      if (!sock) return
      terminalSockets.delete(id)
      run((ctx) => sessions.terminalLeft(ctx, id, sock))
    },
    join(
      terminalId: string,
      category: string,
      opts: { birthDate?: string; disability?: boolean } = {},
    ): string {
      return run((ctx) => {
        const open = calls.openCallOf(ctx, terminalId)
        if (open) return open.rec.id
        const { rec, entry } = newRequest(
          `c-${terminalId}-${clock}-${state.calls.size}`,
          terminalInfo(terminalId),
          {
            category,
            item: { id: 'item', title: 'Item' },
            step: { id: 'step', label: 'Step' },
            mode: 'video',
            ...opts,
          } as never,
          clock,
        )
        return calls.join(ctx, rec, entry).call.callId
      })
    },
    cancel(callId: string): void {
      run((ctx) => calls.cancel(ctx, state.calls.get(callId)!))
    },
    accept(clerkId: string, callId: string): void {
      run((ctx) => router.takeCall(ctx, state.staff.get(clerkId)!, callId, false))
    },
    pick(clerkId: string, callId: string): void {
      run((ctx) => router.takeCall(ctx, state.staff.get(clerkId)!, callId, true))
    },
    decline(clerkId: string, callId: string): void {
      run((ctx) => router.decline(ctx, state.staff.get(clerkId)!, callId))
    },
    connected(callId: string): void {
      const call = state.calls.get(callId)!
      run((ctx) => calls.connected(ctx, call, call.rec.generation))
    },
    hangup(callId: string, side: 'terminal' | 'clerk'): void {
      run((ctx) => calls.hangup(ctx, state.calls.get(callId)!, side))
    },
    wrapup(clerkId: string, callId: string): void {
      run((ctx) => calls.wrapup(ctx, state.staff.get(clerkId)!, callId, 'resolved' as never, null))
    },
    call(callId: string) {
      return state.calls.get(callId)!
    },
    /** Offers sent to a clerk, oldest first. */
    offersTo(clerkId: string): string[] {
      return emits
        .filter((e) => e.event === 'call:offer' && (e.to as { staff?: string }).staff === clerkId)
        .map((e) => e.payload.entry.callId as string)
    },
    eventsTo(
      target: { terminal: string } | { staff: string },
    ): { event: string; payload: Payload }[] {
      const key = JSON.stringify(target)
      return emits.filter((e) => JSON.stringify(e.to) === key)
    },
  }
  return sim
}

export type Sim = ReturnType<typeof createSim>
