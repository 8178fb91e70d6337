// A real cluster for the tests: PostgreSQL and Redis (Debian's), three centre node processes
// and nginx in front (scripts/cluster/, what `npm run cluster` runs), and socket.io clients that
// connect through nginx and reconnect on their own, as kiosks and consoles do.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { io as connect } from 'socket.io-client'
import { STAFF_NAMESPACE, TERMINAL_NAMESPACE } from '../../../common/signaling'
import { startNginx, type Nginx } from '../../../scripts/cluster/nginx'
import { startNode, type CentreNode } from '../../../scripts/cluster/nodes'
import { startRedis, type RedisServer } from '../../../scripts/cluster/redis'
import { openSignalingStore } from '../../../signaling-server/src/store/open'
import type { Store } from '../../../signaling-server/src/store/types'
import { freePort } from '../../support/free-port'
import { startPostgres, type PostgresServer } from '../../support/postgres'
import { addStaff, Client, type StaffAccount } from '../signaling-harness'

export interface NodeHealth {
  node: string
  counterOwner: boolean
  terminalsOnline: number
  staffOnline: number
  queued: number
  active: number
}

export interface TestCluster {
  pg: PostgresServer
  pgUrl: string
  redis: RedisServer
  nginx: Nginx
  nodes: CentreNode[]
  store: Store
  health(n: CentreNode): Promise<NodeHealth>
  /** The node serving the counter now, if one does. */
  owner(): Promise<CentreNode | undefined>
  /** A kiosk through nginx, reconnecting on its own (the real kiosk's client does). */
  kiosk(t: { terminalId: string; credential: string }): Promise<Client>
  /** A console through nginx, reconnecting on its own. */
  console(token: string): Promise<Client>
  stop(): Promise<void>
}

export async function startTestCluster(opts: {
  staff: StaffAccount[]
  /** Extra `npm run server` options for every node, e.g. `--offer-timeout 3`. */
  args?: string[]
}): Promise<TestCluster> {
  const pg = await startPostgres()
  const pgUrl = pg.url(await pg.createDatabase())
  const redis = await startRedis(await freePort())
  const dataDir = mkdtempSync(join(tmpdir(), 'cluster-test-'))
  const renderer = join(dataDir, 'renderer')
  mkdirSync(renderer)
  writeFileSync(join(renderer, 'clerk.html'), '<!doctype html><title>clerk</title>')
  const common = {
    postgresUrl: pgUrl,
    redisUrl: redis.url,
    renderer,
    dataDir,
    args: opts.args ?? [],
  }
  const nodes: CentreNode[] = []
  // The first node migrates the database; the accounts go in before the others start.
  nodes.push(await startNode({ ...common, name: 'a', port: await freePort() }))
  const store = await openSignalingStore({ kind: 'postgres', url: pgUrl, poolSize: 2 })
  for (const account of opts.staff) await addStaff(store, account)
  nodes.push(await startNode({ ...common, name: 'b', port: await freePort() }))
  nodes.push(await startNode({ ...common, name: 'c', port: await freePort() }))
  const nginx = await startNginx(
    join(dataDir, 'nginx'),
    await freePort(),
    nodes.map((n) => n.port),
  )
  const clients: Client[] = []

  function open(namespace: string, auth: Record<string, unknown>): Promise<Client> {
    const socket = connect(nginx.url + namespace, {
      auth,
      transports: ['websocket'],
      reconnectionDelay: 200,
      reconnectionDelayMax: 1_000,
      forceNew: true,
    })
    const client = new Client(socket)
    clients.push(client)
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(client))
      socket.once('connect_error', reject)
    })
  }
  const health = async (n: CentreNode): Promise<NodeHealth> =>
    (await (await fetch(`${n.url}/health`)).json()) as NodeHealth

  return {
    pg,
    pgUrl,
    redis,
    nginx,
    nodes,
    store,
    health,
    async owner() {
      for (const n of nodes)
        if (
          await health(n).then(
            (h) => h.counterOwner,
            () => false,
          )
        )
          return n
      return undefined
    },
    kiosk: (t) =>
      open(TERMINAL_NAMESPACE, {
        kind: 'terminal',
        terminalId: t.terminalId,
        credential: t.credential,
      }),
    console: (token) => open(STAFF_NAMESPACE, { kind: 'staff', token }),
    async stop() {
      if (process.env.CLUSTER_DEBUG)
        for (const n of nodes)
          process.stderr.write(
            n
              .output()
              .split('\n')
              .filter((l) =>
                /serves the video counter|stopped answering|lease|failed|"level":[45]0/.test(l),
              )
              .map((l) => `${n.name}: ${l.slice(0, 300)}\n`)
              .join(''),
          )
      for (const c of clients) c.close()
      await nginx.stop()
      await Promise.all(nodes.map((n) => n.kill()))
      await store.close()
      await redis.stop()
      await pg.stop()
    },
  }
}
