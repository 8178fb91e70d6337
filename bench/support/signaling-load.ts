// The signaling benchmark's load, the same against one node and against a cluster: idle kiosks
// connect (the caller measures heap), clerk consoles connect, then kiosks join at a steady rate
// and each clerk console's `queue:entry` notification is timed against its join.
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { round1 as ms } from '../result'
import { countProcessCpu } from './process-cpu'
import {
  ask,
  type ClientProcesses,
  type FromWorker,
  type TerminalIdentity,
} from './signaling-clients'

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

type Reports = Extract<FromWorker, { kind: 'report' }>[]

/** p99 notify latency for each second of the join phase, to tell warm-up from steady state. */
function bySecond(sent: Record<string, number>, reports: Reports): number[] {
  const start = Math.min(...Object.values(sent))
  const buckets: number[][] = []
  for (const r of reports)
    for (const [callId, times] of Object.entries(r.received)) {
      const s = sent[callId]
      if (s === undefined) continue
      const b = Math.floor((s - start) / 1000)
      for (const x of times) (buckets[b] ??= []).push(x - s)
    }
  return buckets.map((b) =>
    Math.round(
      percentile(
        b.sort((x, y) => x - y),
        99,
      ),
    ),
  )
}

function notifyFigures(reports: Reports) {
  const sent: Record<string, number> = Object.assign({}, ...reports.map((r) => r.sent))
  const latencies: number[] = []
  const firstByCall = new Map<string, number>()
  for (const r of reports)
    for (const [callId, times] of Object.entries(r.received)) {
      const s = sent[callId]
      if (s === undefined) continue
      for (const x of times) {
        latencies.push(x - s)
        firstByCall.set(callId, Math.min(firstByCall.get(callId) ?? Infinity, x - s))
      }
    }
  const first = [...firstByCall.values()].sort((a, b) => a - b)
  latencies.sort((a, b) => a - b)
  return {
    notifications: latencies.length,
    notifyLatencyMs: {
      p50: ms(percentile(latencies, 50)),
      p99: ms(percentile(latencies, 99)),
      max: ms(latencies[latencies.length - 1] ?? NaN),
    },
    latencyBySecond: bySecond(sent, reports),
    firstClerkNotifiedMs: { p50: ms(percentile(first, 50)), p99: ms(percentile(first, 99)) },
  }
}

export interface LoadOptions {
  url: string
  procs: ClientProcesses
  terminals: TerminalIdentity[]
  tokens: string[]
  rate: number
  seconds: number
  /** Clients reconnect on their own (cluster mode). */
  reconnect: boolean
  /** Called once the idle kiosks are connected, before any clerk. */
  idle(connected: number): Promise<void>
  /** Around the join phase (e.g. CPU profiles of the nodes). */
  joinPhase?: { before(): Promise<void>; after(): Promise<void> }
}

export async function runLoad(o: LoadOptions) {
  const { kiosks, clerks } = o.procs
  const all = [...kiosks, ...clerks]
  const share = <T>(items: T[], k: number, n: number): T[] => items.filter((_, i) => i % n === k)
  // Kiosks go to the kiosks' processes, consoles to the consoles', each list shared among them.
  const connectIn = (procs: typeof kiosks, terminals: TerminalIdentity[], tokens: string[]) =>
    procs.map((c, k) =>
      ask(
        c,
        {
          cmd: 'connect',
          url: o.url,
          terminals: share(terminals, k, procs.length),
          clerks: share(tokens, k, procs.length),
          reconnect: o.reconnect,
        },
        'connected',
      ),
    )
  const connect = (terminals: TerminalIdentity[], tokens: string[]) =>
    Promise.all([...connectIn(kiosks, terminals, []), ...connectIn(clerks, [], tokens)])

  // 1. idle kiosks only → the caller measures heap per idle terminal
  const t0 = Date.now()
  const c1 = await connect(o.terminals, [])
  const connectSeconds = (Date.now() - t0) / 1000
  const connected = c1.reduce((a, r) => a + r.terminals, 0)
  await new Promise((r) => setTimeout(r, 2_000))
  await o.idle(connected)

  // 2. clerks → queue-join to clerk-notified latency at a steady join rate
  const c2 = await connect([], o.tokens)
  // What everyone connected costs with nobody joining (pings, heartbeats), for comparison.
  const idleCpu = countProcessCpu()
  await new Promise((r) => setTimeout(r, 5_000))
  const cpuSecondsIdle = idleCpu()
  await o.joinPhase?.before()
  const loop = monitorEventLoopDelay({ resolution: 5 })
  loop.enable()
  const cpu = countProcessCpu()
  const done = await Promise.all(
    kiosks.map((c) =>
      ask(c, { cmd: 'joins', perSecond: o.rate / kiosks.length, seconds: o.seconds }, 'joinsDone'),
    ),
  )
  loop.disable()
  const cpuSecondsDuringJoins = cpu()
  await o.joinPhase?.after()
  await new Promise((r) => setTimeout(r, 1_000))
  const reports = await Promise.all(all.map((c) => ask(c, { cmd: 'report' }, 'report')))
  return {
    terminals: connected,
    clerks: c2.reduce((a, r) => a + r.clerks, 0),
    connectFailures: c1.reduce((a, r) => a + r.failed, 0) + c2.reduce((a, r) => a + r.failed, 0),
    clientProcesses: { kiosks: kiosks.length, clerks: clerks.length },
    connectSeconds: ms(connectSeconds),
    joinsPerSecond: o.rate,
    joinsSent: done.reduce((a, r) => a + r.sent, 0),
    joinFailures: done.reduce((a, r) => a + r.failed, 0),
    ...notifyFigures(reports),
    /** CPU seconds used by each kind of process while the kiosks joined (two cores here). */
    cpuSecondsDuringJoins,
    /** The same over 5 s with everyone connected and nobody joining. */
    cpuSecondsIdle,
    /** This process's loop: in one-node mode the server's, in cluster mode the clients' host. */
    benchLoopDelayMs: {
      p50: Math.round(loop.percentile(50) / 1e5) / 10,
      p99: Math.round(loop.percentile(99) / 1e5) / 10,
    },
  }
}
