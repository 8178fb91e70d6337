// `npm run bench -- signaling [--terminals 5000] [--clerks 100] [--rate 50] [--seconds 20]
//   [--nodes 1] [--queued 1000] [--storm-timeout 300] [--unsettled] [--cluster-only]`
//
// --nodes 1 (the default): the real signaling server in this process (SQLite file store, default
// config) and N kiosks + M clerk consoles as real socket.io clients in child processes: the
// kiosks ≤ 2,500 a process at a lower scheduling priority (nice 10), being the load; the
// consoles ≤ 50 a process at the normal one, being the clock (a process may open at most 20,000
// files). Measures the server's heap per idle terminal and the latency from a kiosk's
// `queue:join` to each clerk console's `queue:entry` notification at a steady join rate.
//
// --nodes N > 1: first the same one-node run (capped under this process's open-file limit),
// then the cluster: PostgreSQL, Redis, N nodes and nginx (scripts/cluster/), the clients
// through nginx reconnecting as kiosks do. Per node: heap per idle terminal (a heap probe
// preloaded into each node). Then the reconnect storm: --queued kiosks join and stay queued,
// every node is killed (SIGKILL) and started again, and the bench times until every kiosk is
// back and every held entry is confirmed queued by `session:resume` (lost = any that is not).
// The kill waits until the database holds every acked entry (the figure says how long that
// took); --unsettled kills right after the last ack instead. --cluster-only skips the one-node
// run. Each phase reports the CPU seconds used by each kind of process (nodes, nginx, Redis,
// PostgreSQL, the benchmark's kiosks and consoles) and each node its GC pauses and loop delay;
// BENCH_CPU_PROFILE_DIR=dir also writes CPU profiles there (each node's join phase and storm,
// each client process's life), BENCH_NODE_LOGS=dir each node's output.
// The check: --nodes 3 --terminals 20000 --rate 150.
// All traffic stays on 127.0.0.1.
import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import pino from 'pino'
import { createApplication } from '../signaling-server/src/app'
import { openSqliteStore } from '../signaling-server/src/store/sqlite'
import { round1, writeResult } from './result'
import { startClientProcesses, stopClientProcesses } from './support/signaling-clients'
import { clusterPrerequisiteProblem, runCluster } from './support/signaling-cluster'
import { makeIdentities, seedSqlite } from './support/signaling-identities'
import { runLoad } from './support/signaling-load'

function forceGc(): () => void {
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}

async function heapAfterGc(gc: () => void): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc()
    await new Promise((r) => setTimeout(r, 200))
  }
  return process.memoryUsage().heapUsed
}

/** This process's open-file limit (`ulimit -n`), which caps the sockets one node can hold. */
function openFileLimit(): number {
  const out = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim()
  return out === 'unlimited' || !out ? Infinity : Number(out)
}

