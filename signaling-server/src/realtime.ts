import type { Namespace, Server, Socket } from 'socket.io'
import {
  STAFF_NAMESPACE,
  staffInbound,
  TERMINAL_NAMESPACE,
  terminalInbound,
  type StaffClientToServer,
  type StaffServerToClient,
  type TerminalClientToServer,
  type TerminalServerToClient,
} from '../../common/signaling'
import { newId } from './auth'
import { createWarnOnce } from './log-throttle'
import type { PinoLogger as Logger } from '../../node-common/logger'
import type { RealtimeEvents } from './metrics'
import { IdentityBudgets } from './rate-limit'
import * as calls from './realtime/calls'
import * as coservice from './realtime/coservice'
import * as identityCheck from './realtime/identity-check'
import { createDispatch, on, type Handler } from './realtime/dispatch'
import { createExecutor } from './realtime/effects'
import { gaugesOf, type RealtimeGauges } from './realtime/gauges'
import { createEngine } from './realtime/engine'
import { refuse } from './realtime/errors'
import { createHandleTimes, TALKS_AVERAGED } from './realtime/handle-times'
import { createHealthReports } from './realtime/health'
import type { HealthReport } from '../../common/signaling/health'
import { createCommands, type Commands } from './realtime/commands'
import {
  connectError,
  createHandshakes,
  type StaffData,
  type TerminalData,
} from './realtime/handshake'
import { categoryRoom, createNotify, staffRoom, SUPERVISORS_ROOM } from './realtime/notify'
import { staffState } from './realtime/presence'
import { rebuild } from './realtime/recovery'
import { mustBeParty, relaySignal, type Caller } from './realtime/relay'
import { newRequest } from './realtime/request'
import * as router from './realtime/router'
import { createScheduler } from './realtime/scheduler'
import * as sessions from './realtime/sessions'
import { ACTIVE, createState, QUEUED, type Ctx, type RealtimeConfig } from './realtime/state'
import { callView, overview, snapshotFor, staffSessionState, terminalState } from './realtime/views'
import type { Store, UserRecord } from './store/types'
import type { TerminalTokens } from './terminal-token'

export { defaultRealtimeConfig, type RealtimeConfig } from './realtime/state'

/** How long the centre waits for a kiosk to ack receipt of `command:run`. */
const COMMAND_RECEIPT_MS = 10_000
/** How often open commands are expired or sent again. */
const COMMAND_SWEEP_MS = 15_000

type TerminalSocket = Socket<
  TerminalClientToServer,
  TerminalServerToClient,
  Record<string, never>,
  TerminalData
>
type StaffSocket = Socket<
  StaffClientToServer,
  StaffServerToClient,
  Record<string, never>,
  StaffData
>
type AnySocket = TerminalSocket | StaffSocket

export interface Realtime {
  /** Settles once open calls are restored from the store; the server listens after it. */
  ready: Promise<void>
  /** Number of open calls (queued or active), for health and tests. */
  stats(): { queued: number; active: number; terminalsOnline: number; staffOnline: number }
  /** Sockets, queues, calls and offers right now, for the node's metrics. */
  gauges(): RealtimeGauges
  /** Remote commands to the terminals (realtime/commands.ts), for the console's routes. */
  commands: Commands
  /** Writes the health reports taken so far (they are batched), before a read of them. */
  flushHealth(): Promise<void>
  close(): void
}

/**
 * The video counter over socket.io: this file only wires the edge (handshake, dispatch,
 * notify, scheduler, store) to the domain modules under `realtime/` (see
 * docs/architecture.md). In-memory state is authoritative while the process runs and written
 * through to the store on every transition, so a restart rebuilds it (recovery.ts).
 */
