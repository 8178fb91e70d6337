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
import type { Store, UserRecord } from '../store/types'
import type { TerminalTokens } from '../terminal-token'
import type { SocketRef } from './counter'
import { createDispatch, type Answer } from './dispatch'
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

export interface Gateway {
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
  const health = createHealthReports({ store, now, log })
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
      warnOnce.flush()
    },
  }
}
