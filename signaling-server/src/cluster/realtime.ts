import { randomUUID } from 'node:crypto'
import { createAdapter } from '@socket.io/redis-streams-adapter'
import { Redis } from 'ioredis'
import type { Server } from 'socket.io'
import { ControlMessage } from '../../../common/cluster/wire'
import { STAFF_NAMESPACE, TERMINAL_NAMESPACE } from '../../../common/signaling'
import { createWarnOnce } from '../log-throttle'
import { edgeOf, endStaffSockets, type Realtime, type RealtimeDeps } from '../realtime'
import { createCounter, type Counter } from '../realtime/counter'
import { gaugesOf } from '../realtime/gauges'
import { attachGateway } from '../realtime/gateway'
import { createState } from '../realtime/state'
import { FencedError } from '../store/fenced-error'
import { createRemoteLink, serveCounter } from './bus'
import { createDirectEmits, deliverEmits } from './direct-emits'
import { createOwnership } from './ownership'
import { clusterKeys, redisLease } from './redis-keys'

export interface ClusterOptions {
  redisUrl: string
  /** This node's name, unique in the cluster (default: host and process id). */
  node: string
  /** Prefix of every Redis key and channel (several centres may share one Redis). */
  prefix?: string
  /** The counter's lease; a dead owner's counter is taken over within about this long. */
  leaseMs?: number
  /** How long draining spreads the closing of this node's sockets. */
  drainMs?: number
  /** How often the node sends the owner its roster of sockets. */
  rosterMs?: number
}

const ROSTER_MS = 5_000
/** How often a node that cannot reach Redis at start tries again. */
const JOIN_RETRY_MS = 1_000

/** Where Redis is, for logs: host and port, never the URL's password. */
function redisHost(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return '(unparsable URL)'
  }
}

export interface ClusterRealtime extends Realtime {
  /** Whether this node serves the counter now. */
  owner(): boolean
  /** Round trip to Redis, for the node's health. */
  pingRedis(): Promise<unknown>
  drain(): Promise<void>
}

/**
 * A cluster node's video counter: every node runs the gateway for its own sockets; exactly one
 * node at a time (the holder of the Redis lease, ownership.ts) runs the counter, rebuilt from
 * the store when it takes over, and learns the sockets from every node's announcement. The
 * socket.io Redis streams adapter carries the counter's emits to whichever node holds each
 * socket, so kiosks and consoles may connect to any node (no sticky sessions; WebSocket only).
 */
