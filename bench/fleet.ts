// `npm run bench -- fleet [--terminals 10000] [--seconds 120] [--procs N]`
//
// The fleet's health reports against a real centre process: the centre (createApplication, its
// SQLite file store, default config) runs in a child process of its own, N kiosks as real
// socket.io clients spread over client processes (a process may open at most 20,000 files).
// Phases: the centre alone; N terminals connected; every terminal sending `health:report` every
// 60 s, spread evenly (N/60 reports a second) for `--seconds`; then a burst in which every
// terminal's state changes at once and all N report together. Measures the centre's CPU share
// (CPU seconds per wall second, 1.0 = one core) and event loop delay in each phase, its heap per
// terminal added (after GC), the SQLite health upsert (time per write, writes per second, from the
// centre's own /metrics), the report acks' latency, and the fleet page's list query
// (`GET /api/admin/terminals?limit=50`, the console's first page with its filter counts and the
// fleet's alerts, read every 5 s) p50/p95 while the reports flow; once quiet, also a filtered
// page deep in the list (`?filter=printer&offset=5000&limit=50`, all 10,000 matching).
// All traffic stays on 127.0.0.1.
import { fork, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import Database from 'libsql'
import pino from 'pino'
import { io as connect, type Socket } from 'socket.io-client'
import { TERMINAL_NAMESPACE, type HealthReport } from '../common/signaling'
import { createApplication } from '../signaling-server/src/app'
import { hashPassword, newSecret, sha256 } from '../signaling-server/src/auth'
import { openSqliteStore } from '../signaling-server/src/store/sqlite'
import { round1 as r1, writeResult } from './result'

const PERIOD_MS = 60_000
const METRICS_TOKEN = 'bench-metrics-token-0123456789'
const now = (): number => performance.timeOrigin + performance.now()

/** A healthy kiosk's report; `uptimeSeconds` and the paper vary so each one is a change. */
function report(uptimeSeconds: number, paper: 'ok' | 'near-end' = 'ok'): HealthReport {
  return {
    appVersion: '0.1.0',
    catalogVersion: '2026.06.1',
    devices: [
      { role: 'id-reader', state: 'ready' },
      { role: 'receipt-printer', state: paper === 'ok' ? 'ready' : 'warning' },
      { role: 'document-camera', state: 'ready' },
    ],
    printer: { state: 'ready', paper },
    outbox: { waiting: 0, oldestAgeSeconds: null },
    diskFreeMb: 20_480,
    uptimeSeconds,
    lastSelfTest: { at: Date.now() - 86_400_000, passed: true },
    rttMs: 12,
  }
}

const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
const r3 = (x: number) => Math.round(x * 1000) / 1000

function forceGc(): () => void {
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}

type Ask = { id: number }
type Reply = { id: number }

function ask<T>(child: ChildProcess, msg: Record<string, unknown>): Promise<T> {
  const id = Math.random()
  return new Promise((resolve) => {
    const on = (m: Reply & T): void => {
      if (m.id !== id) return
      child.off('message', on)
      resolve(m)
    }
    child.on('message', on)
    child.send({ ...msg, id })
  })
}

// ------------------------------------------------------------------------------ the centre

interface CentreStats {
  cpuMs: number
  heapUsed: number
  rss: number
  loopP50Ms: number
  loopP99Ms: number
}

async function centre(): Promise<void> {
  const gc = forceGc()
  const dbPath = process.env.FLEET_BENCH_DB!
  const store = openSqliteStore(dbPath)
  const app = createApplication({
    log: pino({ level: 'warn' }),
    version: 'bench',
    rendererDir: mkdtempSync(join(tmpdir(), 'bench-renderer-')),
    store,
    metricsToken: METRICS_TOKEN,
  })
  const { url } = await app.listen(0, '127.0.0.1')
  let loop: IntervalHistogram = monitorEventLoopDelay({ resolution: 5 })
  loop.enable()
  process.on('message', (m: Ask & { cmd: string; gc?: boolean }) => {
    void (async () => {
      if (m.cmd === 'url') return process.send!({ id: m.id, url })
      if (m.cmd === 'stats') {
        if (m.gc)
          for (let i = 0; i < 3; i++) {
            gc()
            await new Promise((r) => setTimeout(r, 200))
          }
        const cpu = process.cpuUsage()
        const stats: CentreStats = {
          cpuMs: (cpu.user + cpu.system) / 1000,
          heapUsed: process.memoryUsage().heapUsed,
          rss: process.memoryUsage().rss,
          loopP50Ms: loop.percentile(50) / 1e6,
          loopP99Ms: loop.percentile(99) / 1e6,
        }
        loop.disable()
        loop = monitorEventLoopDelay({ resolution: 5 })
        loop.enable()
        return process.send!({ id: m.id, ...stats })
      }
      if (m.cmd === 'exit') {
        await app.close()
        await store.close()
        process.exit(0)
      }
    })()
  })
}

// ------------------------------------------------------------------------------ the kiosks

interface Sent {
  sent: number
  ok: number
  refused: Record<string, number>
  ackMs: number[]
  spanMs: number
}

async function clients(): Promise<void> {
  const sockets: Socket[] = []
  let offsets: number[] = []

  function open(url: string, t: { terminalId: string; credential: string }) {
    return new Promise<Socket | null>((resolve) => {
      const s = connect(url + TERMINAL_NAMESPACE, {
        auth: { kind: 'terminal', terminalId: t.terminalId, credential: t.credential },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      })
      s.once('connect', () => resolve(s))
      s.once('connect_error', () => resolve(null))
    })
  }

  async function send(s: Socket, r: HealthReport, into: Sent): Promise<void> {
    const t0 = now()
    into.sent++
    try {
      const ack = (await s.timeout(30_000).emitWithAck('health:report', r)) as {
        ok: boolean
        error?: { code: string }
      }
      into.ackMs.push(now() - t0)
      if (ack.ok) into.ok++
      else into.refused[ack.error?.code ?? '?'] = (into.refused[ack.error?.code ?? '?'] ?? 0) + 1
    } catch {
      into.refused.timeout = (into.refused.timeout ?? 0) + 1
    }
  }

  process.on('message', (m: Ask & Record<string, unknown>) => {
    void (async () => {
      if (m.cmd === 'connect') {
        const list = m.terminals as { terminalId: string; credential: string }[]
        offsets = m.offsets as number[]
        let failed = 0
        for (let i = 0; i < list.length; i += 100)
          await Promise.all(
            list.slice(i, i + 100).map(async (t) => {
              const s = await open(m.url as string, t)
              if (s) sockets.push(s)
              else failed++
            }),
          )
        return process.send!({ id: m.id, connected: sockets.length, failed })
      }
      if (m.cmd === 'steady') {
        // Each kiosk at its own offset within the minute, then every minute, as deployed.
        const out: Sent = { sent: 0, ok: 0, refused: {}, ackMs: [], spanMs: 0 }
        const start = now()
        const end = start + (m.seconds as number) * 1000
        const pending: Promise<void>[] = []
        await new Promise<void>((done) => {
          let left = sockets.length
          sockets.forEach((s, i) => {
            const tick = (n: number) => {
              const at = start + offsets[i]! + n * PERIOD_MS
              if (at >= end) {
                if (--left === 0) done()
                return
              }
              setTimeout(
                () => {
                  pending.push(send(s, report(n * 60), out))
                  tick(n + 1)
                },
                Math.max(0, at - now()),
              )
            }
            tick(0)
          })
        })
        await Promise.all(pending)
        out.spanMs = now() - start
        return process.send!({ id: m.id, ...out })
      }
      if (m.cmd === 'burst') {
        // Every kiosk's printer goes near the end of its paper at once: all report now.
        const out: Sent = { sent: 0, ok: 0, refused: {}, ackMs: [], spanMs: 0 }
        const start = now()
        await Promise.all(sockets.map((s) => send(s, report(99_999, 'near-end'), out)))
        out.spanMs = now() - start
        return process.send!({ id: m.id, ...out })
      }
      if (m.cmd === 'exit') {
        for (const s of sockets) s.disconnect()
        setTimeout(() => process.exit(0), 200)
      }
    })()
  })
}

// ------------------------------------------------------------------------------ orchestrator

/** The console's first page (50 terminals, the filter counts, the whole fleet's alerts). */
const FIRST_PAGE = '/api/admin/terminals?limit=50'
/** A page deep in a filter every terminal matches after the burst (all near the paper's end). */
const DEEP_FILTERED_PAGE = '/api/admin/terminals?filter=printer&offset=5000&limit=50'

/** The fleet page's list query, every `everyMs` until `stop()`: each answer's full time. */
function pollList(url: string, token: string, everyMs: number, path = FIRST_PAGE) {
  const times: number[] = []
  let bytes = 0
  let failed = 0
  let stopped = false
  const loop = (async () => {
    while (!stopped) {
      const t0 = now()
      try {
        const res = await fetch(`${url}${path}`, {
          headers: { authorization: `Bearer ${token}` },
        })
        const body = await res.arrayBuffer()
        if (!res.ok) throw new Error(String(res.status))
        times.push(now() - t0)
        bytes = body.byteLength
      } catch {
        failed++
      }
      await new Promise((r) => setTimeout(r, Math.max(0, everyMs - (now() - t0))))
    }
  })()
  return {
    async stop() {
      stopped = true
      await loop
      const sorted = [...times].sort((a, b) => a - b)
      return {
        queries: times.length,
        failed,
        p50Ms: r1(percentile(sorted, 50)),
        p95Ms: r1(percentile(sorted, 95)),
        maxMs: r1(sorted[sorted.length - 1] ?? NaN),
        answerKB: Math.round(bytes / 1024),
      }
    },
  }
}

/** The centre's own histogram of its batched health writes (`writeHealth`), from its /metrics. */
async function upsertMetrics(url: string): Promise<{ count: number; sumSeconds: number }> {
  let text = ''
  for (let attempt = 0; attempt < 5 && !text; attempt++)
    text = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
      .then((res) => res.text())
      .catch(() => '')
  const read = (what: 'sum' | 'count') =>
    Number(
      new RegExp(`^centre_store_seconds_${what}\\{method="writeHealth"\\} (\\S+)$`, 'm').exec(
        text,
      )?.[1] ?? 0,
    )
  return { count: read('count'), sumSeconds: read('sum') }
}

function ackSummary(parts: Sent[]) {
  const ack = parts.flatMap((p) => p.ackMs).sort((a, b) => a - b)
  const refused: Record<string, number> = {}
  for (const p of parts)
    for (const [k, v] of Object.entries(p.refused)) refused[k] = (refused[k] ?? 0) + v
  return {
    sent: parts.reduce((a, p) => a + p.sent, 0),
    accepted: parts.reduce((a, p) => a + p.ok, 0),
    refused,
    ackMs: {
      p50: r1(percentile(ack, 50)),
      p99: r1(percentile(ack, 99)),
      max: r1(ack.at(-1) ?? NaN),
    },
    spanSeconds: r1(Math.max(...parts.map((p) => p.spanMs)) / 1000),
  }
}

/**
 * The SQLite health upsert on its own, on a file like the centre's (WAL, synchronous=FULL): one
 * commit per report, as the centre wrote them before batching, against one second's worth of
 * reports at N terminals (N/60) in one commit, as it writes them now.
 */
async function upsertCost(n: number): Promise<Record<string, number>> {
  const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'bench-upsert-')), 'h.db'))
  const rec = (i: number, at: number) => ({
    terminalId: `t_u${i}`,
    receivedAt: at,
    report: report(at),
  })
  const single = 300
  let t0 = now()
  for (let i = 0; i < single; i++) await store.putLatestHealth(rec(i, i))
  const msPerCommit = (now() - t0) / single
  const perSecond = Math.ceil(n / 60)
  const rounds = 20
  t0 = now()
  for (let r = 0; r < rounds; r++)
    await store.writeHealth({
      latest: Array.from({ length: perSecond }, (_, i) => rec(i, 1_000 + r)),
      samples: [],
    })
  const msPerBatch = (now() - t0) / rounds
  await store.close()
  return {
    oneCommitPerReportMs: r3(msPerCommit),
    reportsPerSecondNeeded: perSecond,
    busyShareOneCommitEach: r3((msPerCommit * perSecond) / 1000),
    batchOfOneSecondMs: r3(msPerBatch),
    busyShareBatched: r3(msPerBatch / 1000),
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      terminals: { type: 'string', default: '10000' },
      seconds: { type: 'string', default: '120' },
      procs: { type: 'string' },
    },
  })
  const N = Number(values.terminals)
  const seconds = Number(values.seconds)
  const procs = Number(values.procs ?? Math.max(2, Math.ceil(N / 2_500)))

  const upsertAlone = await upsertCost(N)

  // Identities straight into the centre's SQLite file, in one transaction, for speed.
  const dbPath = join(mkdtempSync(join(tmpdir(), 'bench-fleet-')), 'server.db')
  await openSqliteStore(dbPath).close()
  const db = new Database(dbPath)
  const credential = newSecret()
  const credHash = sha256(credential)
  const adminToken = newSecret()
  const terminals = Array.from({ length: N }, (_, i) => ({ terminalId: `t_fleet${i}`, credential }))
  const t = Date.now()
  const passwordHash = await hashPassword(newSecret())
  db.transaction(() => {
    const ins = db.prepare(
      `INSERT INTO terminals (id, name, hall, credential_hash, created_at) VALUES (?,?,?,?,?)`,
    )
    // 20 terminals per village hall, as a county of 500 halls.
    terminals.forEach((term, i) =>
      ins.run(
        term.terminalId,
        `${(i % 20) + 1}号机`,
        `村${Math.floor(i / 20)}便民服务站`,
        credHash,
        t,
      ),
    )
    db.prepare(
      `INSERT INTO users (id, username, display_name, role, categories, password_hash, created_at) VALUES (?,?,?,?,?,?,?)`,
    ).run('u_admin', 'admin', '管理员', 'admin', '[]', passwordHash, t)
    db.prepare(
      `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?,?,?,?)`,
    ).run(sha256(adminToken), 'u_admin', t, t + 86_400_000)
  })()
  db.close()

  const self = fileURLToPath(import.meta.url)
  const centreProc = fork(self, [], {
    env: { ...process.env, FLEET_BENCH_ROLE: 'centre', FLEET_BENCH_DB: dbPath },
    stdio: 'inherit',
  })
  const { url } = await ask<{ url: string }>(centreProc, { cmd: 'url' })
  const stats = (gc = false) => ask<CentreStats>(centreProc, { cmd: 'stats', gc })
  await new Promise((r) => setTimeout(r, 1_000))
  const idle0 = await stats(true)
  const heapBase = idle0.heapUsed

  const workers = Array.from({ length: procs }, () =>
    fork(self, [], { env: { ...process.env, FLEET_BENCH_ROLE: 'clients' }, stdio: 'inherit' }),
  )
  const mine = <T>(items: T[], k: number): T[] => items.filter((_, i) => i % procs === k)
  const offsets = terminals.map((_, i) => (i / N) * PERIOD_MS)

  // 1. Connected, nothing reported yet.
  const t0 = now()
  const connected = await Promise.all(
    workers.map((w, k) =>
      ask<{ connected: number; failed: number }>(w, {
        cmd: 'connect',
        url,
        terminals: mine(terminals, k),
        offsets: mine(offsets, k),
      }),
    ),
  )
  const connectSeconds = (now() - t0) / 1000
  const online = connected.reduce((a, c) => a + c.connected, 0)
  await new Promise((r) => setTimeout(r, 2_000))
  const afterConnect = await stats(true)

  // 2. Steady: every terminal every 60 s, the list read every 2 s meanwhile.
  const m0 = await upsertMetrics(url)
  const s0 = await stats()
  const w0 = now()
  const steadyList = pollList(url, adminToken, 2_000)
  const steady = await Promise.all(workers.map((w) => ask<Sent>(w, { cmd: 'steady', seconds })))
  const steadyQuery = await steadyList.stop()
  const s1 = await stats()
  const w1 = now()
  const m1 = await upsertMetrics(url)
  const afterSteady = await stats(true)

  // 3. Burst: every terminal at once (after the centre's 5 s minimum gap), the list read
  // every 250 ms meanwhile.
  await new Promise((r) => setTimeout(r, 6_000))
  const sb0 = await stats()
  const b0 = now()
  const burstList = pollList(url, adminToken, 250)
  const burst = await Promise.all(workers.map((w) => ask<Sent>(w, { cmd: 'burst' })))
  const burstQuery = await burstList.stop()
  const b1 = now()
  const sb = await stats()
  const m2 = await upsertMetrics(url)
  // The list once the burst is over and the centre has caught up (nothing else flows).
  await new Promise((r) => setTimeout(r, 5_000))
  const quietList = pollList(url, adminToken, 500)
  await new Promise((r) => setTimeout(r, 15_000))
  const quietQuery = await quietList.stop()
  const deepList = pollList(url, adminToken, 500, DEEP_FILTERED_PAGE)
  await new Promise((r) => setTimeout(r, 10_000))
  const deepQuery = await deepList.stop()

  const batches = (a: typeof m0, b: typeof m0, wallMs: number) => ({
    batches: b.count - a.count,
    batchesPerSecond: r1((b.count - a.count) / (wallMs / 1000)),
    msPerBatch: r3(((b.sumSeconds - a.sumSeconds) / Math.max(1, b.count - a.count)) * 1000),
    busyShare: r3((b.sumSeconds - a.sumSeconds) / (wallMs / 1000)),
  })
  const figures = {
    terminals: online,
    connectFailures: connected.reduce((a, c) => a + c.failed, 0),
    clientProcesses: procs,
    connectSeconds: r1(connectSeconds),
    reportBytes: Buffer.byteLength(JSON.stringify(report(60))),
    heap: {
      baseMB: Math.round(heapBase / 2 ** 20),
      connectedMB: Math.round(afterConnect.heapUsed / 2 ** 20),
      reportingMB: Math.round(afterSteady.heapUsed / 2 ** 20),
      perConnectedTerminalKB: r1((afterConnect.heapUsed - heapBase) / online / 1024),
      perReportingTerminalKB: r1((afterSteady.heapUsed - heapBase) / online / 1024),
      centreRssMB: Math.round(afterSteady.rss / 2 ** 20),
    },
    steady: {
      seconds,
      reportsPerSecond: r1(online / (PERIOD_MS / 1000)),
      ...ackSummary(steady),
      centreCpuShare: r3((s1.cpuMs - s0.cpuMs) / (w1 - w0)),
      centreLoopDelayMs: { p50: r1(s1.loopP50Ms), p99: r1(s1.loopP99Ms) },
      healthWrites: batches(m0, m1, w1 - w0),
      listQuery: steadyQuery,
    },
    burst: {
      ...ackSummary(burst),
      centreCpuShare: r3((sb.cpuMs - sb0.cpuMs) / (b1 - b0)),
      centreLoopDelayMs: { p50: r1(sb.loopP50Ms), p99: r1(sb.loopP99Ms) },
      healthWrites: batches(m1, m2, b1 - b0),
      listQuery: burstQuery,
    },
    listQueryQuiet: quietQuery,
    listQueryQuietDeepFiltered: deepQuery,
    sqliteUpsertAlone: upsertAlone,
    goals: { listQueryP95Ms: 100 },
  }
  for (const w of workers) w.send({ cmd: 'exit' })
  await Promise.all(workers.map((w) => new Promise((r) => w.once('exit', r))))
  centreProc.send({ cmd: 'exit' })
  await new Promise((r) => centreProc.once('exit', r))
  writeResult(N === 10_000 && seconds === 120 ? 'fleet' : `fleet-${N}x${seconds}s`, figures)
  process.exit(0)
}

const role = process.env.FLEET_BENCH_ROLE
// A child whose orchestrator died (a failed run) goes with it rather than linger.
if (role) process.on('disconnect', () => process.exit(1))
if (role === 'centre') void centre()
else if (role === 'clients') void clients()
else await main()
