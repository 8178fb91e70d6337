// A real cluster for the tests: PostgreSQL and Redis (Debian's), three centre node processes
// and nginx in front (scripts/cluster/local.ts, what `npm run cluster` runs), and socket.io
// clients that connect through nginx and reconnect on their own, as kiosks and consoles do.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { io as connect } from 'socket.io-client'
import { STAFF_NAMESPACE, TERMINAL_NAMESPACE } from '../../../common/signaling'
import { startLocalCluster } from '../../../scripts/cluster/local'
import type { Nginx } from '../../../scripts/cluster/nginx'
import type { CentreNode } from '../../../scripts/cluster/nodes'
import type { RedisServer } from '../../../scripts/cluster/redis'
import { openSignalingStore } from '../../../signaling-server/src/store/open'
import type { Store } from '../../../signaling-server/src/store/types'
import type { PostgresServer } from '../../support/postgres'
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
  const dataDir = mkdtempSync(join(tmpdir(), 'cluster-test-'))
  const renderer = join(dataDir, 'renderer')
  mkdirSync(renderer)
  writeFileSync(join(renderer, 'clerk.html'), '<!doctype html><title>clerk</title>')
  let store!: Store
  const cluster = await startLocalCluster({
    renderer,
    dataDir,
    name: (i) => 'abc'[i]!,
    args: opts.args,
    // The accounts go in before the other nodes start.
    async afterFirstNode(url) {
      store = await openSignalingStore({ kind: 'postgres', url, poolSize: 2 })
      for (const account of opts.staff) await addStaff(store, account)
    },
  })
  const { pg, postgresUrl: pgUrl, redis, nginx, nodes } = cluster
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
      // CLUSTER_LOGS=dir keeps each node's whole output, for a failure to be read afterwards.
      const dir = process.env.CLUSTER_LOGS
      if (dir) {
        mkdirSync(dir, { recursive: true })
        for (const n of nodes) writeFileSync(join(dir, `${n.name}.log`), n.output())
      }
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
      await store.close()
      await cluster.stop()
    },
  }
}
