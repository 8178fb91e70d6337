// `npm run bench -- signaling [--terminals 5000] [--clerks 100] [--rate 50] [--seconds 20]`
//
// The real signaling server in this process (SQLite file store, default config) and N kiosks +
// M clerk consoles as real socket.io clients spread over child processes (a process may open at
// most 20,000 files). Measures the server's heap per idle terminal and the latency from a
// kiosk's `queue:join` to each clerk console's `queue:entry` notification at a steady join rate.
// All traffic stays on 127.0.0.1.
import { fork, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import Database from 'libsql'
import pino from 'pino'
import { io as connect, type Socket } from 'socket.io-client'
import { STAFF_NAMESPACE, TERMINAL_NAMESPACE, type QueueEntryEvent } from '../common/signaling'
import { createApplication } from '../signaling-server/src/app'
import { hashPassword, newSecret, sha256 } from '../signaling-server/src/auth'
import { openSqliteStore } from '../signaling-server/src/store/sqlite'
import { writeResult } from './result'

const CATEGORIES = [
  'social-security',
  'medical-insurance',
  'elderly-care',
  'civil-affairs',
  'family',
  'housing',
]
const now = (): number => performance.timeOrigin + performance.now()

type ToWorker =
  | {
      cmd: 'connect'
      url: string
      terminals: { terminalId: string; credential: string }[]
      clerks: string[]
    }
  | { cmd: 'joins'; perSecond: number; seconds: number }
  | { cmd: 'report' }
  | { cmd: 'exit' }
type FromWorker =
  | { kind: 'connected'; terminals: number; clerks: number; failed: number }
  | { kind: 'joinsDone'; sent: number; failed: number }
  | { kind: 'report'; sent: Record<string, number>; received: Record<string, number[]> }

// ------------------------------------------------------------------------------ worker side

async function worker(): Promise<void> {
  const terminals: Socket[] = []
  const clerks: Socket[] = []
  const sent: Record<string, number> = {}
  const received: Record<string, number[]> = {}
  const send = (m: FromWorker): void => void process.send!(m)

  function open(url: string, ns: string, auth: Record<string, unknown>): Promise<Socket | null> {
    return new Promise((resolve) => {
      const s = connect(url + ns, {
        auth,
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      })
      s.once('connect', () => resolve(s))
      s.once('connect_error', () => resolve(null))
    })
  }

  async function inBatches<T>(
    items: T[],
    size: number,
    fn: (t: T) => Promise<void>,
  ): Promise<void> {
    for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn))
  }

  process.on('message', (m: ToWorker) => {
    void (async () => {
      if (m.cmd === 'connect') {
        let failed = 0
        await inBatches(m.clerks, 50, async (token) => {
          const s = await open(m.url, STAFF_NAMESPACE, { kind: 'staff', token })
          if (!s) return void failed++
          s.on('queue:entry', (e: QueueEntryEvent) => {
            if (e.op === 'upsert' && e.entry.state === 'queued' && !e.entry.front)
              (received[e.entry.callId] ??= []).push(now())
          })
          clerks.push(s)
        })
        await inBatches(m.terminals, 100, async (t) => {
          const s = await open(m.url, TERMINAL_NAMESPACE, {
            kind: 'terminal',
            terminalId: t.terminalId,
            credential: t.credential,
          })
          if (!s) return void failed++
          terminals.push(s)
        })
        send({ kind: 'connected', terminals: terminals.length, clerks: clerks.length, failed })
      } else if (m.cmd === 'joins') {
        let sentCount = 0
        let failed = 0
        const total = Math.round(m.perSecond * m.seconds)
        const gap = 1000 / m.perSecond
        const start = now()
        const pending: Promise<void>[] = []
        for (let i = 0; i < total; i++) {
          const wait = start + i * gap - now()
          if (wait > 0) await new Promise((r) => setTimeout(r, wait))
          const s = terminals[i % terminals.length]!
          const t0 = now()
          pending.push(
            (async () => {
              const ack = (await s.timeout(10_000).emitWithAck('queue:join', {
                category: CATEGORIES[i % CATEGORIES.length],
                item: { id: 'bench-item', title: '测试事项' },
                step: { id: 'start', label: '开始' },
              })) as { ok: boolean; data?: { call: { callId: string } } }
              if (!ack.ok || !ack.data) return void failed++
              const callId = ack.data.call.callId
              sent[callId] = t0
              sentCount++
              // leave again after a while so the queue stays short, as in real life
              await new Promise((r) => setTimeout(r, 2_000))
              await s.timeout(10_000).emitWithAck('queue:cancel', { callId })
            })().catch(() => void failed++),
          )
        }
        await Promise.all(pending)
        send({ kind: 'joinsDone', sent: sentCount, failed })
      } else if (m.cmd === 'report') {
        send({ kind: 'report', sent, received })
      } else if (m.cmd === 'exit') {
        for (const s of [...terminals, ...clerks]) s.disconnect()
        setTimeout(() => process.exit(0), 200)
      }
    })()
  })
}

