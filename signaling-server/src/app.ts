import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import sirv from 'sirv'
import { Server as SocketServer } from 'socket.io'
import type { Catalog } from '../../common/catalog/schema'
import { sampleCatalog } from '../../common/catalog/sample'
import { STAFF_NAMESPACE } from '../../common/signaling'
import { signalingRoutes } from './http-api'
import { createAdmission, type Admission } from './admission'
import { createWarnOnce } from './log-throttle'
import { releaseHandshakeRequests } from './handshake-requests'
import { createCentreMetrics, metricsRoute } from './metrics'
import { HttpError, sendError } from './http/errors'
import { createRouter, route, type AnyRoute } from './http/router'
import type { PinoLogger as Logger } from '../../node-common/logger'
import {
  attachRealtime,
  defaultRealtimeConfig,
  type Realtime,
  type RealtimeConfig,
  type RealtimeDeps,
} from './realtime'
import { Redis } from 'ioredis'
import { attachClusterRealtime, type ClusterOptions } from './cluster/realtime'
import { sharedLoginThrottle } from './cluster/shared-limits'
import { openSqliteStore } from './store/sqlite'
import { createTerminalTokens } from './terminal-token'
import { startSessionSweep } from './session-sweep'
import { staffAdminRoutes } from './staff-admin'
import { terminalAdminRoutes } from './terminal-admin'
import { commandAdminRoutes } from './command-admin'
import { attachCasePush } from './cases/push'
import type { CaseFeed } from './cases/feed'
import type { Store } from './store/types'
import { updateRoutes } from './fleet/http'
import { openReleaseFolder } from './fleet/releases'
import { createRollouts } from './fleet/rollouts'

export interface AppDeps {
  log: Logger
  version: string
  /** The built renderer; the clerk console is served from it for clerks working in a browser. */
  rendererDir: string
  /** Defaults to an in-memory SQLite store (nothing survives the process). */
  store?: Store
  /** Timeouts, ICE servers, rate limits; defaults in `defaultRealtimeConfig`. */
  realtime?: Partial<RealtimeConfig>
  now?: () => number
  /**
   * Signs the terminals' short-lived signaling tokens (32 bytes). `npm run server` derives it
   * from the data key so tokens survive a restart; without it, a random key per process.
   */
  signalingTokenKey?: Buffer
  /**
   * Origins allowed to call `/api/` from a browser (CORS), e.g. `app://kiosk` for the Electron
   * clerk console. None by default: the browser clerk console is served from this origin.
   */
  corsOrigins?: readonly string[]
  /**
   * The centre's catalog without the applications API: `queue:join` accepts only its
   * categories. Default: the sample. With the applications API, its published catalog.
   */
  catalog?: Catalog
  /** The applications API (signaling-server/src/applications): routes under /api/v1/ and /p/. */
  applications?: {
    routes: readonly AnyRoute[]
    caseFeed?: CaseFeed
    /** The published catalog (catalog/service.ts), read at every `queue:join`. */
    catalogs?: { current(): Catalog }
    /** Settles once the applications side can answer (the catalog in force read). */
    ready?: Promise<void>
  }
  /** Result verification (signaling-server/src/results): the key list, status, the /v/ page. */
  results?: { routes: readonly AnyRoute[] }
  /**
   * The bearer token a Prometheus scraper sends to `GET /metrics`; without one the endpoint
   * does not exist. `npm run server` reads it from $SERVER_METRICS_TOKEN.
   */
  metricsToken?: string
  /**
   * The update folder (fleet/releases.ts): one sub-folder per kiosk version with its artefacts.
   * Without it the feed serves nothing and no rollout can be created.
   */
  updatesDir?: string
  /**
   * One node of a cluster (docs/deployment.md): Redis carries the sockets' events to the node
   * that serves the video counter and its emits back. Without it, the single-process counter.
   */
  cluster?: ClusterOptions
  /** Admission of new sockets (admission.ts); default: refused while the loop lags 500 ms. */
  admission?: Admission
}

/** The listener's accept queue (the kernel caps it at net.core.somaxconn). */
const LISTEN_BACKLOG = 4096

export interface Application {
  http: Server
  io: SocketServer
  realtime: Realtime
  /** A cluster node's graceful stop: no new sockets, counter handed over, clients moved. */
  drain(): Promise<void>
  listen(port: number, host?: string): Promise<{ port: number; url: string }>
  close(): Promise<void>
}

const csp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

/** Static files, health and redirects answer every method, as the server always has. */
const ALL = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const

