// `npm run cluster`: the centre as a small cluster on loopback for a person to try — PostgreSQL
// and Redis (Debian's), three nodes and nginx in front — with the URLs printed. Ctrl-C stops
// everything and removes the throwaway database. docs/deployment.md explains what runs.
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { freePort } from '../../tests/support/free-port'
import { havePostgres, startPostgres } from '../../tests/support/postgres'
import { NGINX, startNginx } from './nginx'
import { startNode, type CentreNode } from './nodes'
import { haveRedis, startRedis } from './redis'

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
const pg = await startPostgres()
const db = await pg.createDatabase()
const redis = await startRedis(await freePort())
const common = { postgresUrl: pg.url(db), redisUrl: redis.url, renderer, dataDir }
const nodes: CentreNode[] = []
// The first node migrates the database and seeds the demo; the others join it.
nodes.push(await startNode({ ...common, name: 'node-1', port: await freePort(), demo: true }))
process.stdout.write(nodes[0]!.output())
for (let i = 2; i <= Number(values.nodes); i++)
  nodes.push(await startNode({ ...common, name: `node-${i}`, port: await freePort() }))
const nginx = await startNginx(
  join(dataDir, 'nginx'),
  Number(values.port),
  nodes.map((n) => n.port),
)

process.stdout.write(
  [
    '',
    `CLUSTER_URL=${nginx.url}`,
    `CLERK_URL=${nginx.url}/clerk.html`,
    ...nodes.map((n) => `NODE ${n.name} ${n.url} (health ${n.url}/health)`),
    `POSTGRES=${pg.url(db)}`,
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
  await nginx.stop()
  await Promise.all(nodes.map((n) => n.kill('SIGTERM')))
  await redis.stop()
  await pg.stop()
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())
