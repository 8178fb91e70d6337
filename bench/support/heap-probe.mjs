// Preloaded into each cluster node by the signaling benchmark (NODE_OPTIONS=--import …): a heap
// endpoint on 127.0.0.1:BENCH_HEAP_PORT that collects garbage three times and answers the node's
// heap and its open TCP sockets, so the benchmark can measure heap per idle terminal on a node in
// another process. With BENCH_CPU_PROFILE_DIR set, `/profile/start` and `/profile/stop` take a
// CPU profile of the node (written there as NODE-PHASE.cpuprofile), since a node the benchmark kills
// with SIGKILL never writes one of `--cpu-prof`. `/pauses` answers the node's garbage-collection
// pauses and event-loop delay since it was last asked. Plain JavaScript: it runs before tsx is
// registered.
import { writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { Session } from 'node:inspector/promises'
import { join } from 'node:path'
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

const port = Number(process.env.BENCH_HEAP_PORT)
if (port) {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc')
  const profileDir = process.env.BENCH_CPU_PROFILE_DIR
  const session = profileDir ? new Session() : null
  const profile = async (url) => {
    if (url === '/profile/start') {
      session.connect()
      await session.post('Profiler.enable')
      await session.post('Profiler.start')
      return {}
    }
    const { profile } = await session.post('Profiler.stop')
    const phase = new URL(url, 'http://probe').searchParams.get('phase') ?? 'run'
    const name = `${process.env.BENCH_NODE_NAME ?? process.pid}-${phase}.cpuprofile`
    const file = join(profileDir, name)
    writeFileSync(file, JSON.stringify(profile))
    session.disconnect()
    return { file }
  }
  let gcPauses = []
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcPauses.push(e.duration)
  }).observe({ entryTypes: ['gc'] })
  const loop = monitorEventLoopDelay({ resolution: 5 })
  loop.enable()
  const round = (x) => Math.round(x * 10) / 10
  const pauses = () => {
    const gcMs = gcPauses.sort((a, b) => a - b)
    const out = {
      gc: {
        count: gcMs.length,
        totalMs: round(gcMs.reduce((a, b) => a + b, 0)),
        maxMs: round(gcMs.at(-1) ?? 0),
      },
      loopDelayMs: {
        p50: round(loop.percentile(50) / 1e6),
        p99: round(loop.percentile(99) / 1e6),
        max: round(loop.max / 1e6),
      },
    }
    gcPauses = []
    loop.reset()
    return out
  }
  const server = createServer((req, res) => {
    void (async () => {
      if (req.url === '/pauses') {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify(pauses()))
        return
      }
      if (session && req.url?.startsWith('/profile/')) {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify(await profile(req.url)))
        return
      }
      for (let i = 0; i < 3; i++) {
        gc()
        await new Promise((r) => setTimeout(r, 200))
      }
      // TCP sockets: the node's WebSocket connections plus a few to PostgreSQL, Redis and this
      // request; the benchmark counts the difference, so the few cancel out.
      const sockets = process
        ._getActiveHandles()
        .filter((h) => h && h.constructor && h.constructor.name === 'Socket').length
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ heapUsed: process.memoryUsage().heapUsed, sockets }))
    })()
  })
  server.listen(port, '127.0.0.1')
  // The probe must not keep a node alive that wants to exit.
  server.unref()
}
