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
} from '../../../common/signaling'
import type { WarnOnce } from '../log-throttle'
import type { PinoLogger as Logger } from '../../../node-common/logger'
import { IdentityBudgets, type RateLimitConfig } from '../rate-limit'
import type { HealthReport } from '../../../common/signaling/health'
import type { Store, UserRecord } from '../store/types'
import type { TerminalTokens } from '../terminal-token'
import type { SocketRef } from './counter'
import { createDispatch, type Answer } from './dispatch'
import { createCommands, type Commands } from './commands'
import { createHealthReports } from './health'
import { connectError, createHandshakes, type StaffData, type TerminalData } from './handshake'
import { categoryRoom, staffRoom, SUPERVISORS_ROOM } from './notify'
import type { StaffMember } from './state'

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

/** How a node's sockets reach the counter: the counter itself, or the cluster's owner. */
export interface CounterLink {
  arrived(ref: SocketRef, user?: StaffMember): void
  left(ref: SocketRef): void
  handle(ref: SocketRef, event: string, payload: unknown): Answer
}

/** How long the centre waits for a kiosk to ack receipt of `command:run`. */
const COMMAND_RECEIPT_MS = 10_000
/** How often open commands are expired or sent again. */
const COMMAND_SWEEP_MS = 15_000

export interface Gateway {
  /** Remote commands to this node's terminals (commands.ts). */
  commands: Commands
  /** Writes the health reports taken so far (they are batched). */
  flushHealth(): Promise<void>
  /** Every socket this node holds, for announcing them again to a new owner. */
  local(): { ref: SocketRef; user?: UserRecord }[]
  /** Ids of the terminals connected to this node. */
  terminalIds(): Set<string>
  /** Closes this node's sockets of the terminal. */
  endTerminal(terminalId: string): void
  close(): void
}

/**
 * The node's socket edge of the video counter: handshakes, rooms, admission of every inbound
 * event (dispatch.ts) and the departures, handed to the counter through a link. Health reports
 * stay here: they touch only the store, never the counter's state.
 */
