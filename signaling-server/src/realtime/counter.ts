import type { z } from 'zod'
import { staffInbound, terminalInbound, type Ack, type ErrorCode } from '../../../common/signaling'
import { newId } from '../auth'
import type { WarnOnce } from '../log-throttle'
import type { PinoLogger as Logger } from '../../../node-common/logger'
import type { RealtimeEvents } from '../metrics'
import * as calls from './calls'
import * as coservice from './coservice'
import * as identityCheck from './identity-check'
import { createExecutor } from './effects'
import { gaugesOf, type RealtimeGauges } from './gauges'
import { createEngine } from './engine'
import { messages, refuse, Refusal } from './errors'
import { createHandleTimes, TALKS_AVERAGED } from './handle-times'
import type { StaffData, TerminalData } from './handshake'
import { createNotify } from './notify'
import { flushPendingPositions } from './queue'
import { staffState } from './presence'
import { rebuild } from './recovery'
import { mustBeParty, relaySignal, type Caller } from './relay'
import { newRequest } from './request'
import * as router from './router'
import { createScheduler } from './scheduler'
import * as sessions from './sessions'
import {
  ACTIVE,
  createState,
  emit,
  FORGET_ENDED_MS,
  QUEUED,
  type Ctx,
  type RealtimeConfig,
  type StaffMember,
} from './state'
import { callView, overview, snapshotFor, staffSessionState, terminalState } from './views'
import type { CallRecord, Store, UserRecord } from '../store/types'

/**
 * The video counter itself: queue, offers, calls, presence and their timers, as one in-memory
 * state that exactly one process holds (the single node, or the cluster's owner:
 * cluster/ownership.ts). It never touches a socket: the gateways (gateway.ts) hand it what their
 * sockets say as plain references, and it answers through socket.io rooms (`notify`), which the
 * cluster's adapter carries to whichever node holds the socket. Written through to the store on
 * every transition, so a restart or a new owner rebuilds it (recovery.ts).
 */

/** A socket as the counter knows it: its id, namespace and what the handshake established. */
export type SocketRef =
  { ns: 'terminal'; id: string; data: TerminalData } | { ns: 'staff'; id: string; data: StaffData }

/** What the counter needs of the sockets' side: rooms to emit to, and closing a socket. */
export interface CounterEdge {
  /** An emitter for one or more rooms of a namespace (socket.io's `to`). */
  to(ns: 'terminal' | 'staff', rooms: string | string[]): { emit(ev: string, p: unknown): void }
  /** Closes a socket that a newer one of the same kiosk or console replaced (any node). */
  disconnect(ns: 'terminal' | 'staff', socketId: string): void
}

export interface Counter {
  /** Settles once open calls are restored from the store. */
  ready: Promise<void>
  /** A socket passed its handshake (or is announced again to a new owner). */
  arrived(ref: SocketRef, user?: StaffMember): void
  left(ref: SocketRef): void
  /** Sends a socket the counter knows its state again (what was emitted to it may be lost). */
  resync(ref: SocketRef): void
  /** One validated inbound event; the ack to send back. */
  handle(ref: SocketRef, event: string, payload: unknown): Ack<unknown>
  stats(): { queued: number; active: number; terminalsOnline: number; staffOnline: number }
  gauges(): RealtimeGauges
  close(): void
}

/** How soon a timer that came due while the counter was paused is tried again. */
const PAUSED_RETRY_MS = 250
/** How often coalesced position changes are looked at (their own spacing is in the config). */
const POSITIONS_FLUSH_MS = 250

type Fn = (ref: SocketRef, payload: never) => unknown
const on = <T extends z.ZodType>(_schema: T, fn: (ref: SocketRef, p: z.infer<T>) => unknown): Fn =>
  fn as Fn

