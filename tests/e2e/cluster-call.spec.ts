// A real video call across the local cluster (scripts/cluster/local.ts: PostgreSQL, Redis, three
// nodes, nginx): the kiosk reaches the centre through nginx, the clerk's console sits on another
// node, and the kiosk's node is killed mid-call. The kiosk comes back through nginx on a node
// still alive and the same call resumes with the same clerk. (That the dead node's offer and
// grace timers still fire is tests/integration/cluster.test.ts.)
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DeviceHost } from '../../electron/device-host/server'
import { startLocalCluster, type LocalCluster } from '../../scripts/cluster/local'
import type { CentreNode } from '../../scripts/cluster/nodes'
import { openSignalingStore } from '../../signaling-server/src/store/open'
import type { Store } from '../../signaling-server/src/store/types'
import { expect, rendererDir, screenshot } from './fixtures'
import {
  acceptAndSeeEachOther,
  clerkLogsIn,
  expectVideoPlaying,
  partiesSpec,
  residentAsksForHelp,
  setAvailable,
  startKioskHost,
} from './video-fixtures'

let cluster: LocalCluster
let store: Store
let kioskHost: DeviceHost
const test = partiesSpec()

test.beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cluster-e2e-'))
  // The first node seeds the demo: clerk1 (王芳) and the terminal the kiosk signs in as.
  cluster = await startLocalCluster({ renderer: rendererDir, dataDir, demo: true })
  store = await openSignalingStore({ kind: 'postgres', url: cluster.postgresUrl, poolSize: 2 })
  kioskHost = await startKioskHost(cluster.nginx.url, join(dataDir, 'demo-terminal.json'))
})

test.afterAll(async () => {
  await kioskHost?.close()
  await store?.close()
  await cluster?.stop()
})

interface Health {
  counterOwner: boolean
  terminalsOnline: number
}
const health = async (n: CentreNode): Promise<Health> =>
  (await (await fetch(`${n.url}/health`)).json()) as Health

/** The nodes the kiosk is connected to now (each node's /health counts its own sockets). */
async function kioskNodes(nodes: CentreNode[]): Promise<string[]> {
  const healths = await Promise.all(nodes.map(health))
  return nodes.filter((_, i) => healths[i]!.terminalsOnline > 0).map((n) => n.name)
}

test('the node holding the kiosk and its call is killed: the kiosk is back through nginx and the call resumes with the same clerk', async ({
  parties: { kiosk, clerk },
}) => {
  const { nodes } = cluster
  const healths = await Promise.all(nodes.map(health))
  const owner = nodes[healths.findIndex((h) => h.counterOwner)]!
  // Node A both carries the kiosk's socket and serves the counter (owns the calls): the kiosk
  // opens the page until nginx's round robin puts it there.
  for (let tries = 0; ; tries++) {
    await kiosk.page.goto(kioskHost.url)
    await expect.poll(() => kioskNodes(nodes)).toHaveLength(1)
    if ((await kioskNodes(nodes))[0] === owner.name) break
    if (tries === 8) throw new Error('the kiosk never landed on the counter owner’s node')
    await kiosk.page.goto('about:blank')
    await expect.poll(() => kioskNodes(nodes)).toEqual([])
  }
  await residentAsksForHelp(kiosk.page, '')
  expect(await kioskNodes(nodes)).toEqual([owner.name])
  const kioskNode = owner
  const survivors = nodes.filter((n) => n !== kioskNode)
  // The console straight on another node: its page's origin is the centre it talks to.
  await clerkLogsIn(clerk.page, survivors[0]!.url)
  await setAvailable(clerk.page)
  await acceptAndSeeEachOther(kiosk.page, clerk.page)
  await expect
    .poll(async () => (await store.listOpenCalls()).map((c) => c.state))
    .toEqual(['connected'])
  const before = (await store.listOpenCalls())[0]!

  await kioskNode.kill('SIGKILL')

  // A SIGKILL closes the sockets at once; the kiosk retries within about a second, and nginx
  // skips the dead node for a live one. Another node takes the counter over and resumes the
  // call: a new generation, both sides build a new peer.
  await expect
    .poll(async () => (await Promise.all(survivors.map(health))).some((h) => h.counterOwner), {
      timeout: 15_000,
    })
    .toBe(true)
  await expect.poll(() => kioskNodes(survivors), { timeout: 15_000 }).toHaveLength(1)
  await expect(kiosk.page.getByTestId('reconnecting')).toBeHidden({ timeout: 15_000 })
  await expect(clerk.page.getByTestId('reconnecting')).toBeHidden()
  await expect
    .poll(
      async () => {
        const call = await store.getCall(before.id)
        return call && { state: call.state, renegotiated: call.generation > before.generation }
      },
      { timeout: 20_000 },
    )
    .toEqual({ state: 'connected', renegotiated: true })
  expect((await store.getCall(before.id))!.clerkId).toBe(before.clerkId)
  await expectVideoPlaying(kiosk.page)
  await expectVideoPlaying(clerk.page)
  await expect(kiosk.page.getByRole('heading')).toContainText('王芳')
  await screenshot(kiosk.page, 'cluster-call-kiosk-resumed')
  await screenshot(clerk.page, 'cluster-call-clerk-resumed')

  await clerk.page.getByTestId('end-call').click()
  await expect(kiosk.page.locator('[data-screen="call-rating"]')).toBeVisible()
})
