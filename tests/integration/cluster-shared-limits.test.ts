// A cluster's nodes count failed logins together through Redis (real redis-server): a guesser
// that the load balancer spreads over the nodes is locked out after the same five failures as
// on one node, and a node whose Redis is away still throttles on its own.
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { haveRedis, startRedis, type RedisServer } from '../../scripts/cluster/redis'
import { sharedLoginThrottle } from '../../signaling-server/src/cluster/shared-limits'
import { LOCKOUT_FAILURES } from '../../signaling-server/src/login-throttle'
import { freePort } from '../support/free-port'

let redis: RedisServer
const clients: Redis[] = []
beforeAll(async () => {
  if (haveRedis) redis = await startRedis(await freePort())
}, 30_000)
afterAll(async () => {
  for (const c of clients) c.disconnect()
  await redis?.stop()
})

const client = (url: string) => {
  const c = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 500 })
  c.on('error', () => {})
  clients.push(c)
  return c
}

describe.skipIf(!haveRedis)('login throttle shared through Redis', () => {
  it('locks a username/address pair after five failures spread over three nodes', async () => {
    const nodes = [1, 2, 3].map(() => sharedLoginThrottle(client(redis.url), 'limits-test:'))
    const waits = []
    for (let i = 0; i < LOCKOUT_FAILURES; i++)
      waits.push(await nodes[i % 3]!.failed('admin', '203.0.113.7'))
    expect(waits.slice(0, -1).every((w) => w.kind === 'none')).toBe(true)
    expect(waits.at(-1)?.kind).toBe('locked_out')
    // Every node refuses the pair now; another address is not locked.
    for (const n of nodes) expect((await n.check('admin', '203.0.113.7')).kind).toBe('locked_out')
    expect((await nodes[0]!.check('admin', '198.51.100.1')).kind).toBe('none')
  })

  it('a node whose Redis does not answer still throttles, in its own memory', async () => {
    const dead = client(`redis://127.0.0.1:${await freePort()}`)
    const node = sharedLoginThrottle(dead, 'limits-test:')
    let last
    for (let i = 0; i < LOCKOUT_FAILURES; i++) last = await node.failed('clerk1', '203.0.113.9')
    expect(last?.kind).toBe('locked_out')
  })
})
