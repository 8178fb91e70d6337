// The cluster's dependencies restarted under load (real redis-server and PostgreSQL, three nodes
// and nginx): residents keep joining through it and clerks serving them while
// (a) Redis is killed, losing everything it held, and started again empty: the counter is
//     rebuilt from PostgreSQL and from the clients, nothing lost;
// (b) PostgreSQL is restarted: the counter's writes wait and are applied once it is back; no
//     call record is lost or doubled.
// Checked as the load test does (support/cluster-crowd.ts): nobody offered to two clerks at
// once, no clerk with two calls, exactly one served or cancelled call per resident in the records.
import { afterEach, describe, expect, it } from 'vitest'
import { untilAsync } from '../support/until'
import { OFFER_TIMEOUT_MS, pause, runCrowd } from './support/cluster-crowd'
import { startTestCluster, type TestCluster } from './support/local-cluster'
import { staffAccount } from './support/signaling-sessions'

const RESIDENTS = Number(process.env.CLUSTER_RESTART_RESIDENTS ?? 200)
const CLERKS = 20

let cluster: TestCluster | undefined
afterEach(async () => {
  await cluster?.stop()
  cluster = undefined
})

const start = async () =>
  (cluster = await startTestCluster({
    staff: Array.from({ length: CLERKS }, (_, i) => staffAccount(`clerk${i}`)),
    args: ['--offer-timeout', String(OFFER_TIMEOUT_MS / 1000), '--grace', '8'],
  }))

/** Some node serves the counter (again). */
const served = (c: TestCluster) => untilAsync(async () => (await c.owner()) !== undefined, 30_000)

// Opt-in with the load test (CLUSTER_LOAD=1): a few minutes on a 2-core machine.
describe.skipIf(!process.env.CLUSTER_LOAD)('the cluster’s Redis and PostgreSQL restarted', () => {
  it('Redis killed and started again empty: queue and calls rebuilt, nothing lost', async () => {
    const c = await start()
    await runCrowd(c, {
      residents: RESIDENTS,
      clerks: CLERKS,
      cancelEvery: 10,
      chaos: async (cluster, mark) => {
        await pause(2_000)
        mark()
        await cluster.redis.kill()
        await pause(2_000)
        await cluster.redis.restart()
        await served(cluster)
      },
    })
    // Each node answers its health with Redis reachable again.
    for (const n of c.nodes)
      expect((await (await fetch(`${n.url}/health`)).json()) as unknown).toMatchObject({
        dependencies: { redis: { ok: true } },
      })
  }, 300_000)

  it('PostgreSQL restarted: the counter’s writes wait for it, no call record lost or doubled', async () => {
    const c = await start()
    await runCrowd(c, {
      residents: RESIDENTS,
      clerks: CLERKS,
      cancelEvery: 10,
      chaos: async (cluster, mark) => {
        await pause(2_000)
        mark()
        await cluster.pg.restart()
        await served(cluster)
      },
    })
  }, 300_000)
})
