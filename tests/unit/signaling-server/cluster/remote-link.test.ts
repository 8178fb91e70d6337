import pino from 'pino'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Redis } from 'ioredis'
import { createRemoteLink } from '../../../../signaling-server/src/cluster/bus'
import { clusterKeys } from '../../../../signaling-server/src/cluster/redis-keys'
import type { SocketRef } from '../../../../signaling-server/src/realtime/counter'

const kiosk: SocketRef = {
  ns: 'terminal',
  id: 's1',
  data: { kind: 'terminal', terminalId: 't1', name: 't1', hall: 'hall' },
}

/** A gateway's link whose events every subscriber hears (the owner's answers come by hand). */
function link() {
  const sent: { channel: string; message: { q?: number } }[] = []
  const pub = {
    publish: (channel: string, raw: string) => {
      sent.push({ channel, message: JSON.parse(raw) as { q?: number } })
      return Promise.resolve(1)
    },
  } as unknown as Redis
  const l = createRemoteLink({
    pub,
    node: 'node-a',
    keys: clusterKeys('t:'),
    now: () => Date.now(),
    log: pino({ level: 'silent' }),
  })
  return { l, sent }
}

describe('a gateway’s answers from the counter', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  const refused = (q: number) =>
    JSON.stringify({
      q,
      a: { ok: false, error: { code: 'unavailable', message: 'changed hands' } },
      d: true,
    })

  it('takes the new owner’s answer over a deposed node’s refusal that came first', async () => {
    const { l, sent } = link()
    const answer = Promise.resolve(l.handle(kiosk, 'queue:join', {}))
    await vi.advanceTimersByTimeAsync(0)
    const q = sent[0]!.message.q!
    // Two owners heard the join while the counter changed hands: the old one gives it up...
    l.answer(refused(q))
    await vi.advanceTimersByTimeAsync(500)
    // ...the new one handled it.
    l.answer(JSON.stringify({ q, a: { ok: true, data: { call: { callId: 'c1' } } } }))
    await expect(answer).resolves.toEqual({ ok: true, data: { call: { callId: 'c1' } } })
    l.close()
  })

  it('gives the refusal once no other answer came, so the kiosk asks again', async () => {
    const { l, sent } = link()
    let settled: unknown
    void Promise.resolve(l.handle(kiosk, 'queue:join', {})).then((a) => (settled = a))
    await vi.advanceTimersByTimeAsync(0)
    l.answer(refused(sent[0]!.message.q!))
    await vi.advanceTimersByTimeAsync(1_000)
    expect(settled).toBeUndefined()
    await vi.advanceTimersByTimeAsync(1_000)
    expect(settled).toMatchObject({ ok: false, error: { code: 'unavailable' } })
    l.close()
  })
})
