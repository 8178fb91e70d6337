// A cluster's nodes count failed logins together through Redis (real redis-server): a guesser
// that the load balancer spreads over the nodes is locked out after the same five failures as
// on one node, and a node whose Redis is away still throttles on its own and says so in its
// metrics.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApplication, type Application } from '../../signaling-server/src/app'
import { untilAsync } from '../support/until'
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

const apps: Application[] = []
afterAll(async () => {
  for (const a of apps) await a.close()
})
const TOKEN = 'scrape-token-for-tests'
/** A cluster node in this process, on SQLite (the login throttle does not need PostgreSQL). */
async function node(redisUrl: string, name: string) {
  const app = createApplication({
    log: pino({ level: 'silent' }),
    version: 'test',
    rendererDir: mkdtempSync(join(tmpdir(), 'limits-renderer-')),
    metricsToken: TOKEN,
    cluster: { redisUrl, node: name, prefix: 'limits-centre:' },
  })
  apps.push(app)
  return (await app.listen(0)).url
}
const login = (url: string, username: string) =>
  fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'wrong password' }),
  })

const client = (url: string) => {
  const c = new Redis(url, {
    maxRetriesPerRequest: 1,
    commandTimeout: 500,
    enableOfflineQueue: false,
  })
  c.on('error', () => {})
  clients.push(c)
  return c
}

describe.skipIf(!haveRedis)('login throttle shared through Redis', () => {
  it('locks a username/address pair after five failures spread over three nodes', async () => {
    const redises = [1, 2, 3].map(() => client(redis.url))
    await Promise.all(redises.map((r) => new Promise((ready) => r.once('ready', ready))))
    const nodes = redises.map((r) => sharedLoginThrottle(r, 'limits-test:'))
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

  it('nodes behind one load balancer lock a guessed username out together', async () => {
    const nodes = [await node(redis.url, 'n1'), await node(redis.url, 'n2')]
    const statuses = []
    for (let i = 0; i <= LOCKOUT_FAILURES; i++)
      statuses.push((await login(nodes[i % 2]!, 'guessed')).status)
    expect(statuses.slice(0, LOCKOUT_FAILURES - 1).every((s) => s === 401)).toBe(true)
    expect(statuses.at(-1)).toBe(423)
    expect((await login(nodes[0]!, 'guessed')).status).toBe(423)
  })

  it('a node counts its Redis errors in /metrics when Redis goes away', async () => {
    const own = await startRedis(await freePort())
    const url = await node(own.url, 'lonely')
    await own.kill()
    const errors = async () => {
      const text = await (
        await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
      ).text()
      return text
        .split('\n')
        .filter((l) => l.startsWith('centre_redis_errors_total{'))
        .reduce((n, l) => n + Number(l.split(' ')[1]), 0)
    }
    await untilAsync(async () => (await errors()) > 0, 10_000)
    await own.stop()
  })
})
