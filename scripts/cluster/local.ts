// The local cluster in one call, for `npm run cluster` and the tests that need a real one:
// PostgreSQL and Redis (Debian's), the first node (which migrates the database), the others,
// and nginx in front, in that order. `stop()` takes it all down again.
import { join } from 'node:path'
import { freePort } from '../../tests/support/free-port'
import { startPostgres, type PostgresServer } from '../../tests/support/postgres'
import { startNginx, type Nginx, type NginxSize } from './nginx'
import { startNode, type CentreNode } from './nodes'
import { startRedis, type RedisServer } from './redis'

export interface LocalClusterOptions {
  /** The built clerk console (out/renderer), or a stand-in. */
  renderer: string
  /** Where the shared files live: data key, results database, demo terminal, nginx. */
  dataDir: string
  /** How many nodes (3 unless told). */
  nodes?: number
  /** Node names by position (0-based); `node-1`, `node-2`… unless told. */
  name?: (i: number) => string
  /** nginx's port; a free one unless told. */
  port?: number
  /** The first node seeds the demo (clerks, one terminal in dataDir/demo-terminal.json). */
  demo?: boolean
  /** Extra `npm run server` options for every node, e.g. `--offer-timeout 3`. */
  args?: string[]
  /** Runs once the first node has migrated the database, before the others start. */
  afterFirstNode?(postgresUrl: string): Promise<void>
  /** Extra environment for node i (0-based), e.g. a preloaded probe's settings. */
  env?: (i: number) => Record<string, string>
  /** nginx's size, for more sockets than a person trying the cluster opens. */
  nginxSize?: NginxSize
}

export interface LocalCluster {
  pg: PostgresServer
  postgresUrl: string
  redis: RedisServer
  nodes: CentreNode[]
  nginx: Nginx
  /** Stops nginx, the nodes (with `signal`, SIGKILL unless told), Redis and PostgreSQL. */
  stop(signal?: NodeJS.Signals): Promise<void>
}

export async function startLocalCluster(opts: LocalClusterOptions): Promise<LocalCluster> {
  const pg = await startPostgres()
  const postgresUrl = pg.url(await pg.createDatabase())
  const redis = await startRedis(await freePort())
  const name = opts.name ?? ((i: number) => `node-${i + 1}`)
  const common = {
    postgresUrl,
    redisUrl: redis.url,
    renderer: opts.renderer,
    dataDir: opts.dataDir,
    args: opts.args ?? [],
  }
  const nodes: CentreNode[] = []
  const node = async (i: number, demo?: boolean) =>
    startNode({ ...common, name: name(i), port: await freePort(), demo, env: opts.env?.(i) })
  nodes.push(await node(0, opts.demo))
  await opts.afterFirstNode?.(postgresUrl)
  for (let i = 1; i < (opts.nodes ?? 3); i++) nodes.push(await node(i))
  const nginx = await startNginx(
    join(opts.dataDir, 'nginx'),
    opts.port ?? (await freePort()),
    nodes.map((n) => n.port),
    opts.nginxSize,
  )
  return {
    pg,
    postgresUrl,
    redis,
    nodes,
    nginx,
    async stop(signal = 'SIGKILL') {
      await nginx.stop()
      await Promise.all(nodes.map((n) => n.kill(signal)))
      await redis.stop()
      await pg.stop()
    },
  }
}
