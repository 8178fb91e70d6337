// After a power cut a county's hosts come back in any order: a centre node started before its
// Redis (real redis-server) waits for it, saying so in its log, instead of exiting with a stack
// trace; it listens only once it has joined the cluster, then serves (and takes the counter).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import pino from 'pino'
import { afterAll, describe, expect, it } from 'vitest'
import { haveRedis, startRedis, type RedisServer } from '../../scripts/cluster/redis'
import { createApplication, type Application } from '../../signaling-server/src/app'
import { freePort } from '../support/free-port'
import { until } from '../support/until'

let redis: RedisServer | undefined
let app: Application | undefined
afterAll(async () => {
  await app?.close()
  await redis?.stop()
})

describe.skipIf(!haveRedis)('a node started before Redis', () => {
  it('waits for Redis, then listens and serves the counter', async () => {
    const lines: { msg: string; redis?: string }[] = []
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString().split('\n')) if (l) lines.push(JSON.parse(l))
        done()
      },
    })
    const redisPort = await freePort()
    app = createApplication({
      log: pino({ level: 'info' }, sink),
      version: 'test',
      rendererDir: mkdtempSync(join(tmpdir(), 'late-redis-renderer-')),
      cluster: {
        redisUrl: `redis://:secret@127.0.0.1:${redisPort}`,
        node: 'late-1',
        prefix: 'late-centre:',
      },
    })
    let listened: { url: string } | null = null
    const listening = app.listen(0).then((l) => (listened = l))

    const waiting = () => lines.find((l) => l.msg.startsWith('cannot reach Redis'))
    await until(() => waiting() !== undefined, 10_000)
    expect(waiting()?.redis).toBe(`127.0.0.1:${redisPort}`) // the password stays out of the log
    expect(JSON.stringify(lines)).not.toContain('secret')
    expect(listened).toBeNull()
    expect(app.http.listening).toBe(false)

    redis = await startRedis(redisPort)
    const { url } = await listening
    const health = await fetch(`${url}/health`)
    expect(health.status).toBe(200)
    const body = (await health.json()) as {
      node: string
      counterOwner: unknown
      dependencies: { redis: { ok: boolean } }
    }
    expect(body.node).toBe('late-1')
    expect(body.dependencies.redis.ok).toBe(true)
    expect(body.counterOwner).toBe(true)
    expect(lines.some((l) => l.msg === 'joined the cluster')).toBe(true)
  }, 30_000)
})
