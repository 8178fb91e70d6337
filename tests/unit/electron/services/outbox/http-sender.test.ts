import { afterEach, describe, expect, it } from 'vitest'
import { createHttpSender } from '../../../../../electron/services/outbox'
import { makeApplication, startHttpFake } from '../../../../support/applications'

let server: Awaited<ReturnType<typeof startHttpFake>> | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const signal = () => new AbortController().signal

describe('HTTP application sender', () => {
  it('posts with the terminal credential and the idempotency key, and reads the confirmation', async () => {
    server = await startHttpFake()
    const sender = createHttpSender({
      serverUrl: server.url,
      credential: async () => 't_kiosk01:tok-123',
    })
    const app = makeApplication()
    const first = await sender.send(app, signal())
    const again = await sender.send(app, signal())
    expect(first.kind).toBe('confirmed')
    expect(again).toEqual(first)
    expect(server.fake.calls).toEqual([
      { idempotencyKey: app.id, authorization: 'Bearer t_kiosk01:tok-123', applicationId: app.id },
      { idempotencyKey: app.id, authorization: 'Bearer t_kiosk01:tok-123', applicationId: app.id },
    ])
    expect(server.fake.stored.size).toBe(1)
  })

  it('retries on 503 (honouring Retry-After) and gives up on 409 and 422', async () => {
    server = await startHttpFake()
    const sender = createHttpSender({ serverUrl: server.url, credential: async () => 't' })
    server.nextStatus.value = 503
    server.nextStatus.retryAfter = '7'
    expect(await sender.send(makeApplication(), signal())).toEqual({
      kind: 'retry',
      reason: 'http 503',
      retryAfterMs: 7000,
    })
    server.nextStatus.retryAfter = undefined
    for (const status of [409, 422]) {
      server.nextStatus.value = status
      expect(await sender.send(makeApplication(), signal())).toMatchObject({ kind: 'rejected' })
    }
  })

  it('treats an unreachable server or a timeout as "try again"', async () => {
    const unreachable = createHttpSender({
      serverUrl: 'http://127.0.0.1:9',
      credential: async () => 't',
    })
    expect(await unreachable.send(makeApplication(), signal())).toMatchObject({ kind: 'retry' })

    server = await startHttpFake()
    server.holdResponsesMs.value = 2000
    const slow = createHttpSender({
      serverUrl: server.url,
      credential: async () => 't',
      timeoutMs: 100,
    })
    expect(await slow.send(makeApplication(), signal())).toMatchObject({ kind: 'retry' })
  })
})