/** How a dependency answers a cheap read: a load balancer takes a node that fails out. */
async function probe(
  read: () => Promise<unknown>,
  timeoutMs = 2_000,
): Promise<{ ok: boolean; ms: number }> {
  const t0 = performance.now()
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)
  })
  try {
    await Promise.race([read(), late])
    return { ok: true, ms: Math.round(performance.now() - t0) }
  } catch {
    return { ok: false, ms: Math.round(performance.now() - t0) }
  } finally {
    clearTimeout(timer)
  }
}

/** The signaling server as a factory, so tests start it on port 0 with their own dependencies. */
export function createApplication(deps: AppDeps): Application {
  const started = Date.now()
  const now = deps.now ?? Date.now
  const metrics = createCentreMetrics({ process: Boolean(deps.metricsToken) })
  const store = metrics.instrumentStore(deps.store ?? openSqliteStore(':memory:'))
  const statics = sirv(deps.rendererDir, { dev: false, etag: true })
  const tokens = createTerminalTokens({
    store,
    now,
    ...(deps.signalingTokenKey ? { key: deps.signalingTokenKey } : {}),
  })
  const releases = openReleaseFolder(deps.updatesDir)
  const rollouts = createRollouts({ store, releases, now, log: deps.log })
  const notFound = (res: ServerResponse) => sendError(res, new HttpError(404, 'not_found'))
  // A cluster's nodes count failed logins together (a guesser is not let in N times as often).
  const limitsRedis = deps.cluster
    ? new Redis(deps.cluster.redisUrl, {
        maxRetriesPerRequest: 1,
        commandTimeout: 1_000,
        // While Redis is away a login is throttled in memory at once, not after the retries.
        enableOfflineQueue: false,
      })
    : null
  limitsRedis?.on('error', () => metrics.realtime.redisError?.('limits'))
  const loginThrottle = limitsRedis
    ? sharedLoginThrottle(limitsRedis, deps.cluster?.prefix ?? 'centre:')
    : undefined
  const routes: AnyRoute[] = [
    ...signalingRoutes({
      store,
      log: deps.log,
      now,
      tokens,
      ...(loginThrottle ? { loginThrottle } : {}),
    }),
    ...staffAdminRoutes({
      store,
      log: deps.log,
      now,
      // The handshake refuses the account's token from now on.
      endSockets: (userId) => realtime.endStaff(userId),
    }),
    ...terminalAdminRoutes({
      store,
      log: deps.log,
      now,
      onlineTerminals: () => realtime.onlineTerminals(),
      endTerminalSockets: (terminalId) => realtime.endTerminal(terminalId),
      flushHealth: () => realtime.flushHealth(),
    }),
    ...updateRoutes({ store, rollouts, releases, log: deps.log, now }),
    // Read at request time: the realtime side is attached below, once the sockets exist.
    ...commandAdminRoutes({ store, now, commands: () => realtime.commands }),
    ...(deps.applications?.routes ?? []),
    ...(deps.results?.routes ?? []),
    metricsRoute(metrics, deps.metricsToken),
    route({
      method: ALL,
      path: '/health',
      async handler({ res }) {
        const [storeCheck, redisCheck] = await Promise.all([
          probe(() => store.getUser('health-probe')),
          cluster ? probe(() => cluster.pingRedis()) : null,
        ])
        const ok = storeCheck.ok && (redisCheck?.ok ?? true) && !draining
        res.writeHead(ok ? 200 : 503, {
          'content-type': 'application/json',
          'cache-control': 'no-store',
        })
        res.end(
          JSON.stringify({
            ok,
            version: deps.version,
            ...(cluster
              ? { node: deps.cluster?.node, counterOwner: cluster.owner(), draining }
              : {}),
            uptimeSeconds: Math.round((Date.now() - started) / 1000),
            ...realtime.stats(),
            dependencies: { store: storeCheck, ...(redisCheck ? { redis: redisCheck } : {}) },
          }),
        )
      },
    }),
    ...['/', '/clerk'].map((path) =>
      route({
        method: ALL,
        path,
        handler: ({ res }) => void res.writeHead(302, { location: '/clerk.html' }).end(),
      }),
    ),
    // The kiosk page belongs on terminals, not on the centre's public web server.
    ...['/clerk.html', '/favicon.svg', '/assets/*'].map((path) =>
      route({
        method: ALL,
        path,
        handler({ req, res }) {
          res.setHeader('Content-Security-Policy', csp)
          statics(req, res, () => notFound(res))
        },
      }),
    ),
  ]
  const corsOrigins = new Set(deps.corsOrigins ?? [])
  const onRequest = createRouter({
    routes,
    log: deps.log,
    headers: { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' },
    // The signaling API's answers are readable by configured origins (the Electron console).
    cors: {
      origins: corsOrigins,
      applies: (path) =>
        path.startsWith('/api/') && !(deps.applications && path.startsWith('/api/v1/')),
    },
  })

  const http = createServer(onRequest)
  const busyLog = createWarnOnce(deps.log)
  const admission =
    deps.admission ??
    createAdmission({
      maxLagMs: 500,
      onRefused: (lagMs) => {
        metrics.refusedBusy()
        busyLog.warn('admission', { lagMs: Math.round(lagMs) }, 'refusing new sockets: server busy')
      },
    })
  const io = new SocketServer(http, {
    allowRequest: admission.allowRequest,
    serveClient: false,
    // Signaling messages are small; SDP is the largest (tens of KB).
    maxHttpBufferSize: 256 * 1024,
    connectTimeout: 20_000,
    // Kiosk pages are served by the device host and the Electron console from app://, so every
    // client is cross-origin; long-polling (the fallback transport) needs CORS. Sockets
    // authenticate with the handshake payload, not cookies, so reflecting the origin is safe.
    cors: { origin: true, credentials: false },
    // Behind a load balancer without sticky sessions a long-polling session would land on
    // nodes that do not know it: a cluster node speaks WebSocket only.
    ...(deps.cluster ? { transports: ['websocket' as const] } : {}),
  })
  releaseHandshakeRequests(io.engine)
  const config: RealtimeConfig = { ...defaultRealtimeConfig, ...deps.realtime }
  // The categories of the catalog in force, kept per catalog object: a publication changes
  // them for the next `queue:join`.
  const fixed = deps.catalog ?? sampleCatalog
  const catalogNow = () => deps.applications?.catalogs?.current() ?? fixed
  let categorySet: { of: Catalog; ids: ReadonlySet<string> } | null = null
  const categories = (): ReadonlySet<string> => {
    const c = catalogNow()
    if (categorySet?.of !== c) categorySet = { of: c, ids: new Set(c.categories.map((x) => x.id)) }
    return categorySet.ids
  }
  const realtimeDeps: RealtimeDeps = {
    store,
    log: deps.log,
    now,
    config,
    categories,
    tokens,
    events: metrics.realtime,
    onHealthReport(terminalId, report, at) {
      rollouts
        .healthReport(terminalId, report, at)
        .catch((err: unknown) => deps.log.warn({ err, terminalId }, 'rollout not updated'))
    },
  }
  const cluster = deps.cluster ? attachClusterRealtime(io, realtimeDeps, deps.cluster) : null
  const realtime: Realtime = cluster ?? attachRealtime(io, realtimeDeps)
  let draining = false
  metrics.watchRealtime(() => realtime.gauges())
  // The back office's `cases:changed` to the consoles that may see the case.
  const stopCasePush = deps.applications?.caseFeed
    ? attachCasePush({
        staff: io.of(STAFF_NAMESPACE),
        feed: deps.applications.caseFeed,
        store,
        now,
        log: deps.log,
        cluster: Boolean(cluster),
      })
    : () => {}
  const sessionSweep = startSessionSweep({
    store,
    now,
    onError: (err) => deps.log.warn({ err }, 'expired staff sessions could not be removed'),
  })

  // Deadlines and ring advances that no report triggers (a terminal that went quiet).
  const rolloutTicker = setInterval(() => {
    rollouts.tick().catch((err: unknown) => deps.log.warn({ err }, 'rollout tick failed'))
  }, 60_000)
  rolloutTicker.unref()

  return {
    http,
    io,
    realtime,
    async drain() {
      draining = true
      // New connections go elsewhere (the load balancer's next node); open ones are moved.
      http.close()
      await realtime.drain?.()
    },
    async listen(port, host = '127.0.0.1') {
      await realtime.ready
      await deps.applications?.ready
      await new Promise<void>((resolve, reject) => {
        http.once('error', reject)
        // A deep accept queue: after a restart every kiosk connects at once, and the default
        // (511) dropped SYNs that the clients' kernels retried only seconds later.
        http.listen(port, host, LISTEN_BACKLOG, () => resolve())
      })
      const actual = (http.address() as AddressInfo).port
      deps.log.info({ port: actual, host }, 'signaling server listening')
      return { port: actual, url: `http://${host}:${actual}` }
    },
    async close() {
      clearInterval(rolloutTicker)
      sessionSweep.close()
      stopCasePush()
      realtime.close()
      limitsRedis?.disconnect()
      metrics.close()
      admission.close()
      io.disconnectSockets(true)
      await io.close()
      if (http.listening) await new Promise<void>((resolve) => http.close(() => resolve()))
    },
  }
}
