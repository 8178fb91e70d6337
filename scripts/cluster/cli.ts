// `npm run cluster`: the centre as a small cluster on loopback for a person to try — PostgreSQL
// and Redis (Debian's), three nodes and nginx in front — with the URLs printed. Ctrl-C stops
// everything and removes the throwaway database. docs/deployment.md explains what runs.
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { havePostgres } from '../../tests/support/postgres'
import { startLocalCluster } from './local'
import { NGINX } from './nginx'
import { haveRedis } from './redis'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    nodes: { type: 'string', default: '3' },
  },
})

function fail(message: string): never {
  process.stderr.write(message + '\n')
  process.exit(2)
}

const renderer = resolve('out/renderer')
if (!existsSync(join(renderer, 'clerk.html')))
  fail('the clerk console is not built: run npm run build:renderer first')
if (!havePostgres || !haveRedis || !existsSync(NGINX))
  fail(
    'npm run cluster needs Debian packages postgresql, redis-server and nginx-light: apt-get install postgresql redis-server nginx-light',
  )

const dataDir = mkdtempSync(join(tmpdir(), 'centre-cluster-'))
const cluster = await startLocalCluster({
  renderer,
  dataDir,
  nodes: Number(values.nodes),
  port: Number(values.port),
  demo: true,
})
const { nodes, nginx, redis, postgresUrl } = cluster
// The first node's output has the demo accounts and terminal it seeded.
process.stdout.write(nodes[0]!.output())

process.stdout.write(
  [
    '',
    `CLUSTER_URL=${nginx.url}`,
    `CLERK_URL=${nginx.url}/clerk.html`,
    ...nodes.map((n) => `NODE ${n.name} ${n.url} (health ${n.url}/health)`),
    `POSTGRES=${postgresUrl}`,
    `REDIS=${redis.url}`,
    '',
    'Kill a node (kill -9 its pid) and its kiosks and consoles move to the others; Ctrl-C stops all.',
    '',
  ].join('\n'),
)

let stopping = false
async function stop(): Promise<void> {
  if (stopping) return
  stopping = true
  await cluster.stop('SIGTERM')
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())