export function attachClusterRealtime(
  io: Server,
  deps: RealtimeDeps,
  opts: ClusterOptions,
): ClusterRealtime {
  const { log, now } = deps
  // One identity per process start: a node restarted under its name is not mistaken for the
  // dead one, whose sockets the owner must let go when its heartbeat stops.
  const node = `${opts.node}~${randomUUID().slice(0, 8)}`
  const keys = clusterKeys(opts.prefix ?? 'centre:')
  const leaseMs = opts.leaseMs ?? 5_000
  const stepDownMs = Math.floor(leaseMs * 0.6)
  const warnOnce = createWarnOnce(log)
  const redisOptions = { maxRetriesPerRequest: 2, connectTimeout: 5_000 }
  // Commands (the lease's above all) give up rather than wait on a Redis that does not answer.
  const commandOptions = { ...redisOptions, commandTimeout: 2_000 }
  const redis = new Redis(opts.redisUrl, commandOptions)
  // PUB/SUB traffic (events, answers, emits) has no command timeout: after an event loop stall
  // the timeout fires before the answer is read, and a publish Redis had already taken would
  // count as failed (the emits of a whole step dropped, a resident never told). Auto-pipelined:
  // a step publishes to several nodes and answers at once, so one write, not one per command
  // (writes of single commands were a tenth of the owner's CPU profile at 150 joins/s).
  const pub = new Redis(opts.redisUrl, { ...redisOptions, enableAutoPipelining: true })
  // Subscriptions are made again by hand on reconnecting (below): the owner's inbox only while
  // it serves, so that an owner paused by the drop is not a receiver beside the next owner.
  const sub = new Redis(opts.redisUrl, { ...redisOptions, autoResubscribe: false })
  // The adapter reads its stream with blocking XREADs: a connection of its own.
  const adapterRedis = new Redis(opts.redisUrl, { maxRetriesPerRequest: null })
  for (const [name, client] of [
    ['redis', redis],
    ['redis publisher', pub],
    ['redis subscriber', sub],
    ['redis adapter', adapterRedis],
  ] as const)
    client.on('error', (err: unknown) => {
      deps.events?.redisError?.(name.replace('redis ', '') || 'redis')
      warnOnce.warn(`${name} error`, { err }, `${name} error`)
    })
  io.adapter(createAdapter(adapterRedis, { streamName: `${keys.lease}:sio` }))

  const link = createRemoteLink({ pub, node, keys, now, log })
  const gateway = attachGateway(io, {
    store: deps.store,
    log,
    now,
    rateLimits: deps.config.rateLimits,
    warnOnce,
    link,
    tokens: deps.tokens,
    onHealthReport: deps.onHealthReport,
  })

  // A revoked terminal's sockets on the other nodes (it has no room of its own: memory).
  io.of(TERMINAL_NAMESPACE).on('end-terminal', (terminalId: unknown) => {
    if (typeof terminalId === 'string') gateway.endTerminal(terminalId)
  })

  // ------------------------------------------------------------------ serving the counter
  let counter: Counter | null = null
  let served: ReturnType<typeof serveCounter> | null = null
  let closed = false

  /**
   * What came for the counter while its lease was unconfirmed (paused): handled in order once
   * it is renewed, refused (events answered `unavailable`) if the counter is lost instead.
   */
  let pending: string[] = []
  const MAX_PENDING = 50_000

  /** The lease was renewed recently enough that no other node can have taken it. */
  function fresh(): boolean {
    if (ownership.serving()) return true
    // Paused past the margin (or lost it): renew now rather than at the next tick.
    if (ownership.state().owner) void ownership.tick()
    return false
  }

  /** Whether an UNSUBSCRIBE from the owner's inbox is on its way (see receive). */
  let leaving = false

  function receive(raw: string): void {
    if (!served) {
      // Subscribed while not serving (an UNSUBSCRIBE that failed, or that crossed a
      // resubscription): gateways seeing this node as a receiver would not hold their messages
      // for the real owner; the subscription goes. (The owner, if any, has them too.)
      if (!leaving) {
        leaving = true
        sub
          .unsubscribe(keys.toOwner)
          .catch(() => {})
          .finally(() => (leaving = false))
      }
      return
    }
    if (fresh()) {
      if (pending.length) resume()
      served.receive(raw)
    } else if (pending.length < MAX_PENDING) pending.push(raw)
    else served.refuse(raw)
  }

  function resume(): void {
    const out = pending
    pending = []
    if (!served) return
    deps.events?.clusterResumed?.(out.length)
    for (const raw of out) served.receive(raw)
  }

  async function serve(leaseFence: number): Promise<void> {
    // The database's token, which survives a Redis that lost everything; Redis's is logged.
    const fence = (await deps.store.fenceCounterWrites?.()) ?? leaseFence
    if (!ownership.state().owner) return
    // The counter's write-throughs, tracked so that its emits wait for them (bus.ts). A write
    // refused by the fence means another node serves now: this one stops, and says nothing
    // more (direct-emits.ts); a write that failed otherwise is logged by the counter.
    let lastWrite: Promise<boolean> = Promise.resolve(true)
    let fenced = false
    const tracked =
      <A extends unknown[]>(fn: (...a: A) => Promise<void>) =>
      (...a: A): Promise<void> => {
        const p = fn(...a)
        lastWrite = p.then(
          () => !fenced,
          (err: unknown) => {
            if (err instanceof FencedError && !fenced) {
              fenced = true
              if (counter === c) void ownership.resign()
            }
            return !fenced
          },
        )
        return p
      }
    const store = {
      ...deps.store,
      saveCall: tracked(deps.store.saveCall.bind(deps.store)),
      saveQueueEntry: tracked(deps.store.saveQueueEntry.bind(deps.store)),
      deleteQueueEntry: tracked(deps.store.deleteQueueEntry.bind(deps.store)),
    }
    const direct = createDirectEmits({
      durable: () => lastWrite,
      pub,
      keys,
      log,
      fallback: edgeOf(io),
      onLost: () => deps.events?.redisError?.('publisher'),
    })
    const c = createCounter({
      store,
      log,
      now,
      config: deps.config,
      categories: deps.categories,
      edge: direct.edge,
      warnOnce,
      ...(deps.events ? { events: deps.events } : {}),
      serving: fresh,
    })
    counter = c
    await c.ready
    if (counter !== c) return // lost the lease while rebuilding
    served = serveCounter({
      counter: c,
      pub,
      keys,
      log,
      direct,
      onReconciled: (n) => deps.events?.clusterReconciled?.(n),
    })
    await sub.subscribe(keys.toOwner)
    log.info({ node, fence, leaseFence }, 'this node serves the video counter')
    await pub.publish(keys.control, JSON.stringify({ t: 'owner', n: node, fence }))
  }

  function stopServing(reason: string): void {
    if (!counter) return
    log.warn({ node, reason }, 'this node no longer serves the video counter')
    counter.close()
    const out = pending
    pending = []
    for (const raw of out) served?.refuse(raw)
    counter = null
    served = null
    sub.unsubscribe(keys.toOwner).catch(() => {})
  }

  const ownership = createOwnership({
    backend: redisLease(redis, keys),
    node,
    now,
    leaseMs,
    stepDownMs,
    onGain: (fence) =>
      void serve(fence).catch((err: unknown) => {
        log.error({ err }, 'could not serve the video counter')
        void ownership.release()
      }),
    onLose: (reason) => stopServing(reason),
    onResume: () => {
      log.info({ node, held: pending.length }, 'the counter’s lease is confirmed again')
      if (served) sub.subscribe(keys.toOwner).catch(() => {})
      resume()
    },
    onError: (err) => {
      deps.events?.redisError?.('lease')
      warnOnce.warn('lease', { err }, 'counter lease: Redis did not answer')
    },
  })

  /** What every node listens on: its answers, its sockets' emits, the owners' announcements. */
  const nodeChannels = [keys.toNode(node), keys.emits(node), keys.control]

  // A dropped connection may be a Redis that restarted and lost the lease: the owner pauses
  // until a renewal confirms it, rather than act for the rest of its margin beside a new owner.
  redis.on('close', () => ownership.suspect())
  sub.on('close', () => ownership.suspect())
  sub.on('ready', () => {
    const channels = [...nodeChannels]
    // Paused (the drop above), it subscribes again once its renewal succeeds (onResume).
    if (served && ownership.serving()) channels.push(keys.toOwner)
    sub
      .subscribe(...channels)
      .catch((err: unknown) => warnOnce.warn('subscribe', { err }, 'subscribing failed'))
  })

  sub.on('message', (channel: string, raw: string) => {
    if (channel === keys.toOwner) receive(raw)
    else if (channel === keys.toNode(node)) link.answer(raw)
    else if (channel === keys.emits(node))
      deliverEmits(
        raw,
        (ns, id) => io.of(ns === 'terminal' ? TERMINAL_NAMESPACE : STAFF_NAMESPACE).sockets.get(id),
        log,
      )
    else if (channel === keys.control) {
      let parsed
      try {
        parsed = ControlMessage.safeParse(JSON.parse(raw))
      } catch {
        parsed = null
      }
      if (!parsed?.success) return
      if (parsed.data.t === 'owner') link.ownerServes(gateway.local())
      else if (parsed.data.n === node && !closed) link.roster(gateway.local())
    }
  })

  // ------------------------------------------------------------------ heartbeats and sweeps
  /** The terminal ids the node's set in Redis holds, as last written (null: not known). */
  let written: Set<string> | null = null
  async function heartbeat(): Promise<void> {
    // GET tells whether the key had expired: then an owner may have let this node's sockets
    // go, and they are announced again. The terminals set lives twice as long, so if it is
    // gone (Redis lost its data, the node stalled) so is this key, and the set is written anew.
    const was = await redis.set(keys.alive(node), String(now()), 'PX', leaseMs, 'GET')
    const ids = gateway.terminalIds()
    const key = keys.terminals(node)
    const tx = redis.multi()
    const prev = was === null ? null : written
    if (prev === null) {
      tx.del(key)
      if (ids.size) tx.sadd(key, ...ids)
    } else {
      // Only what changed: a whole rewrite was thousands of members a second per node.
      const added = [...ids].filter((id) => !prev.has(id))
      const removed = [...prev].filter((id) => !ids.has(id))
      if (added.length) tx.sadd(key, ...added)
      if (removed.length) tx.srem(key, ...removed)
    }
    written = null // unknown until the transaction is done
    const results = await tx
      .pexpire(key, leaseMs * 2)
      .sadd(keys.nodes, node)
      .exec()
    if (results && results.every(([err]) => !err)) written = ids
    if (was === null && !closed) link.ownerServes(gateway.local())
  }

  /**
   * Every few seconds the owner is told the digest of this node's sockets, to set right what it
   * missed (it asks for the whole roster, above, when the digest differs from its own).
   */
  async function roster(): Promise<void> {
    if (!closed) link.digest(gateway.local())
  }

  /** Nodes whose heartbeat the last sweep found gone. */
  let missing = new Set<string>()
  async function sweep(): Promise<void> {
    // Not while paused: after a Redis restart every heartbeat is gone for a moment, and the
    // lease may be another node's already. A node is let go when two sweeps in a row (half a
    // lease apart, its heartbeat comes every fifth) found no heartbeat: a Redis that came back
    // empty has it again by then.
    if (!served || !fresh()) return
    const s = served
    const gone = new Set<string>()
    for (const n of s.nodes()) {
      if (n === node) continue
      if ((await redis.exists(keys.alive(n))) === 0) gone.add(n)
    }
    if (served !== s || !fresh()) return
    for (const n of gone)
      if (missing.has(n)) {
        const count = s.forgetNode(n)
        log.warn({ node: n, sockets: count }, 'a node stopped answering; its sockets are gone')
      }
    missing = gone
  }

  const tick = (what: string, fn: () => Promise<void>) => () =>
    void fn().catch((err: unknown) => warnOnce.warn(what, { err }, `${what} failed`))
  const timers = [
    setInterval(tick('lease', ownership.tick), Math.floor(leaseMs / 5)),
    setInterval(tick('heartbeat', heartbeat), Math.floor(leaseMs / 5)),
    setInterval(tick('sweep', sweep), Math.floor(leaseMs / 2)),
    setInterval(tick('roster', roster), opts.rosterMs ?? ROSTER_MS),
  ]
  for (const t of timers) t.unref()

  // A node started before Redis answers (after a power cut the hosts come up in any order)
  // waits for it instead of exiting: it listens only once it has joined, so the load balancer
  // meanwhile sends its clients to the other nodes.
  const ready = (async () => {
    for (;;) {
      if (closed) throw new Error('the node was closed before it joined the cluster')
      try {
        await sub.subscribe(...nodeChannels)
        await heartbeat()
        await ownership.tick()
        return
      } catch (err) {
        warnOnce.warn(
          'join',
          { err, redis: redisHost(opts.redisUrl) },
          'cannot reach Redis: the node listens once it answers',
        )
        await new Promise((r) => setTimeout(r, JOIN_RETRY_MS))
      }
    }
  })()
  ready.then(
    () => log.info('joined the cluster'),
    (err: unknown) => closed || log.error({ err }, 'joining the cluster failed'),
  )

  async function onlineTerminals(): Promise<ReadonlySet<string>> {
    const nodes = await redis.smembers(keys.nodes)
    const alive = await Promise.all(nodes.map((n) => redis.exists(keys.alive(n))))
    const live = nodes.filter((_, i) => alive[i] === 1)
    const dead = nodes.filter((_, i) => alive[i] !== 1)
    if (dead.length) await redis.srem(keys.nodes, ...dead)
    const ids = live.length ? await redis.sunion(...live.map((n) => keys.terminals(n))) : []
    return new Set([...ids, ...gateway.terminalIds()])
  }

  const idle = () =>
    counter?.stats() ?? {
      queued: 0,
      active: 0,
      terminalsOnline: 0,
      staffOnline: 0,
    }

  async function shutdown(): Promise<void> {
    closed = true
    for (const t of timers) clearInterval(t)
    await ownership.release()
    stopServing('closing')
    link.close()
    gateway.close()
    await redis.del(keys.alive(node), keys.terminals(node)).catch(() => {})
  }

  return {
    ready,
    owner: () => counter !== null,
    // Queues and calls are counted by the owner only, so a sum over the nodes is right.
    stats: () => ({ ...idle(), terminalsOnline: gateway.terminalIds().size }),
    gauges: () => {
      // A node that does not serve the counter reports an empty one (every category at 0).
      const g = counter?.gauges() ?? gaugesOf(createState(), deps.categories())
      return { ...g, terminalsOnline: gateway.terminalIds().size }
    },
    commands: gateway.commands,
    flushHealth: () => gateway.flushHealth(),
    onlineTerminals,
    endTerminal(terminalId) {
      gateway.endTerminal(terminalId)
      io.of(TERMINAL_NAMESPACE).serverSideEmit('end-terminal', terminalId)
    },
    endStaff: (userId) => endStaffSockets(io, userId),
    pingRedis: () => redis.ping(),
    async drain() {
      // The owner hands the counter over first, so the moved sockets find it served.
      await ownership.release()
      stopServing('draining')
      const socks = [
        ...io.of(TERMINAL_NAMESPACE).sockets.values(),
        ...io.of(STAFF_NAMESPACE).sockets.values(),
      ]
      const spread = opts.drainMs ?? 10_000
      await Promise.all(
        socks.map(
          (s) =>
            new Promise<void>((resolve) => {
              const t = setTimeout(() => {
                // Closing the transport (not a server disconnect) makes clients reconnect.
                s.conn.close()
                resolve()
              }, Math.random() * spread)
              t.unref()
            }),
        ),
      )
    },
    close() {
      void shutdown().finally(() => {
        redis.disconnect()
        pub.disconnect()
        sub.disconnect()
        adapterRedis.disconnect()
      })
    },
  }
}
