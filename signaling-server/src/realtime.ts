import type { Server } from 'socket.io'
import { STAFF_NAMESPACE, TERMINAL_NAMESPACE } from '../../common/signaling'
import { createWarnOnce } from './log-throttle'
import type { PinoLogger as Logger } from '../../node-common/logger'
import type { RealtimeEvents } from './metrics'
import { createCounter, type CounterEdge } from './realtime/counter'
import { attachGateway } from './realtime/gateway'
import { staffRoom } from './realtime/notify'
import type { RealtimeGauges } from './realtime/gauges'
import type { Commands } from './realtime/commands'
import type { HealthReport } from '../../common/signaling/health'
import type { RealtimeConfig } from './realtime/state'
import type { Store } from './store/types'
import type { TerminalTokens } from './terminal-token'

export { defaultRealtimeConfig, type RealtimeConfig } from './realtime/state'

export interface Realtime {
  /** Settles once open calls are restored from the store; the server listens after it. */
  ready: Promise<void>
  /** Number of open calls (queued or active), for health and tests. */
  stats(): { queued: number; active: number; terminalsOnline: number; staffOnline: number }
  /** Sockets, queues, calls and offers right now, for the node's metrics. */
  gauges(): RealtimeGauges
  /** Terminals connected now (to any node of a cluster), for the technicians' list. */
  onlineTerminals(): ReadonlySet<string> | Promise<ReadonlySet<string>>
  /** Closes every socket of a terminal (revoked) or a staff account (disabled), on any node. */
  endTerminal(terminalId: string): void
  endStaff(userId: string): void
  /** Remote commands to the terminals (realtime/commands.ts), for the console's routes. */
  commands: Commands
  /** Writes the health reports taken so far (they are batched), before a read of them. */
  flushHealth(): Promise<void>
  /** Takes no new sockets and moves this node's clients to the others (a cluster's drain). */
  drain?(): Promise<void>
  close(): void
}

export interface RealtimeDeps {
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
}

/** Every console of the account, on whichever node holds it (its `staff:<id>` room). */
export function endStaffSockets(io: Server, userId: string): void {
  io.of(STAFF_NAMESPACE).in(staffRoom(userId)).disconnectSockets(true)
}

/** The counter's emits and closes through this server's namespaces (and its adapter). */
export function edgeOf(io: Server): CounterEdge {
  const nsOf = (ns: 'terminal' | 'staff') =>
    io.of(ns === 'terminal' ? TERMINAL_NAMESPACE : STAFF_NAMESPACE)
  return {
    to: (ns, rooms) => nsOf(ns).to(rooms) as unknown as { emit(ev: string, p: unknown): void },
    disconnect: (ns, socketId) => nsOf(ns).in(socketId).disconnectSockets(true),
  }
}

/**
 * The video counter of a single node: the gateway (realtime/gateway.ts) hands its sockets'
 * events straight to the counter (realtime/counter.ts) in this process. In-memory state is
 * authoritative while the process runs and written through to the store on every transition,
 * so a restart rebuilds it (recovery.ts). A cluster node wires the same two parts through
 * Redis instead (cluster/realtime.ts).
 */
export function attachRealtime(io: Server, deps: RealtimeDeps): Realtime {
  const warnOnce = createWarnOnce(deps.log)
  const counter = createCounter({
    store: deps.store,
    log: deps.log,
    now: deps.now,
    config: deps.config,
    categories: deps.categories,
    edge: edgeOf(io),
    warnOnce,
    ...(deps.events ? { events: deps.events } : {}),
  })
  const gateway = attachGateway(io, {
    store: deps.store,
    log: deps.log,
    now: deps.now,
    rateLimits: deps.config.rateLimits,
    warnOnce,
    link: counter,
    tokens: deps.tokens,
    onHealthReport: deps.onHealthReport,
  })
  return {
    ready: counter.ready,
    stats: () => counter.stats(),
    gauges: () => counter.gauges(),
    commands: gateway.commands,
    flushHealth: () => gateway.flushHealth(),
    onlineTerminals: () => gateway.terminalIds(),
    endTerminal: (terminalId) => gateway.endTerminal(terminalId),
    endStaff: (userId) => endStaffSockets(io, userId),
    close() {
      gateway.close()
      counter.close()
    },
  }
}