export function attachGateway(
  io: Server,
  deps: {
    store: Store
    log: Logger
    now: () => number
    rateLimits: RateLimitConfig
    warnOnce: WarnOnce
    link: CounterLink
    tokens?: TerminalTokens | undefined
    /** Each health report taken (staged updates watch the terminals on a new version). */
    onHealthReport?: ((terminalId: string, report: HealthReport, at: number) => void) | undefined
  },
): Gateway {
  const { store, log, now, link, warnOnce } = deps
  // Rate limits and repeated warnings are per identity, so reconnecting resets neither.
  const budgets = new IdentityBudgets(deps.rateLimits, now)
  const identityOf = (sock: AnySocket): string =>
    sock.data.kind === 'terminal' ? `terminal:${sock.data.terminalId}` : `staff:${sock.data.userId}`
  let closed = false

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

  const dispatch = createDispatch({ log, now, budgets, warnOnce, identityOf })
  const intervals: NodeJS.Timeout[] = []
  const every = (ms: number, fn: () => void): void => {
    const t = setInterval(fn, ms)
    t.unref()
    intervals.push(t)
  }
  const health = createHealthReports({
    store,
    now,
    log,
    ...(deps.onHealthReport ? { onReport: deps.onHealthReport } : {}),
    every,
  })
  /** This node's socket of a terminal (commands are rare: a scan, not a map per idle kiosk). */
  const socketOf = (terminalId: string): TerminalSocket | undefined => {
    for (const sock of tns.sockets.values()) if (sock.data.terminalId === terminalId) return sock
    return undefined
  }
  const commands = createCommands({
    store,
    now,
    log,
    delivery: {
      async send(terminalId, event) {
        const sock = socketOf(terminalId)
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
  every(
    COMMAND_SWEEP_MS,
    () =>
      void commands
        .expire()
        .then(() => commands.resendPending((id) => socketOf(id) !== undefined))
        .catch((err: unknown) => log.warn({ err }, 'commands not swept')),
  )
  /** The account behind each connected console (refreshed at every handshake). */
  const users = new Map<string, UserRecord>()

  const terminalRef = (sock: TerminalSocket): SocketRef => ({
    ns: 'terminal',
    id: sock.id,
    data: sock.data,
  })
  const staffRef = (sock: StaffSocket): SocketRef => ({ ns: 'staff', id: sock.id, data: sock.data })

  function deliverTerminal(sock: TerminalSocket, event: string, payload: unknown): Answer {
    if (event === 'health:report') {
      health.receive(sock.data.terminalId, payload as never)
      return { ok: true, data: {} }
    }
    if (event === 'command:result')
      return commands
        .result(sock.data.terminalId, payload as never)
        .then((data) => ({ ok: true as const, data }))
    return link.handle(terminalRef(sock), event, payload)
  }
  const deliverStaff = (sock: StaffSocket, event: string, payload: unknown): Answer =>
    link.handle(staffRef(sock), event, payload)

  const handshakes = createHandshakes({
    store,
    log,
    now,
    tokens: deps.tokens,
    warnOnce,
    onStaff: (user) => void users.set(user.id, user),
  })
  tns.use((sock, next) => void handshakes.terminal(sock, next))
  sns.use((sock, next) => void handshakes.staff(sock, next))

  // One listener of each kind for all sockets of a namespace: socket.io calls it with the socket
  // as `this` (as Node's EventEmitter does), so an idle kiosk holds no closure of its own (two
  // closures and their contexts were ~0.2 KB of heap for each of thousands of idle kiosks).
  function terminalEvent(this: TerminalSocket, event: string, ...args: unknown[]): void {
    dispatch(this, terminalInbound, deliverTerminal, event, args)
  }
  function terminalGone(this: TerminalSocket): void {
    link.left(terminalRef(this))
    // "Last seen" for the technicians; only on disconnect, so a reconnect storm writes nothing
    // (and not while the server itself is closing every socket).
    if (closed) return
    const terminalId = this.data.terminalId
    store
      .markTerminalSeen(terminalId, now())
      .catch((err: unknown) => log.warn({ err, terminalId }, 'last seen not kept'))
  }
  function staffEvent(this: StaffSocket, event: string, ...args: unknown[]): void {
    dispatch(this, staffInbound, deliverStaff, event, args)
  }
  function staffGone(this: StaffSocket): void {
    link.left(staffRef(this))
  }

  tns.on('connection', (sock) => {
    sock.onAny(terminalEvent)
    sock.on('disconnect', terminalGone)
    link.arrived(terminalRef(sock))
    void commands.terminalConnected(sock.data.terminalId)
  })

  sns.on('connection', (sock) => {
    const user = users.get(sock.data.userId)
    if (!user) return void sock.disconnect(true)
    void sock.join(staffRoom(user.id))
    if (user.role === 'clerk') void sock.join(user.categories.map(categoryRoom))
    else void sock.join(SUPERVISORS_ROOM)
    sock.onAny(staffEvent)
    sock.on('disconnect', staffGone)
    link.arrived(staffRef(sock), user)
  })

  // Only the two namespaces above exist; the default one is refused.
  io.use((_sock, next) => next(connectError('wrong_namespace')))

  return {
    commands,
    flushHealth: () => health.flush(),
    local() {
      const out: { ref: SocketRef; user?: UserRecord }[] = []
      for (const sock of tns.sockets.values()) out.push({ ref: terminalRef(sock) })
      for (const sock of sns.sockets.values()) {
        const user = users.get(sock.data.userId)
        if (user) out.push({ ref: staffRef(sock), user })
      }
      return out
    },
    terminalIds() {
      const ids = new Set<string>()
      for (const sock of tns.sockets.values()) ids.add(sock.data.terminalId)
      return ids
    },
    endTerminal(terminalId) {
      for (const sock of tns.sockets.values())
        if (sock.data.terminalId === terminalId) sock.disconnect(true)
    },
    close() {
      closed = true
      for (const t of intervals) clearInterval(t)
      // What was taken is written before the store closes.
      void health.flush()
      warnOnce.flush()
    },
  }
}
