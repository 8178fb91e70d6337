import { monitorEventLoopDelay } from 'node:perf_hooks'
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import { credentialMatches, sha256 } from './auth'
import { HttpError } from './http/errors'
import { route, type AnyRoute } from './http/router'
import type { RealtimeGauges } from './realtime/gauges'
import type { Store } from './store/types'

/**
 * The node's Prometheus metrics (prom-client), one registry per application so several
 * servers in one test process do not share figures. What operators alert on is in
 * docs/deployment.md.
 */
export interface CentreMetrics {
  registry: Registry
  /** Hooks the video counter calls; counters only, no personal data in any label. */
  realtime: RealtimeEvents
  /** A new socket was refused because the server was busy (admission.ts). */
  refusedBusy(): void
  /** Times every async method of the store (latency histogram, error counter). */
  instrumentStore(store: Store): Store
  /** Reads the live gauges at each scrape. */
  watchRealtime(read: () => RealtimeGauges): void
  close(): void
}

export interface RealtimeEvents {
  offered(): void
  storeWriteFailed(): void
  /** A cluster node's Redis client failed (connection error, or a publish that never left). */
  redisError?(client: string): void
  /** Sockets the counter's owner set right from a node's roster. */
  clusterReconciled?(sockets: number): void
  /** The owner's lease was confirmed again after a pause; `held` messages then handled. */
  clusterResumed?(held: number): void
}

/**
 * `process`: also the process-wide figures (CPU, memory, GC, event-loop lag). They watch the
 * whole process, so only a node that serves `/metrics` turns them on, not every server a test
 * starts.
 */
export function createCentreMetrics(opts: { process: boolean }): CentreMetrics {
  const registry = new Registry()
  const loop = opts.process ? monitorEventLoopDelay({ resolution: 20 }) : null
  if (loop) {
    // Process CPU, memory, handles, GC and event-loop lag (nodejs_eventloop_lag_*).
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 })
    loop.enable()
    new Gauge({
      name: 'centre_event_loop_delay_p99_seconds',
      help: 'p99 of the event-loop delay since the previous scrape',
      registers: [registry],
      collect() {
        this.set(loop.percentile(99) / 1e9)
        loop.reset()
      },
    })
  }

  let read: (() => RealtimeGauges) | null = null
  new Gauge({
    name: 'centre_sockets',
    help: 'connected sockets by role (terminal, clerk, supervisor, admin)',
    labelNames: ['role'],
    registers: [registry],
    collect() {
      const g = read?.()
      if (!g) return
      this.set({ role: 'terminal' }, g.terminalsOnline)
      for (const [role, n] of Object.entries(g.staffOnline)) this.set({ role }, n)
    },
  })
  new Gauge({
    name: 'centre_queue_length',
    help: 'residents waiting (queued or being offered) per category',
    labelNames: ['category'],
    registers: [registry],
    collect() {
      const g = read?.()
      if (!g) return
      this.reset()
      for (const [category, n] of Object.entries(g.queueLength)) this.set({ category }, n)
    },
  })
  new Gauge({
    name: 'centre_calls',
    help: 'open calls by state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const g = read?.()
      if (!g) return
      this.reset()
      for (const [state, n] of Object.entries(g.callsByState)) this.set({ state }, n)
    },
  })
  new Gauge({
    name: 'centre_offers_pending',
    help: 'offers a clerk has not yet answered',
    registers: [registry],
    collect() {
      const g = read?.()
      if (g) this.set(g.offersPending)
    },
  })
  const offers = new Counter({
    name: 'centre_offers_total',
    help: 'offers made to clerks',
    registers: [registry],
  })
  const storeSeconds = new Histogram({
    name: 'centre_store_seconds',
    help: 'latency of the signaling store (SQLite or PostgreSQL) by method',
    labelNames: ['method'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  })
  const storeErrors = new Counter({
    name: 'centre_store_errors_total',
    help: 'signaling store calls that failed (e.g. PostgreSQL unreachable), by method',
    labelNames: ['method'],
    registers: [registry],
  })
  const writeFailures = new Counter({
    name: 'centre_call_store_write_failures_total',
    help: 'write-throughs of call and queue state that failed (logged; the state lives on)',
    registers: [registry],
  })
  const redisErrors = new Counter({
    name: 'centre_redis_errors_total',
    help: 'Redis errors of a cluster node, by client (redis, publisher, subscriber, adapter)',
    labelNames: ['client'],
    registers: [registry],
  })
  const reconciled = new Counter({
    name: 'centre_counter_reconciled_sockets_total',
    help: 'sockets the counter’s owner set right from a node’s roster (missed arrivals etc.)',
    registers: [registry],
  })
  const refusedBusy = new Counter({
    name: 'centre_connections_refused_busy_total',
    help: 'new socket connections refused while the event loop lagged (admission.ts)',
    registers: [registry],
  })
  const resumed = new Counter({
    name: 'centre_counter_pauses_total',
    help: 'times the counter’s owner paused (lease unconfirmed) and then served on',
    registers: [registry],
  })
  return {
    registry,
    refusedBusy: () => refusedBusy.inc(),
    realtime: {
      offered: () => offers.inc(),
      storeWriteFailed: () => writeFailures.inc(),
      redisError: (client) => redisErrors.inc({ client }),
      clusterReconciled: (n) => reconciled.inc(n),
      clusterResumed: () => resumed.inc(),
    },
    instrumentStore(store) {
      return new Proxy(store, {
        get(target, prop, receiver) {
          const value: unknown = Reflect.get(target, prop, receiver)
          if (typeof value !== 'function' || typeof prop !== 'string') return value
          return (...args: unknown[]) => {
            const end = storeSeconds.startTimer({ method: prop })
            let out: unknown
            try {
              out = (value as (...a: unknown[]) => unknown).apply(target, args)
            } catch (err) {
              storeErrors.inc({ method: prop })
              throw err
            }
            if (!(out instanceof Promise)) {
              end()
              return out
            }
            return out.then(
              (v: unknown) => {
                end()
                return v
              },
              (err: unknown) => {
                end()
                storeErrors.inc({ method: prop })
                throw err
              },
            )
          }
        },
      })
    },
    watchRealtime(r) {
      read = r
    },
    close() {
      loop?.disable()
      registry.clear()
    },
  }
}

/**
 * `GET /metrics` for a Prometheus scraper holding the node's metrics token (bearer). The
 * figures say how busy the centre is; they are not public, so without a configured token the
 * endpoint does not exist (404) and a wrong or missing token is 401.
 */
export function metricsRoute(metrics: CentreMetrics, token: string | undefined): AnyRoute {
  const expected = token ? sha256(token) : null
  return route({
    method: 'GET',
    path: '/metrics',
    async handler({ req, res }) {
      if (!expected) throw new HttpError(404, 'not_found')
      const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')
      if (!m?.[1] || !credentialMatches(m[1], expected)) throw new HttpError(401, 'unauthorized')
      const body = await metrics.registry.metrics()
      res.writeHead(200, {
        'content-type': metrics.registry.contentType,
        'cache-control': 'no-store',
      })
      res.end(body)
    },
  })
}