// ------------------------------------------------------------------------------ orchestrator

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

/** p99 notify latency for each second of the join phase, to tell warm-up from steady state. */
function bySecond(
  sent: Record<string, number>,
  reports: { received: Record<string, number[]> }[],
): number[] {
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

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

function ask<T extends FromWorker['kind']>(child: ChildProcess, msg: ToWorker, kind: T) {
  return new Promise<Extract<FromWorker, { kind: T }>>((resolve) => {
    const on = (m: FromWorker): void => {
      if (m.kind !== kind) return
      child.off('message', on)
      resolve(m as Extract<FromWorker, { kind: T }>)
    }
    child.on('message', on)
    child.send(msg)
  })
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      terminals: { type: 'string', default: '5000' },
      clerks: { type: 'string', default: '100' },
      rate: { type: 'string', default: '50' },
      seconds: { type: 'string', default: '20' },
      procs: { type: 'string' },
    },
  })
  const N = Number(values.terminals)
  const M = Number(values.clerks)
  const rate = Number(values.rate)
  const seconds = Number(values.seconds)
  const procs = Number(values.procs ?? Math.max(2, Math.ceil((N + M) / 2_500)))
  const gc = forceGc()

  // Identities: written straight into the same SQLite file, in one transaction, for speed.
  const dbPath = join(mkdtempSync(join(tmpdir(), 'bench-signaling-')), 'server.db')
  await openSqliteStore(dbPath).close() // creates the schema
  const db = new Database(dbPath)
  const credential = newSecret()
  const credHash = sha256(credential)
  const passwordHash = await hashPassword(newSecret())
  const terminals = Array.from({ length: N }, (_, i) => ({ terminalId: `t_bench${i}`, credential }))
  const tokens = Array.from({ length: M }, () => newSecret())
  const t = Date.now()
  db.transaction(() => {
    const insT = db.prepare(
      `INSERT INTO terminals (id, name, hall, credential_hash, created_at) VALUES (?,?,?,?,?)`,
    )
    for (const term of terminals)
      insT.run(term.terminalId, `bench ${term.terminalId}`, '压测大厅', credHash, t)
    const insU = db.prepare(
      `INSERT INTO users (id, username, display_name, role, categories, password_hash, created_at) VALUES (?,?,?,?,?,?,?)`,
    )
    const insS = db.prepare(
      `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?,?,?,?)`,
    )
    tokens.forEach((token, i) => {
      const cats = [CATEGORIES[i % 6], CATEGORIES[(i + 1) % 6]]
      insU.run(
        `u_bench${i}`,
        `clerk${i}`,
        `坐席${i}`,
        'clerk',
        JSON.stringify(cats),
        passwordHash,
        t,
      )
      insS.run(sha256(token), `u_bench${i}`, t, t + 86_400_000)
    })
  })()
  db.close()

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

  const self = fileURLToPath(import.meta.url)
  const children = Array.from({ length: procs }, () =>
    fork(self, [], { env: { ...process.env, SIGNALING_BENCH_WORKER: '1' }, stdio: 'inherit' }),
  )
  const split = <T>(items: T[], k: number): T[] => items.filter((_, i) => i % procs === k)

  // 1. idle terminals only → heap per idle terminal
  const t0 = Date.now()
  const c1 = await Promise.all(
    children.map((c, k) =>
      ask(c, { cmd: 'connect', url, terminals: split(terminals, k), clerks: [] }, 'connected'),
    ),
  )
  const connectSeconds = (Date.now() - t0) / 1000
  const connected = c1.reduce((a, r) => a + r.terminals, 0)
  await new Promise((r) => setTimeout(r, 2_000))
  const heapTerminals = await heapAfterGc(gc)
  const heapPerTerminalKB = (heapTerminals - heapBase) / connected / 1024

  // 2. clerks → queue-join to clerk-notified latency at a steady join rate
  const c2 = await Promise.all(
    children.map((c, k) =>
      ask(c, { cmd: 'connect', url, terminals: [], clerks: split(tokens, k) }, 'connected'),
    ),
  )
  const clerksConnected = c2.reduce((a, r) => a + r.clerks, 0)
  const joinProcs = children.slice(0, Math.max(1, procs))
  const loop = monitorEventLoopDelay({ resolution: 5 })
  loop.enable()
  const done = await Promise.all(
    joinProcs.map((c) =>
      ask(c, { cmd: 'joins', perSecond: rate / joinProcs.length, seconds }, 'joinsDone'),
    ),
  )
  loop.disable()
  await new Promise((r) => setTimeout(r, 1_000))
  const reports = await Promise.all(children.map((c) => ask(c, { cmd: 'report' }, 'report')))
  const sent: Record<string, number> = Object.assign({}, ...reports.map((r) => r.sent))
  const latencies: number[] = []
  const firstLatencies: number[] = []
  for (const r of reports)
    for (const [callId, times] of Object.entries(r.received)) {
      const s = sent[callId]
      if (s === undefined) continue
      for (const x of times) latencies.push(x - s)
    }
  const firstByCall = new Map<string, number>()
  for (const r of reports)
    for (const [callId, times] of Object.entries(r.received))
      for (const x of times)
        firstByCall.set(callId, Math.min(firstByCall.get(callId) ?? Infinity, x))
  for (const [callId, x] of firstByCall)
    if (sent[callId] !== undefined) firstLatencies.push(x - sent[callId]!)
  latencies.sort((a, b) => a - b)
  firstLatencies.sort((a, b) => a - b)
  const heapAll = await heapAfterGc(gc)

  const figures = {
    terminals: connected,
    clerks: clerksConnected,
    connectFailures: c1.reduce((a, r) => a + r.failed, 0) + c2.reduce((a, r) => a + r.failed, 0),
    clientProcesses: procs,
    connectSeconds: Math.round(connectSeconds * 10) / 10,
    heapBaseMB: Math.round(heapBase / 2 ** 20),
    heapWithTerminalsMB: Math.round(heapTerminals / 2 ** 20),
    heapWithAllMB: Math.round(heapAll / 2 ** 20),
    heapPerIdleTerminalKB: Math.round(heapPerTerminalKB * 10) / 10,
    joinsPerSecond: rate,
    joinsSent: done.reduce((a, r) => a + r.sent, 0),
    joinFailures: done.reduce((a, r) => a + r.failed, 0),
    notifications: latencies.length,
    notifyLatencyMs: {
      p50: Math.round(percentile(latencies, 50) * 10) / 10,
      p99: Math.round(percentile(latencies, 99) * 10) / 10,
      max: Math.round((latencies[latencies.length - 1] ?? NaN) * 10) / 10,
    },
    serverLoopDelayMs: {
      p50: Math.round(loop.percentile(50) / 1e5) / 10,
      p99: Math.round(loop.percentile(99) / 1e5) / 10,
    },
    latencyBySecond: bySecond(sent, reports),
    firstClerkNotifiedMs: {
      p50: Math.round(percentile(firstLatencies, 50) * 10) / 10,
      p99: Math.round(percentile(firstLatencies, 99) * 10) / 10,
    },
    goals: { heapPerIdleTerminalKB: 15, notifyP99Ms: 50 },
  }
  for (const c of children) c.send({ cmd: 'exit' } satisfies ToWorker)
  await Promise.all(children.map((c) => new Promise((r) => c.once('exit', r))))
  await app.close()
  await store.close()
  writeResult(N === 5000 && M === 100 ? 'signaling' : `signaling-${N}x${M}`, figures)
  process.exit(0)
}

if (process.env.SIGNALING_BENCH_WORKER) void worker()
else await main()