export function createCounter(deps: {
  store: Store
  log: Logger
  now: () => number
  config: RealtimeConfig
  /** The category ids of the catalog in force. */
  categories: () => ReadonlySet<string>
  edge: CounterEdge
  warnOnce: WarnOnce
  events?: RealtimeEvents
  /**
   * Whether this process may act as the counter right now (a cluster node whose lease is
   * fresh); checked before every timer and event, so a node that was paused past its lease
   * does nothing before it notices. Always, on a single node.
   */
  serving?: () => boolean
}): Counter {
  const { store, log, now, config, edge, warnOnce } = deps
  const state = createState()

  function safely(what: string, fn: () => void): void {
    try {
      fn()
    } catch (err) {
      log.error({ err, what }, 'counter step failed')
    }
  }

  const notify = createNotify(
    { to: (rooms) => edge.to('terminal', rooms) as never },
    { to: (rooms) => edge.to('staff', rooms) as never },
    (id) => state.terminalsOnline.get(id),
  )
  const serving = deps.serving ?? (() => true)
  const scheduler = createScheduler(now, (callId, timer) => {
    if (serving())
      safely(`timer ${timer}`, () => engine.run((ctx) => calls.timerFired(ctx, callId, timer)))
    // Paused (a cluster owner whose lease is unconfirmed): fire it once it serves again, or
    // never if it loses the counter (closed; the next owner rebuilds the timers).
    else if (!state.closed) scheduler.schedule(callId, timer, now() + PAUSED_RETRY_MS)
  })
  const handleTimes = createHandleTimes()
  /** Staff names by id, for calls whose clerk has no live state (restored after a restart). */
  const names = new Map<string, string>()
  const execute = createExecutor({
    store,
    notify,
    scheduler,
    handleTimes,
    log,
    ...(deps.events ? { events: deps.events } : {}),
  })
  const lookups = {
    userName: (id: string) => names.get(id) ?? null,
    averageHandleSeconds: (category: string) => handleTimes.averageSeconds(category),
  }
  const engine = createEngine(state, now, config, lookups, execute)
  const run = engine.run.bind(engine)
  const read = engine.read.bind(engine)

  const callerOf = (ref: SocketRef): Caller =>
    ref.ns === 'terminal'
      ? { kind: 'terminal', terminalId: ref.data.terminalId }
      : { kind: 'staff', userId: ref.data.userId }
  const identityOf = (ref: SocketRef): string =>
    ref.ns === 'terminal' ? `terminal:${ref.data.terminalId}` : `staff:${ref.data.userId}`

  /** The call and the caller's side; the same refusal whether the call exists or not. */
  function party(ctx: Ctx, ref: SocketRef, callId: string, prepared = false) {
    const found = mustBeParty(ctx, callerOf(ref), callId, prepared)
    if (found) return found
    warnOnce.warn(
      `non-party ${identityOf(ref)}`,
      { callId, from: ref.ns === 'terminal' ? ref.data.terminalId : ref.data.userId },
      'rejected call event from a non-party',
    )
    return refuse('not_a_party')
  }

  /** The console's state; only a socket the counter has seen arrive may act. */
  function me(ref: SocketRef) {
    const st = ref.ns === 'staff' ? state.staff.get(ref.data.userId) : undefined
    if (!st || st.socketId !== ref.id) return refuse('unavailable', 'console not registered yet')
    return st
  }
  function terminal(ref: SocketRef): TerminalData {
    if (ref.ns !== 'terminal') return refuse('forbidden')
    if (state.terminalsOnline.get(ref.data.terminalId) !== ref.id)
      return refuse('unavailable', 'terminal not registered yet')
    return ref.data
  }

  // Handlers shared by both parties of a call.
  const callHandlers = {
    'call:signal': on(staffInbound['call:signal'], (ref, p) =>
      run((ctx) => {
        const { call, side } = party(ctx, ref, p.callId, true)
        relaySignal(ctx, call, side, p.generation, p.data)
        return {}
      }),
    ),
    'call:connected': on(staffInbound['call:connected'], (ref, p) =>
      run((ctx) => calls.connected(ctx, party(ctx, ref, p.callId).call, p.generation)),
    ),
    'call:renegotiate': on(staffInbound['call:renegotiate'], (ref, p) =>
      run((ctx) => calls.renegotiate(ctx, party(ctx, ref, p.callId).call, p.reason)),
    ),
    'call:hangup': on(staffInbound['call:hangup'], (ref, p) =>
      run((ctx) => {
        const { call, side } = party(ctx, ref, p.callId)
        return calls.hangup(ctx, call, side)
      }),
    ),
    'call:quality': on(staffInbound['call:quality'], (ref, p) =>
      run((ctx) => {
        const { call, side } = party(ctx, ref, p.callId)
        calls.quality(ctx, call, side, p.summary)
        return {}
      }),
    ),
  }

  const terminalHandlers: Partial<Record<keyof typeof terminalInbound, Fn>> = {
    ...callHandlers,
    'session:resume': on(terminalInbound['session:resume'], (ref, p) =>
      read((ctx) => {
        const t = terminal(ref)
        if (p.callId) {
          const call = state.calls.get(p.callId)
          if (call && call.rec.terminalId === t.terminalId)
            return { ...terminalState(ctx, t), call: callView(ctx, call) }
        }
        return terminalState(ctx, t)
      }),
    ),
    'queue:join': on(terminalInbound['queue:join'], (ref, p) =>
      run((ctx) => {
        const t = terminal(ref)
        if (!deps.categories().has(p.category))
          refuse('invalid_payload', 'category: not in the centre’s catalog')
        // Idempotent: a retried or repeated join returns the open request.
        const open = calls.openCallOf(ctx, t.terminalId)
        if (open) return { call: callView(ctx, open), position: calls.positionOfCall(ctx, open) }
        const { rec, entry } = newRequest(newId('c'), t, p, now())
        return calls.join(ctx, rec, entry)
      }),
    ),
    'queue:cancel': on(terminalInbound['queue:cancel'], (ref, p) =>
      run((ctx) => {
        calls.cancel(ctx, party(ctx, ref, p.callId).call)
        return {}
      }),
    ),
    'cosvc:consent': on(terminalInbound['cosvc:consent'], (ref, p) =>
      run((ctx) => {
        const { call, side } = party(ctx, ref, p.callId)
        coservice.decide(ctx, call, side, p.decision)
        return {}
      }),
    ),
    'cosvc:mirror': on(terminalInbound['cosvc:mirror'], (ref, p) =>
      run((ctx) => {
        const { call, side } = party(ctx, ref, p.callId)
        coservice.relayMirror(ctx, call, side, p.seq, p.mirror)
        return {}
      }),
    ),
    'cosvc:page': on(terminalInbound['cosvc:page'], (ref, p) =>
      run((ctx) => {
        const { call, side } = party(ctx, ref, p.callId)
        coservice.relayPage(ctx, call, side, p)
        return {}
      }),
    ),
    'cosvc:outcome': on(terminalInbound['cosvc:outcome'], (ref, p) =>
      run((ctx) => {
        const { call, side } = party(ctx, ref, p.callId)
        coservice.relayOutcome(ctx, call, side, p)
        return {}
      }),
    ),
    'idcheck:answer': on(terminalInbound['idcheck:answer'], (ref, p) =>
      run((ctx) => {
        const { call, side } = party(ctx, ref, p.callId)
        identityCheck.answerIdentity(ctx, call, side, p.answer)
        return {}
      }),
    ),
  }

  const staffHandlers: Partial<Record<keyof typeof staffInbound, Fn>> = {
    ...callHandlers,
    'session:resume': on(staffInbound['session:resume'], (ref) =>
      read((ctx) => staffSessionState(ctx, me(ref))),
    ),
    'queue:list': on(staffInbound['queue:list'], (ref) => read((ctx) => snapshotFor(ctx, me(ref)))),
    'queue:overview': on(staffInbound['queue:overview'], (ref) =>
      read((ctx) => {
        if (me(ref).user.role === 'clerk') refuse('forbidden', 'supervisor or admin role required')
        return overview(ctx)
      }),
    ),
    'presence:set': on(staffInbound['presence:set'], (ref, p) =>
      run((ctx) => {
        router.requestPresence(ctx, me(ref), p.presence)
        return { presence: me(ref).presence }
      }),
    ),
    'call:accept': on(staffInbound['call:accept'], (ref, p) =>
      run((ctx) => router.takeCall(ctx, me(ref), p.callId, false)),
    ),
    'queue:pick': on(staffInbound['queue:pick'], (ref, p) =>
      run((ctx) => router.takeCall(ctx, me(ref), p.callId, true)),
    ),
    'call:decline': on(staffInbound['call:decline'], (ref, p) =>
      run((ctx) => {
        router.decline(ctx, me(ref), p.callId)
        return {}
      }),
    ),
    'call:wrapup': on(staffInbound['call:wrapup'], (ref, p) =>
      run((ctx) => calls.wrapup(ctx, me(ref), p.callId, p.outcome, p.notes ?? null)),
    ),
    'cosvc:request': on(staffInbound['cosvc:request'], (ref, p) =>
      run((ctx) => {
        const { call, side } = party(ctx, ref, p.callId)
        coservice.requestView(ctx, call, side)
        return {}
      }),
    ),
    'cosvc:action': on(staffInbound['cosvc:action'], (ref, p) =>
      run((ctx) => {
        const { call, side } = party(ctx, ref, p.callId)
        coservice.relayAction(ctx, call, side, p.actionId, p.action)
        return {}
      }),
    ),
    'idcheck:send': on(staffInbound['idcheck:send'], (ref, p) =>
      run((ctx) => {
        const { call, side } = party(ctx, ref, p.callId)
        const { callId: _callId, ...identity } = p
        identityCheck.sendIdentity(ctx, call, side, identity)
        return {}
      }),
    ),
  }

  function handle(ref: SocketRef, event: string, payload: unknown): Ack<unknown> {
    // Refusals are logged where the event came in (dispatch.ts), with the sender's identity.
    const fail = (code: ErrorCode, message: string): Ack<unknown> => {
      return { ok: false, error: { code, message } }
    }
    if (!serving()) return fail('unavailable', messages.unavailable)
    const table: Record<string, Fn | undefined> =
      ref.ns === 'terminal' ? terminalHandlers : staffHandlers
    const fn = Object.hasOwn(table, event) ? table[event] : undefined
    if (!fn) return fail('unknown_event', messages.unknown_event)
    try {
      return { ok: true, data: fn(ref, payload as never) ?? {} }
    } catch (err) {
      if (err instanceof Refusal) return fail(err.code, err.message)
      log.error({ err, event }, 'handler threw')
      return fail('internal', messages.internal)
    }
  }

  function arrived(ref: SocketRef, user?: StaffMember): void {
    safely(`${ref.ns} arrival`, () => {
      if (ref.ns === 'terminal') {
        const previous = sessions.terminalConnected(state, ref.data.terminalId, ref.id)
        if (previous) edge.disconnect('terminal', previous)
        run((ctx) => sessions.terminalArrived(ctx, ref.data, ref.id))
        return
      }
      if (!user) return
      const st = staffState(state, user, now())
      st.user = user
      names.set(user.id, user.displayName)
      const previous = sessions.staffConnected(st, ref.id)
      if (previous) edge.disconnect('staff', previous)
      run((ctx) => sessions.staffArrived(ctx, st, ref.id))
    })
  }

  function left(ref: SocketRef): void {
    safely(`${ref.ns} departure`, () => {
      if (ref.ns === 'terminal')
        run((ctx) => sessions.terminalLeft(ctx, ref.data.terminalId, ref.id))
      else {
        const st = state.staff.get(ref.data.userId)
        if (st) run((ctx) => sessions.staffLeft(ctx, st, ref.id))
      }
    })
  }

  function resync(ref: SocketRef): void {
    safely(`${ref.ns} resync`, () =>
      run((ctx) => {
        const to = { socket: ref.id, ns: ref.ns }
        if (ref.ns === 'terminal') {
          if (state.terminalsOnline.get(ref.data.terminalId) === ref.id)
            emit(ctx, to, 'session:state', terminalState(ctx, ref.data))
          return
        }
        const st = state.staff.get(ref.data.userId)
        if (st?.socketId !== ref.id) return
        emit(ctx, to, 'session:state', staffSessionState(ctx, st))
        emit(ctx, to, 'queue:snapshot', snapshotFor(ctx, st))
      }),
    )
  }

  // Coalesced moves up the line (queue.ts), sent once they are due.
  scheduler.every(POSITIONS_FLUSH_MS, () =>
    safely('positions', () => {
      if (!state.closed && state.positionsPending.size > 0 && serving())
        run((ctx) => flushPendingPositions(ctx))
    }),
  )

  // Recomputed once a second while a supervisor or admin is connected, sent only when it
  // changed: one place instead of a hook in every transition, and cheap (queues and clerks).
  let lastOverview = ''
  scheduler.every(1_000, () =>
    safely('overview', () => {
      if (state.closed) return
      let watched = false
      for (const st of state.staff.values())
        if (st.socketId && st.user.role !== 'clerk') watched = true
      if (!watched) return
      read((ctx) => {
        const next = overview(ctx)
        const text = JSON.stringify(next)
        if (text === lastOverview) return
        lastOverview = text
        ctx.fx.push({
          kind: 'emit',
          to: { supervisors: true },
          event: 'queue:overview',
          payload: next,
        })
      })
    }),
  )

  // The saved calls, queue and talk times are read before the counter serves; the rebuild
  // itself is one synchronous step.
  const ready = (async () => {
    const [openCalls, entries] = await Promise.all([
      store.listOpenCalls(),
      store.listQueueEntries(),
    ])
    const categories = new Set([...deps.categories(), ...openCalls.map((c) => c.category)])
    const endedCalls: CallRecord[] = []
    for (const category of categories) {
      handleTimes.seed(category, await store.recentTalks(category, TALKS_AVERAGED))
      endedCalls.push(...(await store.endedCallsSince(category, now() - FORGET_ENDED_MS)))
    }
    endedCalls.sort((a, b) => (a.endedAt ?? 0) - (b.endedAt ?? 0))
    const users = new Map<string, UserRecord>()
    for (const id of new Set(openCalls.map((c) => c.clerkId))) {
      const user = id ? await store.getUser(id) : null
      if (user) {
        users.set(user.id, user)
        names.set(user.id, user.displayName)
      }
    }
    if (state.closed) return
    run((ctx) =>
      rebuild(ctx, { openCalls, endedCalls, entries, user: (id) => users.get(id) ?? null }),
    )
  })()
  // Awaited by the caller; logged here too, so an unawaited failure is not unhandled.
  ready.catch((err: unknown) => log.error({ err }, 'restoring open calls failed'))

  return {
    ready,
    arrived,
    left,
    resync,
    handle,
    stats() {
      let queued = 0
      let active = 0
      for (const c of state.calls.values()) {
        if (QUEUED.has(c.rec.state)) queued++
        else if (ACTIVE.has(c.rec.state)) active++
      }
      let staffOnline = 0
      for (const s of state.staff.values()) if (s.socketId) staffOnline++
      return { queued, active, terminalsOnline: state.terminalsOnline.size, staffOnline }
    },
    gauges: () => gaugesOf(state, deps.categories()),
    close() {
      state.closed = true
      scheduler.close()
    },
  }
}
