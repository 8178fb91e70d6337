// The signaling benchmark against a cluster: PostgreSQL and Redis (Debian's), N centre nodes
// and nginx in front (scripts/cluster/, what `npm run cluster` runs), the clients through nginx.
// Heap per idle terminal is read from each node by a preloaded heap probe (heap-probe.mjs); the
// reconnect storm kills every node (SIGKILL), starts them again and times until every kiosk is
// back and every queued entry it held is confirmed by `session:resume`.
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { startLocalCluster } from '../../scripts/cluster/local'
import { NGINX } from '../../scripts/cluster/nginx'
import type { CentreNode } from '../../scripts/cluster/nodes'
import { haveRedis } from '../../scripts/cluster/redis'
import { freePort } from '../../tests/support/free-port'
import { havePostgres } from '../../tests/support/postgres'
import {
  ask,
  now,
  startClientProcesses,
  stopClientProcesses,
  type StormStatus,
} from './signaling-clients'
import { makeIdentities, seedPostgres } from './signaling-identities'
import { round1 } from '../result'
import { runLoad } from './signaling-load'
import { countProcessCpu } from './process-cpu'

/** Why the cluster cannot be started on this machine, as one line, or null. */
export function clusterPrerequisiteProblem(): string | null {
  if (!havePostgres || !haveRedis || !existsSync(NGINX))
    return 'signaling --nodes N needs Debian packages postgresql, redis-server and nginx-light: apt-get install postgresql redis-server nginx-light'
  return null
}

interface Probe {
  heapUsed: number
  sockets: number
}

interface BenchNode {
  node: CentreNode
  probePort: number
}

async function probe(n: BenchNode): Promise<Probe> {
  return (await (await fetch(`http://127.0.0.1:${n.probePort}/`)).json()) as Probe
}

/** With BENCH_NODE_LOGS=dir, each node's output so far (a restart starts it anew) goes there. */
function saveNodeLogs(nodes: BenchNode[], phase: string): void {
  const dir = process.env.BENCH_NODE_LOGS
  if (!dir) return
  mkdirSync(dir, { recursive: true })
  for (const n of nodes) writeFileSync(join(dir, `${n.node.name}-${phase}.log`), n.node.output())
}

async function pausesOf(n: BenchNode): Promise<unknown> {
  return (await fetch(`http://127.0.0.1:${n.probePort}/pauses`)).json()
}

/** CPU profiles of the join phase, with BENCH_CPU_PROFILE_DIR set (see heap-probe.mjs). */
async function profileNodes(nodes: BenchNode[], step: 'start' | 'stop', phase = ''): Promise<void> {
  if (!process.env.BENCH_CPU_PROFILE_DIR) return
  const q = step === 'stop' ? `?phase=${phase}` : ''
  await Promise.all(nodes.map((n) => fetch(`http://127.0.0.1:${n.probePort}/profile/${step}${q}`)))
  if (step === 'stop') console.error(`cpu profiles in ${process.env.BENCH_CPU_PROFILE_DIR}`)
}

export interface ClusterOptions {
  nodes: number
  terminals: number
  clerks: number
  rate: number
  seconds: number
  /** Kiosks that join and stay queued through the reconnect storm. */
  queued: number
  stormTimeoutSeconds: number
  /** Kill the nodes right after the last join's ack, not once the database holds them all. */
  unsettled: boolean
}

