// GET /metrics: what an operator's Prometheus reads from a node, and who may read it.
import { describe, expect, it } from 'vitest'
import type { OfferEvent } from '../../common/signaling'
import { startServer, type TestServer } from './signaling-harness'
import { joinQueue, serverForEachTest, staffAccount, tokenOf } from './support/signaling-sessions'

const TOKEN = 'scrape-token-for-tests'
let srv: TestServer
const { kiosk, clerk } = serverForEachTest(
  [staffAccount('alice'), staffAccount('sam', 'supervisor')],
  { metricsToken: TOKEN },
  (started) => (srv = started),
)

async function scrape(token = TOKEN): Promise<Response> {
  return fetch(`${srv.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })
}
/** The value of one sample line, e.g. `centre_sockets{role="terminal"}`. */
async function sample(name: string): Promise<number | undefined> {
  const text = await (await scrape()).text()
  const line = text.split('\n').find((l) => l.startsWith(`${name} `))
  return line === undefined ? undefined : Number(line.slice(name.length + 1))
}

describe('node metrics', () => {
  it('counts sockets by role, the queue per category, calls by state and offers', async () => {
    const alice = await clerk('alice')
    await clerk('sam')
    const k = await kiosk('一号机')
    expect(await sample('centre_sockets{role="terminal"}')).toBe(1)
    expect(await sample('centre_sockets{role="clerk"}')).toBe(1)
    expect(await sample('centre_sockets{role="supervisor"}')).toBe(1)
    expect(await sample('centre_queue_length{category="social-security"}')).toBe(0)
    expect(await sample('centre_offers_total')).toBe(0)

    const call = await joinQueue(k)
    expect(await sample('centre_queue_length{category="social-security"}')).toBe(1)
    expect(await sample('centre_calls{state="queued"}')).toBe(1)

    await alice.ok('presence:set', { presence: 'available' })
    const offer = await alice.next<OfferEvent>('call:offer')
    expect(offer.entry.callId).toBe(call.callId)
    expect(await sample('centre_offers_total')).toBe(1)
    expect(await sample('centre_offers_pending')).toBe(1)
    expect(await sample('centre_calls{state="offered"}')).toBe(1)
  })

  it('times the store and reports the process: event-loop lag, memory', async () => {
    await clerk('alice')
    const text = await (await scrape()).text()
    // The login and the console's session read the store.
    const counts = text
      .split('\n')
      .filter((l) => l.startsWith('centre_store_seconds_count{'))
      .map((l) => Number(l.split(' ')[1]))
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0)
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds \d/m)
    expect(text).toMatch(/^process_resident_memory_bytes \d/m)
  })

  it('answers only the scraper holding the token: no token, a wrong one or a staff token is 401', async () => {
    expect((await fetch(`${srv.url}/metrics`)).status).toBe(401)
    expect((await scrape('not-the-token')).status).toBe(401)
    expect((await scrape(await tokenOf(srv, 'sam'))).status).toBe(401)
    const ok = await scrape()
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-type')).toContain('text/plain')
  })

  it('has no /metrics endpoint on a node without a metrics token', async () => {
    const plain = await startServer()
    try {
      expect((await fetch(`${plain.url}/metrics`)).status).toBe(404)
    } finally {
      await plain.close()
    }
  })
})
