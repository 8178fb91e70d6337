import type { Server } from 'socket.io'
import { STAFF_NAMESPACE, TERMINAL_NAMESPACE } from '../../common/signaling'
import { createWarnOnce } from './log-throttle'
import type { PinoLogger as Logger } from '../../node-common/logger'
import type { RealtimeEvents } from './metrics'
import { createCounter, type CounterEdge } from './realtime/counter'
import { attachGateway } from './realtime/gateway'
import type { RealtimeGauges } from './realtime/gauges'
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
  close(): void
}

export interface RealtimeDeps {
  store: Store
  log: Logger
  now: () => number
  config: RealtimeConfig
  /** Short-lived terminal tokens (terminal-token.ts), accepted on `/terminal`. */
  tokens?: TerminalTokens
  /** The catalog's category ids: `queue:join` refuses any other. */
  categories: ReadonlySet<string>
  /** Counters for the node's metrics (metrics.ts). */
  events?: RealtimeEvents
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
  })
  return {
    ready: counter.ready,
    stats: () => counter.stats(),
    gauges: () => counter.gauges(),
    close() {
      gateway.close()
      counter.close()
    },
  }
}
