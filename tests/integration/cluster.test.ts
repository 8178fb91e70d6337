// The centre as a cluster: three real node processes on one PostgreSQL and one Redis (Debian's),
// nginx in front (scripts/cluster/). Kiosks and consoles on different nodes talk as on one; the
// node that serves the video counter is killed mid-call and another takes over: the call
// resumes with the same clerk, and the timers of the calls it held still fire.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CentreNode } from '../../scripts/cluster/nodes'
import type { CallStartEvent, OfferEvent, TerminalSessionState } from '../../common/signaling'
import type { Store } from '../../signaling-server/src/store/types'
import { untilAsync as until } from '../support/until'
import type { Client } from './signaling-harness'
import {
  enrolTerminal,
  joinPayload,
  staffClient,
  terminalClient,
  tokenFor,
} from './signaling-harness'
import { startTestCluster, type TestCluster } from './support/local-cluster'
import { passwordOf, staffAccount } from './support/signaling-sessions'

const OFFER_S = 3
const GRACE_S = 4

let cluster: TestCluster
let store: Store
let nodes: CentreNode[]
const clients: Client[] = []

beforeAll(async () => {
  cluster = await startTestCluster({
    staff: [
      staffAccount('alice', 'clerk', ['social-security']),
      staffAccount('bob', 'clerk', ['civil-affairs']),
      staffAccount('carol', 'clerk', ['medical-insurance']),
    ],
    args: ['--offer-timeout', String(OFFER_S), '--grace', String(GRACE_S)],
  })
  store = cluster.store
  nodes = cluster.nodes
}, 120_000)

afterAll(async () => {
  for (const c of clients) c.close()
  await cluster?.stop()
})

const health = (n: CentreNode) => cluster.health(n)

const track = async (c: Promise<Client>): Promise<Client> => {
  const client = await c
  clients.push(client)
  return client
}

const kioskThroughNginx = (t: { terminalId: string; credential: string }) => cluster.kiosk(t)

async function onNode(node: CentreNode, count: number): Promise<void> {
  await until(async () => (await health(node)).terminalsOnline === count, 5_000)
}

describe('three nodes behind nginx', () => {
  it('serves a call across nodes, and keeps it when the counter’s node is killed', async () => {
    const healths = await Promise.all(nodes.map(health))
    expect(healths.filter((h) => h.counterOwner)).toHaveLength(1)
    const owner = nodes[healths.findIndex((h) => h.counterOwner)]!
    const [other1, other2] = nodes.filter((n) => n !== owner) as [CentreNode, CentreNode]

    // The resident's kiosk lands, through nginx, on the owner's node (round robin: a few tries).
    const k1Cred = await enrolTerminal(store, '一号机')
    let k1: Client | null = null
    for (let i = 0; i < 6 && !k1; i++) {
      const c = await kioskThroughNginx(k1Cred)
      await c.next('session:state')
      if ((await health(owner)).terminalsOnline === 1) k1 = c
      else {
        c.close()
        await until(
          async () => (await Promise.all(nodes.map(health))).every((h) => h.terminalsOnline === 0),
          5_000,
        )
      }
    }
    if (!k1) throw new Error('the kiosk never landed on the owner’s node')
    // The clerk's console is on another node.
    const alice = await track(
      staffClient(other1.url, await tokenFor(other1.url, 'alice', passwordOf('alice'))),
    )
    await alice.next('session:state')
    await alice.ok('presence:set', { presence: 'available' })
    const { call } = await k1.ok<{ call: { callId: string } }>('queue:join', joinPayload())
    const offer = await alice.next<OfferEvent>('call:offer')
    expect(offer.entry.callId).toBe(call.callId)
    await alice.ok('call:accept', { callId: call.callId })
    const kStart = await k1.next<CallStartEvent>('call:start')
    await alice.next<CallStartEvent>('call:start')
    await k1.ok('call:connected', { callId: call.callId, generation: kStart.generation })

    // A second call on the owner's node whose kiosk will not come back (its grace must end it),
    // and a third resident offered to a clerk who does not answer (its offer must time out).
    const k3 = await track(terminalClient(owner.url, await enrolTerminal(store, '三号机')))
    const bob = await track(
      staffClient(other2.url, await tokenFor(other2.url, 'bob', passwordOf('bob'))),
    )
    await bob.ok('presence:set', { presence: 'available' })
    const c3 = await k3.ok<{ call: { callId: string } }>(
      'queue:join',
      joinPayload({ category: 'civil-affairs' }),
    )
    await bob.next<OfferEvent>('call:offer')
    await bob.ok('call:accept', { callId: c3.call.callId })
    await bob.next('call:start')
    const carol = await track(
      staffClient(other1.url, await tokenFor(other1.url, 'carol', passwordOf('carol'))),
    )
    await carol.next('session:state')
    // As the real console does at every session:state once its clerk chose to be available
    // (clerk-video-session.ts): a new counter owner learns the console anew, as 'away'.
    carol.socket.on('session:state', (st: { presence: string }) => {
      if (st.presence === 'away') void carol.ack('presence:set', { presence: 'available' })
    })
    const k2 = await track(terminalClient(other2.url, await enrolTerminal(store, '二号机')))
    await carol.ok('presence:set', { presence: 'available' })
    const c2 = await k2.ok<{ call: { callId: string } }>(
      'queue:join',
      joinPayload({ category: 'medical-insurance' }),
    )
    await carol.next<OfferEvent>('call:offer')
    // The owner writes its records behind its answers (in order, grouped); the offer is in the
    // database before the kill, as a call that waited longer than a moment would be. (A join
    // lost in the last group commit is joined again by the kiosk: the protocol's rule.)
    await until(async () => (await store.getCall(c2.call.callId))?.state === 'offered', 5_000)

    await owner.kill('SIGKILL')

    // Another node takes the counter over within seconds.
    await until(
      async () => (await Promise.all([other1, other2].map(health))).some((h) => h.counterOwner),
      15_000,
    )
    // The kiosk reconnects through nginx to a live node, and the same call resumes with alice.
    await k1.next('session:state', () => true, 20_000)
    const resumed = await k1.ok<TerminalSessionState>('session:resume', { callId: call.callId })
    expect(resumed.call).toMatchObject({
      callId: call.callId,
      clerk: { displayName: 'alice-name' },
    })
    const kr = await k1.next<CallStartEvent>('call:renegotiate', () => true, 10_000)
    const cr = await alice.next<CallStartEvent>('call:renegotiate', () => true, 10_000)
    expect(kr.call.callId).toBe(call.callId)
    expect(cr.call.callId).toBe(call.callId)
    expect(cr.generation).toBe(kr.generation)
    // The offer the dead node made is made again by the new owner, and times out there.
    const again = await carol.next<OfferEvent>('call:offer', () => true, 10_000)
    expect(again.entry.callId).toBe(c2.call.callId)
    expect(await carol.next('call:offer-revoked', () => true, (OFFER_S + 3) * 1000)).toMatchObject({
      callId: c2.call.callId,
      reason: 'timeout',
    })
    // The kiosk that never came back: its grace period ends the call for bob, and the resident
    // keeps a place in the queue (for when the kiosk returns), as on a single node.
    expect(await bob.next('call:requeued', () => true, (GRACE_S + 5) * 1000)).toEqual({
      callId: c3.call.callId,
      reason: 'terminal_lost',
    })

    await owner.restart()
    await onNode(owner, 0)
  }, 90_000)
})