export function attachRealtime(
  io: Server,
  deps: {
    store: Store
    log: Logger
    now: () => number
    config: RealtimeConfig
    /** Short-lived terminal tokens (terminal-token.ts), accepted on `/terminal`. */
    tokens?: TerminalTokens
    /** The category ids of the catalog in force: `queue:join` refuses any other. */
    categories: () => ReadonlySet<string>
    /** Counters for the node's metrics (metrics.ts). */
    events?: RealtimeEvents
    /** Each health report taken (staged updates watch the terminals on a new version). */
    onHealthReport?: (terminalId: string, report: HealthReport, at: number) => void
  },
): Realtime {
  const { store, log, now, config } = deps
  // Rate limits and repeated warnings are per identity, so reconnecting resets neither.
  const budgets = new IdentityBudgets(config.rateLimits, now)
  const warnOnce = createWarnOnce(log)
  const identityOf = (sock: AnySocket): string =>
    sock.data.kind === 'terminal' ? `terminal:${sock.data.terminalId}` : `staff:${sock.data.userId}`
  const state = createState()

  const tns = io.of(TERMINAL_NAMESPACE) as unknown as Namespace<
    TerminalClientToServer,
    TerminalServerToClient,
    Record<string, never>,
    TerminalData
  >
  const sns = io.of(STAFF_NAMESPACE) as unknown as Namespace<
    StaffClientToServer,
    StaffServerToClient,
    Record<string, never>,
    StaffData
  >

  function safely(what: string, fn: () => void): void {
    try {
      fn()
    } catch (err) {
      log.error({ err, what }, 'handler failed')
    }
  }

  // ------------------------------------------------------------------------------ the edge

  const notify = createNotify(tns, sns, (id) => state.terminalsOnline.get(id))
  const scheduler = createScheduler(now, (callId, timer) =>
    safely(`timer ${timer}`, () => engine.run((ctx) => calls.timerFired(ctx, callId, timer))),
  )
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

  // ------------------------------------------------------------------------------ handlers

  const dispatch = createDispatch({ log, now, budgets, warnOnce, identityOf })
  const health = createHealthReports({
    store,
    now,
    log,
    ...(deps.onHealthReport ? { onReport: deps.onHealthReport } : {}),
    every: (ms, fn) => scheduler.every(ms, fn),
  })
  const commands = createCommands({
    store,
    now,
    log,
    delivery: {
      async send(terminalId, event) {
        const socketId = state.terminalsOnline.get(terminalId)
        const sock = socketId ? tns.sockets.get(socketId) : undefined
        if (!sock) return false
        try {
          const ack: unknown = await sock
            .timeout(COMMAND_RECEIPT_MS)
            .emitWithAck('command:run', event)
          return (ack as { ok?: unknown } | null)?.ok === true
        } catch {
          return false
        }
      },
    },
  })
  // Unfinished commands past their 10 minutes are marked expired (the lists do it too), and
  // what a connected kiosk has not acked is sent again.
  scheduler.every(
    COMMAND_SWEEP_MS,
    () =>
      void commands
        .expire()
        .then(() => commands.resendPending((id) => state.terminalsOnline.has(id)))
        .catch((err: unknown) => log.warn({ err }, 'commands not swept')),
  )

  const callerOf = (sock: AnySocket): Caller =>
    sock.data.kind === 'terminal'
      ? { kind: 'terminal', terminalId: sock.data.terminalId }
      : { kind: 'staff', userId: sock.data.userId }

  /** The call and the caller's side; the same refusal whether the call exists or not. */
  function party(ctx: Ctx, sock: AnySocket, callId: string, prepared = false) {
    const found = mustBeParty(ctx, callerOf(sock), callId, prepared)
    if (found) return found
    const d = sock.data
    warnOnce.warn(
      `non-party ${identityOf(sock)}`,
      { callId, from: d.kind === 'terminal' ? d.terminalId : d.userId },
      'rejected call event from a non-party',
    )
    return refuse('not_a_party')
  }

  // Handlers shared by both parties of a call.
  const callHandlers = {
    'call:signal': on(staffInbound['call:signal'], (sock: AnySocket, p) =>
      run((ctx) => {
        const { call, side } = party(ctx, sock, p.callId, true)
        relaySignal(ctx, call, side, p.generation, p.data)
        return {}
      }),
    ),
    'call:connected': on(staffInbound['call:connected'], (sock: AnySocket, p) =>
      run((ctx) => calls.connected(ctx, party(ctx, sock, p.callId).call, p.generation)),
    ),
    'call:renegotiate': on(staffInbound['call:renegotiate'], (sock: AnySocket, p) =>
      run((ctx) => calls.renegotiate(ctx, party(ctx, sock, p.callId).call, p.reason)),
    ),
    'call:hangup': on(staffInbound['call:hangup'], (sock: AnySocket, p) =>
      run((ctx) => {
        const { call, side } = party(ctx, sock, p.callId)
        return calls.hangup(ctx, call, side)
      }),
    ),
    'call:quality': on(staffInbound['call:quality'], (sock: AnySocket, p) =>
      run((ctx) => {
        const { call, side } = party(ctx, sock, p.callId)
        calls.quality(ctx, call, side, p.summary)
        return {}
      }),
    ),
  }

  const terminalHandlers: Record<keyof typeof terminalInbound, Handler<TerminalSocket>> = {
    ...callHandlers,
    'session:resume': on(terminalInbound['session:resume'], (sock: TerminalSocket, p) =>
      read((ctx) => {
        if (p.callId) {
          const call = state.calls.get(p.callId)
          if (call && call.rec.terminalId === sock.data.terminalId)
            return { ...terminalState(ctx, sock.data), call: callView(ctx, call) }
        }
        return terminalState(ctx, sock.data)
      }),
    ),
    'queue:join': on(terminalInbound['queue:join'], (sock: TerminalSocket, p) =>
      run((ctx) => {
        if (!deps.categories().has(p.category))
          refuse('invalid_payload', 'category: not in the centre’s catalog')
        // Idempotent: a retried or repeated join returns the open request.
        const open = calls.openCallOf(ctx, sock.data.terminalId)
        if (open) return { call: callView(ctx, open), position: calls.positionOfCall(ctx, open) }
        const { rec, entry } = newRequest(newId('c'), sock.data, p, now())
        return calls.join(ctx, rec, entry)
      }),
    ),
    'queue:cancel': on(terminalInbound['queue:cancel'], (sock: TerminalSocket, p) =>
      run((ctx) => {
        calls.cancel(ctx, party(ctx, sock, p.callId).call)
        return {}
      }),
    ),
    'health:report': on(terminalInbound['health:report'], (sock: TerminalSocket, p) => {
      health.receive(sock.data.terminalId, p)
      return {}
    }),
    'command:result': on(terminalInbound['command:result'], (sock: TerminalSocket, p) =>
      commands.result(sock.data.terminalId, p),
    ),
    'cosvc:consent': on(terminalInbound['cosvc:consent'], (sock: TerminalSocket, p) =>
      run((ctx) => {
        const { call, side } = party(ctx, sock, p.callId)
        coservice.decide(ctx, call, side, p.decision)
        return {}
      }),
    ),
    'cosvc:mirror': on(terminalInbound['cosvc:mirror'], (sock: TerminalSocket, p) =>
      run((ctx) => {
        const { call, side } = party(ctx, sock, p.callId)
        coservice.relayMirror(ctx, call, side, p.seq, p.mirror)
        return {}
      }),
    ),
    'cosvc:page': on(terminalInbound['cosvc:page'], (sock: TerminalSocket, p) =>
      run((ctx) => {
        const { call, side } = party(ctx, sock, p.callId)
        coservice.relayPage(ctx, call, side, p)
        return {}
      }),
    ),
    'cosvc:outcome': on(terminalInbound['cosvc:outcome'], (sock: TerminalSocket, p) =>
      run((ctx) => {
        const { call, side } = party(ctx, sock, p.callId)
        coservice.relayOutcome(ctx, call, side, p)
        return {}
      }),
    ),
    'idcheck:answer': on(terminalInbound['idcheck:answer'], (sock: TerminalSocket, p) =>
      run((ctx) => {
        const { call, side } = party(ctx, sock, p.callId)
        identityCheck.answerIdentity(ctx, call, side, p.answer)
        return {}
      }),
    ),
  }

  const me = (sock: StaffSocket) => state.staff.get(sock.data.userId)!

  const staffHandlers: Record<keyof typeof staffInbound, Handler<StaffSocket>> = {
    ...callHandlers,
    'session:resume': on(staffInbound['session:resume'], (sock: StaffSocket) =>
      read((ctx) => staffSessionState(ctx, me(sock))),
    ),
    'queue:list': on(staffInbound['queue:list'], (sock: StaffSocket) =>
      read((ctx) => snapshotFor(ctx, me(sock))),
    ),
    'queue:overview': on(staffInbound['queue:overview'], (sock: StaffSocket) =>
      read((ctx) => {
        if (me(sock).user.role === 'clerk') refuse('forbidden', 'supervisor or admin role required')
        return overview(ctx)
      }),
    ),
    'presence:set': on(staffInbound['presence:set'], (sock: StaffSocket, p) =>
      run((ctx) => {
        router.requestPresence(ctx, me(sock), p.presence)
        return { presence: me(sock).presence }
      }),
    ),
    'call:accept': on(staffInbound['call:accept'], (sock: StaffSocket, p) =>
      run((ctx) => router.takeCall(ctx, me(sock), p.callId, false)),
    ),
    'queue:pick': on(staffInbound['queue:pick'], (sock: StaffSocket, p) =>
      run((ctx) => router.takeCall(ctx, me(sock), p.callId, true)),
    ),
    'call:decline': on(staffInbound['call:decline'], (sock: StaffSocket, p) =>
      run((ctx) => {
        router.decline(ctx, me(sock), p.callId)
        return {}
      }),
    ),
    'call:wrapup': on(staffInbound['call:wrapup'], (sock: StaffSocket, p) =>
      run((ctx) => calls.wrapup(ctx, me(sock), p.callId, p.outcome, p.notes ?? null)),
    ),
    'cosvc:request': on(staffInbound['cosvc:request'], (sock: StaffSocket, p) =>
      run((ctx) => {
        const { call, side } = party(ctx, sock, p.callId)
        coservice.requestView(ctx, call, side)
        return {}
      }),
    ),
    'cosvc:action': on(staffInbound['cosvc:action'], (sock: StaffSocket, p) =>
      run((ctx) => {
        const { call, side } = party(ctx, sock, p.callId)
        coservice.relayAction(ctx, call, side, p.actionId, p.action)
        return {}
      }),
    ),
    'idcheck:send': on(staffInbound['idcheck:send'], (sock: StaffSocket, p) =>
      run((ctx) => {
        const { call, side } = party(ctx, sock, p.callId)
        const { callId: _callId, ...identity } = p
        identityCheck.sendIdentity(ctx, call, side, identity)
        return {}
      }),
    ),
  }

  // ------------------------------------------------------------------------------ connections

  const handshakes = createHandshakes({
    store,
    log,
    now,
    tokens: deps.tokens,
    warnOnce,
    onStaff: (user) => {
      staffState(state, user, now()).user = user
      names.set(user.id, user.displayName)
    },
  })
  tns.use((sock, next) => void handshakes.terminal(sock, next))
  sns.use((sock, next) => void handshakes.staff(sock, next))

  // One listener of each kind for all sockets of a namespace: socket.io calls it with the socket
  // as `this` (as Node's EventEmitter does), so an idle kiosk holds no closure of its own (two
  // closures and their contexts were ~0.2 KB of heap for each of thousands of idle kiosks).
  function terminalEvent(this: TerminalSocket, event: string, ...args: unknown[]): void {
    dispatch(this, terminalHandlers, event, args)
  }
  function terminalGone(this: TerminalSocket): void {
    const terminalId = this.data.terminalId
    safely('terminal disconnect', () =>
      run((ctx) => sessions.terminalLeft(ctx, terminalId, this.id)),
    )
    // "Last seen" for the technicians; only on disconnect, so a reconnect storm writes nothing
    // (and not while the server itself is closing every socket).
    if (state.closed) return
    store
      .markTerminalSeen(terminalId, now())
      .catch((err: unknown) => log.warn({ err, terminalId }, 'last seen not kept'))
  }
  function staffEvent(this: StaffSocket, event: string, ...args: unknown[]): void {
    dispatch(this, staffHandlers, event, args)
  }
  function staffGone(this: StaffSocket): void {
    safely('staff disconnect', () => run((ctx) => sessions.staffLeft(ctx, me(this), this.id)))
  }

  tns.on('connection', (sock) =>
    safely('terminal connection', () => {
      const previous = sessions.terminalConnected(state, sock.data.terminalId, sock.id)
      if (previous) tns.sockets.get(previous)?.disconnect(true)
      sock.onAny(terminalEvent)
      sock.on('disconnect', terminalGone)
      run((ctx) => sessions.terminalArrived(ctx, sock.data, sock.id))
      void commands.terminalConnected(sock.data.terminalId)
    }),
  )

  sns.on('connection', (sock) =>
    safely('staff connection', () => {
      const s = me(sock)
      void sock.join(staffRoom(s.user.id))
      if (s.user.role === 'clerk') void sock.join(s.user.categories.map(categoryRoom))
      else void sock.join(SUPERVISORS_ROOM)
      const previous = sessions.staffConnected(s, sock.id)
      if (previous) sns.sockets.get(previous)?.disconnect(true)
      sock.onAny(staffEvent)
      sock.on('disconnect', staffGone)
      run((ctx) => sessions.staffArrived(ctx, s, sock.id))
    }),
  )

  // Recomputed once a second while a supervisor or admin is connected, sent only when it
  // changed: one place instead of a hook in every transition, and cheap (queues and clerks).
  let lastOverview = ''
  scheduler.every(1_000, () =>
    safely('overview', () => {
      if (state.closed || !sns.adapter.rooms.get(SUPERVISORS_ROOM)?.size) return
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

  // Only the two namespaces above exist; the default one is refused.
  io.use((_sock, next) => next(connectError('wrong_namespace')))

  // The saved calls, queue and talk times are read before the server listens (app.ts awaits
  // `ready`); the rebuild itself is one synchronous step.
  const ready = (async () => {
    const [openCalls, entries] = await Promise.all([
      store.listOpenCalls(),
      store.listQueueEntries(),
    ])
    const categories = new Set([...deps.categories(), ...openCalls.map((c) => c.category)])
    for (const category of categories)
      handleTimes.seed(category, await store.recentTalks(category, TALKS_AVERAGED))
    const users = new Map<string, UserRecord>()
    for (const id of new Set(openCalls.map((c) => c.clerkId))) {
      const user = id ? await store.getUser(id) : null
      if (user) {
        users.set(user.id, user)
        names.set(user.id, user.displayName)
      }
    }
    run((ctx) => rebuild(ctx, { openCalls, entries, user: (id) => users.get(id) ?? null }))
  })()
  // Awaited by listen(); logged here too, so an unawaited failure is not an unhandled rejection.
  ready.catch((err: unknown) => log.error({ err }, 'restoring open calls failed'))

  return {
    ready,
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
    commands,
    flushHealth: () => health.flush(),
    close() {
      state.closed = true
      // What was taken is written before the store closes.
      void health.flush()
      scheduler.close()
      warnOnce.flush()
    },
  }
}