export async function runCluster(o: ClusterOptions) {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-cluster-'))
  const renderer = join(dataDir, 'renderer')
  mkdirSync(renderer)
  writeFileSync(join(renderer, 'clerk.html'), '<!doctype html><title>clerk</title>')
  const heapProbe = fileURLToPath(new URL('./heap-probe.mjs', import.meta.url))
  const probePorts = await Promise.all(Array.from({ length: o.nodes }, () => freePort()))
  const ids = await makeIdentities(o.terminals, o.clerks)
  const sockets = o.terminals + o.clerks
  // Two files per proxied socket, at most 20,000 files per process: ≤ ~8,000 sockets a worker.
  const nginxWorkers = Math.max(2, Math.ceil(sockets / 6_000))
  const cluster = await startLocalCluster({
    renderer,
    dataDir,
    nodes: o.nodes,
    env: (i) => ({
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${heapProbe}`.trim(),
      BENCH_HEAP_PORT: String(probePorts[i]),
      BENCH_NODE_NAME: `node-${i + 1}`,
    }),
    // The first node migrates the database; the identities go in before the others start.
    afterFirstNode: (url) => seedPostgres(url, ids),
    nginxSize: { workers: nginxWorkers, workerConnections: 19_000 },
  })
  const { postgresUrl: pgUrl, nginx } = cluster
  const nodes: BenchNode[] = cluster.nodes.map((node, i) => ({ node, probePort: probePorts[i]! }))
  const procs = startClientProcesses({ terminals: o.terminals, clerks: o.clerks })

  try {
    const base = await Promise.all(nodes.map(probe))
    let idle: Probe[] = []
    let joinPauses: unknown[] = []
    const load = await runLoad({
      url: nginx.url,
      procs,
      terminals: ids.terminals,
      tokens: ids.tokens,
      rate: o.rate,
      seconds: o.seconds,
      reconnect: true,
      idle: async () => void (idle = await Promise.all(nodes.map(probe))),
      joinPhase: {
        before: async () => {
          await Promise.all(nodes.map(pausesOf))
          await profileNodes(nodes, 'start')
        },
        after: async () => {
          joinPauses = await Promise.all(nodes.map(pausesOf))
          await profileNodes(nodes, 'stop', 'joins')
        },
      },
    })
    const perNode = nodes.map((n, i) => {
      const terminals = idle[i]!.sockets - base[i]!.sockets
      return {
        node: n.node.name,
        terminals,
        heapBaseMB: Math.round(base[i]!.heapUsed / 2 ** 20),
        heapWithTerminalsMB: Math.round(idle[i]!.heapUsed / 2 ** 20),
        heapPerIdleTerminalKB: round1((idle[i]!.heapUsed - base[i]!.heapUsed) / terminals / 1024),
      }
    })
    saveNodeLogs(nodes, 'load')
    const heapAll = await Promise.all(nodes.map(probe))
    const storm = await reconnectStorm(o, pgUrl, nodes, procs.kiosks)
    return {
      nodes: o.nodes,
      nginxWorkers,
      ...load,
      perNode: perNode.map((p, i) => ({
        ...p,
        heapWithAllMB: Math.round(heapAll[i]!.heapUsed / 2 ** 20),
        /** Garbage-collection pauses and event-loop delay while the kiosks joined. */
        duringJoins: joinPauses[i],
      })),
      storm,
    }
  } finally {
    saveNodeLogs(nodes, 'storm')
    if (process.env.BENCH_DEBUG)
      for (const n of nodes)
        process.stderr.write(`--- ${n.node.name}\n${n.node.output().slice(-4000)}\n`)
    await stopClientProcesses(procs).catch(() => {})
    await cluster.stop()
  }
}

function errorsOf(s: StormStatus[]): Record<string, number> {
  const all: Record<string, number> = {}
  for (const x of s) for (const [m, n] of Object.entries(x.errors)) all[m] = (all[m] ?? 0) + n
  return all
}

async function reconnectStorm(
  o: ClusterOptions,
  pgUrl: string,
  nodes: BenchNode[],
  children: ChildProcess[],
) {
  const each = Math.ceil(o.queued / children.length)
  const held = await Promise.all(children.map((c) => ask(c, { cmd: 'hold', count: each }, 'held')))
  // The centre acks a join before its write commits (write-behind); a crash of every node in
  // that window loses the entry. Unless --unsettled, wait until the database holds every acked
  // entry, and say how long that took: the storm then measures recovery of what was recorded.
  const heldCount0 = held.reduce((a, h) => a + h.held, 0)
  const heldAt = now()
  let recorded = 0
  const db = new pg.Client({ connectionString: pgUrl })
  await db.connect()
  while (!o.unsettled && now() - heldAt < 60_000) {
    // The held calls only: failed joins of the load phase may have left entries behind.
    const r = await db.query<{ n: string }>(
      'SELECT count(*) AS n FROM queue_entries WHERE call_id = ANY($1::text[])',
      [held.flatMap((h) => h.callIds)],
    )
    recorded = Number(r.rows[0]!.n)
    if (recorded >= heldCount0) break
    await new Promise((r) => setTimeout(r, 50))
  }
  const recordedAfter = now() - heldAt
  await db.end()
  for (const c of children) c.send({ cmd: 'stormStart' })
  // Let the workers take stormStart before the sockets drop (IPC is ordered per child).
  await Promise.all(children.map((c) => ask(c, { cmd: 'stormStatus' }, 'stormStatus')))
  const t0 = now()
  const cpu = countProcessCpu()
  await Promise.all(nodes.map((n) => n.node.kill('SIGKILL')))
  const killedAt = now()
  await Promise.all(nodes.map((n) => n.node.restart()))
  const upAt = now()
  await profileNodes(nodes, 'start')
  const status = async (): Promise<StormStatus[]> =>
    Promise.all(children.map((c) => ask(c, { cmd: 'stormStatus' }, 'stormStatus')))
  const sum = (s: StormStatus[], f: (x: StormStatus) => number): number =>
    s.reduce((a, x) => a + f(x), 0)
  let s = await status()
  const deadline = t0 + o.stormTimeoutSeconds * 1000
  while (now() < deadline) {
    const allBack = sum(s, (x) => x.back) === sum(s, (x) => x.terminals)
    const allAnswered = sum(s, (x) => x.restored + x.lost) === sum(s, (x) => x.held)
    if (allBack && allAnswered) break
    await new Promise((r) => setTimeout(r, 500))
    s = await status()
    if (Math.round(now() / 500) % 10 === 0)
      console.error(
        `storm ${round1((now() - t0) / 1000)} s: ${sum(s, (x) => x.back)}/${sum(s, (x) => x.terminals)} back, ${sum(s, (x) => x.restored)}/${sum(s, (x) => x.held)} restored, ${sum(s, (x) => x.lost)} lost; reconnect errors ${JSON.stringify(errorsOf(s))}`,
      )
  }
  const cpuSeconds = cpu()
  await profileNodes(nodes, 'stop', 'storm')
  const lastBack = Math.max(...s.map((x) => x.lastBackAt))
  const lastRestored = Math.max(...s.map((x) => x.lastRestoredAt))
  const terminals = sum(s, (x) => x.terminals)
  const back = sum(s, (x) => x.back)
  const restored = sum(s, (x) => x.restored)
  const heldCount = sum(s, (x) => x.held)
  return {
    queuedBefore: heldCount,
    holdFailures: held.reduce((a, h) => a + h.failed, 0),
    /** From the last join's ack until the database held every acked entry. */
    recordedInDatabaseSeconds: round1(recordedAfter / 1000),
    recordedInDatabase: recorded,
    killSeconds: round1((killedAt - t0) / 1000),
    nodesUpSeconds: round1((upAt - t0) / 1000),
    terminalsDropped: sum(s, (x) => x.dropped),
    terminalsBack: back,
    terminalsNotBack: terminals - back,
    allTerminalsBackSeconds: back === terminals ? round1((lastBack - t0) / 1000) : null,
    entriesRestored: restored,
    entriesLost: sum(s, (x) => x.lost),
    entriesUnanswered: heldCount - restored - sum(s, (x) => x.lost),
    allEntriesRestoredSeconds: restored === heldCount ? round1((lastRestored - t0) / 1000) : null,
    reconnectErrors: errorsOf(s),
    timeoutSeconds: o.stormTimeoutSeconds,
    /** CPU seconds by kind of process from the kill until all were back (or the timeout). */
    cpuSeconds,
    killedAfter: o.unsettled ? 'the last ack' : 'every entry was in the database',
  }
}