async function oneNode(o: {
  terminals: number
  clerks: number
  rate: number
  seconds: number
  procs?: number
}) {
  const gc = forceGc()
  const dbPath = join(mkdtempSync(join(tmpdir(), 'bench-signaling-')), 'server.db')
  await openSqliteStore(dbPath).close() // creates the schema
  const ids = await makeIdentities(o.terminals, o.clerks)
  seedSqlite(dbPath, ids)
  const store = openSqliteStore(dbPath)
  const app = createApplication({
    log: pino({ level: 'warn' }),
    version: 'bench',
    // An empty folder: the benchmark serves no pages, and sirv indexes the folder at start.
    rendererDir: mkdtempSync(join(tmpdir(), 'bench-renderer-')),
    store,
  })
  const { url } = await app.listen(0, '127.0.0.1')
  const heapBase = await heapAfterGc(gc)
  const procs = startClientProcesses({
    terminals: o.terminals,
    clerks: o.clerks,
    kioskProcs: o.procs,
  })
  let heapTerminals = 0
  let connected = 0
  const { benchLoopDelayMs, ...load } = await runLoad({
    url,
    procs,
    terminals: ids.terminals,
    tokens: ids.tokens,
    rate: o.rate,
    seconds: o.seconds,
    reconnect: false,
    idle: async (n) => {
      connected = n
      heapTerminals = await heapAfterGc(gc)
    },
  })
  const heapAll = await heapAfterGc(gc)
  await stopClientProcesses(procs)
  await app.close()
  await store.close()
  return {
    ...load,
    heapBaseMB: Math.round(heapBase / 2 ** 20),
    heapWithTerminalsMB: Math.round(heapTerminals / 2 ** 20),
    heapWithAllMB: Math.round(heapAll / 2 ** 20),
    heapPerIdleTerminalKB: round1((heapTerminals - heapBase) / connected / 1024),
    // The server runs in this process, so this loop is the server's.
    serverLoopDelayMs: benchLoopDelayMs,
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      terminals: { type: 'string', default: '5000' },
      clerks: { type: 'string', default: '100' },
      rate: { type: 'string', default: '50' },
      seconds: { type: 'string', default: '20' },
      procs: { type: 'string' },
      nodes: { type: 'string', default: '1' },
      queued: { type: 'string', default: '1000' },
      'storm-timeout': { type: 'string', default: '300' },
      unsettled: { type: 'boolean', default: false },
      'cluster-only': { type: 'boolean', default: false },
    },
  })
  const N = Number(values.terminals)
  const M = Number(values.clerks)
  const rate = Number(values.rate)
  const seconds = Number(values.seconds)
  const nodes = Number(values.nodes)
  const procs = values.procs ? Number(values.procs) : undefined
  const goals = { heapPerIdleTerminalKB: 15, notifyP99Ms: 50 }

  if (nodes <= 1) {
    const figures = { ...(await oneNode({ terminals: N, clerks: M, rate, seconds, procs })), goals }
    writeResult(N === 5000 && M === 100 ? 'signaling' : `signaling-${N}x${M}`, figures)
    process.exit(0)
  }

  const problem = clusterPrerequisiteProblem()
  if (problem) {
    console.error(problem)
    process.exit(2)
  }
  // One node holds every socket in this process: keep it under the open-file limit (less the
  // clerks, the database and a margin), and say so.
  const cap = Math.max(0, openFileLimit() - M - 1_000)
  const oneNodeTerminals = Math.min(N, cap)
  let single: Awaited<ReturnType<typeof oneNode>> | null = null
  if (!values['cluster-only']) {
    if (oneNodeTerminals < N)
      console.error(
        `one node: ${N} terminals exceed this process's open-file limit; it runs ${oneNodeTerminals}`,
      )
    console.error(`one node: ${oneNodeTerminals} terminals, ${M} clerks, ${rate} joins/s`)
    single = await oneNode({ terminals: oneNodeTerminals, clerks: M, rate, seconds, procs })
    console.error(
      `one node: heap ${single.heapPerIdleTerminalKB} KB/terminal, notify p50/p99 ${single.notifyLatencyMs.p50}/${single.notifyLatencyMs.p99} ms`,
    )
  }
  console.error(`cluster: ${nodes} nodes, ${N} terminals, ${M} clerks, ${rate} joins/s`)
  const cluster = await runCluster({
    nodes,
    terminals: N,
    clerks: M,
    rate,
    seconds,
    queued: Number(values.queued),
    stormTimeoutSeconds: Number(values['storm-timeout']),
    unsettled: values.unsettled,
  })
  writeResult(`signaling-${nodes}nodes-${N}x${M}`, {
    oneNode: single && { ...single, terminalsRequested: N },
    cluster,
    goals: { ...goals, stormSeconds: 60, stormLost: 0 },
  })
  process.exit(0)
}

await main().catch((err: unknown) => {
  // One line for the person running it (e.g. a node that would not start), not a stack trace.
  const message = err instanceof Error ? err.message : String(err)
  console.error(`signaling benchmark failed: ${message.split('\n')[0]}`)
  process.exit(1)
})
