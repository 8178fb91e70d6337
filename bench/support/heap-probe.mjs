// Preloaded into each cluster node by the signaling benchmark (NODE_OPTIONS=--import …): a heap
// endpoint on 127.0.0.1:BENCH_HEAP_PORT that collects garbage three times and answers the node's
// heap and its open TCP sockets, so the benchmark can measure heap per idle terminal on a node in
// another process. Plain JavaScript: it runs before tsx is registered.
import { createServer } from 'node:http'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

const port = Number(process.env.BENCH_HEAP_PORT)
if (port) {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc')
  const server = createServer((_req, res) => {
    void (async () => {
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
