// The cluster under load while its nodes die: 500 residents join through nginx, spread over the
// three nodes, with clerks on all of them, while the counter's node and then another are
// killed and restarted. No resident is offered to two clerks at once, no clerk has two calls,
// and every resident ends served or cancelled exactly once (from the records).
import { afterAll, beforeAll, describe, it } from 'vitest'
import { pause, runCrowd } from './support/cluster-crowd'
import { startTestCluster, type TestCluster } from './support/local-cluster'
import { staffAccount } from './support/signaling-sessions'

const RESIDENTS = Number(process.env.CLUSTER_LOAD_RESIDENTS ?? 500)
const CLERKS = 30

let cluster: TestCluster
beforeAll(async () => {
  if (!process.env.CLUSTER_LOAD) return
  cluster = await startTestCluster({
    staff: Array.from({ length: CLERKS }, (_, i) => staffAccount(`clerk${i}`)),
    args: ['--offer-timeout', '5', '--grace', '8'],
  })
}, 120_000)
afterAll(async () => {
  await cluster?.stop()
})

// Opt-in (CLUSTER_LOAD=1): minutes on a 2-core machine (docs/deployment.md).
describe.skipIf(!process.env.CLUSTER_LOAD)('the cluster under load, nodes dying', () => {
  it('serves 500 residents exactly once while nodes are killed and restarted', async () => {
    await runCrowd(cluster, {
      residents: RESIDENTS,
      clerks: CLERKS,
      cancelEvery: 10,
      chaos: async (cluster, mark) => {
        // The counter's node dies, comes back; then another node dies, comes back.
        await pause(1_500)
        let owner = await cluster.owner()
        for (let t = 0; !owner && t < 50; t++) owner = await pause(100).then(() => cluster.owner())
        if (!owner)
          throw new Error(
            `no owner: ${JSON.stringify(await Promise.all(cluster.nodes.map((n) => cluster.health(n).catch((e: unknown) => String(e)))))}`,
          )
        mark()
        await owner.kill('SIGKILL')
        await pause(2_000)
        await owner.restart()
        await pause(1_500)
        const other = cluster.nodes.find((n) => n !== owner)!
        mark()
        await other.kill('SIGKILL')
        await pause(2_000)
        await other.restart()
      },
    })
  }, 300_000)
})
