import pino from 'pino'
import { describe, expect, it, vi } from 'vitest'
import type { Redis } from 'ioredis'
import { serveCounter } from '../../../../signaling-server/src/cluster/bus'
import { createDirectEmits } from '../../../../signaling-server/src/cluster/direct-emits'
import { clusterKeys } from '../../../../signaling-server/src/cluster/redis-keys'
import { digestOf } from '../../../../signaling-server/src/cluster/roster-digest'
import type { Counter, SocketRef } from '../../../../signaling-server/src/realtime/counter'

const kiosk = (id: string, terminalId: string): SocketRef => ({
  ns: 'terminal',
  id,
  data: { kind: 'terminal', terminalId, name: terminalId, hall: 'hall' },
})

/** The owner's side with a counter that records what it is told, and a Redis that may fail. */
function owner(
  publishFails = () => false,
  receivers = (_channel: string) => 1,
  durable?: () => Promise<boolean>,
) {
  const told: string[] = []
  const published: { channel: string; message: unknown }[] = []
  const counter = {
    arrived: (r: SocketRef) => told.push(`arrived ${r.id}`),
    left: (r: SocketRef) => told.push(`left ${r.id}`),
    resync: (r: SocketRef) => told.push(`resync ${r.id}`),
  } as unknown as Counter
  const pub = {
    publish: (channel: string, raw: string) => {
      if (publishFails()) return Promise.reject(new Error('redis away'))
      published.push({ channel, message: JSON.parse(raw) })
      return Promise.resolve(receivers(channel))
    },
  } as unknown as Redis
  const log = pino({ level: 'silent' })
  const keys = clusterKeys('t:')
  const fallback = { to: () => ({ emit() {} }), disconnect() {} }
  const direct = createDirectEmits({ pub, keys, log, fallback, ...(durable ? { durable } : {}) })
  const served = serveCounter({ counter, pub, keys, log, direct })
  const send = (m: unknown) => served.receive(JSON.stringify(m))
  return { told, send, direct, published, keys, served }
}

describe('the owner reconciles a node’s roster', () => {
  it('lets in sockets it never heard of and lets go those the node no longer holds', () => {
    const { told, send } = owner()
    send({ t: 'arrived', n: 'node-a', r: kiosk('s1', 't1') })
    send({ t: 'arrived', n: 'node-a', r: kiosk('s2', 't2') })
    told.length = 0
    // s2's departure and s3's arrival were lost while the owner changed hands.
    send({ t: 'roster', n: 'node-a', s: [{ r: kiosk('s1', 't1') }, { r: kiosk('s3', 't3') }] })
    expect(told).toEqual(['arrived s3', 'left s2'])
    // A roster that matches changes nothing.
    told.length = 0
    send({ t: 'roster', n: 'node-a', s: [{ r: kiosk('s1', 't1') }, { r: kiosk('s3', 't3') }] })
    expect(told).toEqual([])
  })

  // What the node reports, as the whole roster or as its digest (the usual case).
  const reports = {
    roster: (r: SocketRef) => ({ t: 'roster', n: 'node-a', s: [{ r }] }),
    digest: (r: SocketRef) => ({ t: 'digest', n: 'node-a', ...digestOf([r]) }),
  }
  it.each(['roster', 'digest'] as const)(
    'at a matching %s, sends its state again to a socket whose emits could not be published',
    async (kind) => {
      let failing = true
      const { told, send, direct } = owner(() => failing)
      send({ t: 'arrived', n: 'node-a', r: kiosk('s1', 't1') })
      direct.edge.to('terminal', 's1').emit('call:ended', { callId: 'c1' })
      direct.flush()
      await new Promise((r) => setTimeout(r, 10))
      failing = false
      told.length = 0
      send(reports[kind](kiosk('s1', 't1')))
      expect(told).toEqual(['resync s1'])
      told.length = 0
      send(reports[kind](kiosk('s1', 't1')))
      expect(told).toEqual([])
    },
  )

  it('asks a node for its roster only when the digest of its sockets differs', () => {
    const { told, send, published, keys } = owner()
    send({ t: 'arrived', n: 'node-a', r: kiosk('s1', 't1') })
    send({ t: 'arrived', n: 'node-a', r: kiosk('s2', 't2') })
    send({ t: 'left', n: 'node-a', r: kiosk('s1', 't1') })
    told.length = 0
    // The node holds what the owner learnt (in any order): nothing to ask, nothing changes.
    send({ t: 'digest', n: 'node-a', ...digestOf([kiosk('s2', 't2')]) })
    send({ t: 'digest', n: 'node-b', ...digestOf([]) })
    expect(published).toEqual([])
    expect(told).toEqual([])
    // s3 arrived while the owner changed hands: same count would not hide it either.
    send({ t: 'digest', n: 'node-a', ...digestOf([kiosk('s3', 't3')]) })
    expect(published).toEqual([{ channel: keys.control, message: { t: 'roster', n: 'node-a' } }])
    expect(told).toEqual([])
  })

  it('treats emits that reached no subscriber as lost, and tries an unheard answer again', async () => {
    vi.useFakeTimers()
    try {
      // The node's subscriber is away (Redis restarted, its client not yet back).
      let listening = false
      const { told, send, direct, published, keys } = owner(
        () => false,
        () => (listening ? 1 : 0),
      )
      send({ t: 'arrived', n: 'node-a', r: kiosk('s1', 't1') })
      direct.edge.to('terminal', 's1').emit('call:ended', { callId: 'c1' })
      direct.flush()
      send({ t: 'event', n: 'node-a', q: 7, r: kiosk('s1', 't1'), e: 'no:such-event', p: {} })
      await vi.advanceTimersByTimeAsync(0)
      const answers = () => published.filter((p) => p.channel === keys.toNode('node-a'))
      expect(answers()).toHaveLength(1)
      await vi.advanceTimersByTimeAsync(300)
      expect(answers()).toHaveLength(2)
      listening = true
      await vi.advanceTimersByTimeAsync(300)
      // Heard on the third try: not sent again.
      await vi.advanceTimersByTimeAsync(2_000)
      expect(answers()).toHaveLength(3)
      expect(answers()[2]!.message).toMatchObject({ q: 7, a: { ok: false } })
      // The lost emit: the kiosk gets its state again at the node's next digest.
      told.length = 0
      send({ t: 'digest', n: 'node-a', ...digestOf([kiosk('s1', 't1')]) })
      expect(told).toEqual(['resync s1'])
    } finally {
      vi.useRealTimers()
    }
  })

  it('once the store refused its writes (another node fenced them), sends no emits and answers “unavailable”', async () => {
    let stored = true
    const { send, direct, published, keys } = owner(
      () => false,
      () => 1,
      () => Promise.resolve(stored),
    )
    send({ t: 'arrived', n: 'node-a', r: kiosk('s1', 't1') })
    direct.edge.to('terminal', 's1').emit('call:offer', { callId: 'c1' })
    direct.flush()
    await new Promise((r) => setTimeout(r, 10))
    expect(published.map((p) => p.channel)).toEqual([keys.emits('node-a')])
    // Deposed: what this owner would say is not the record's.
    stored = false
    direct.edge.to('terminal', 's1').emit('call:offer', { callId: 'c2' })
    send({ t: 'event', n: 'node-a', q: 8, r: kiosk('s1', 't1'), e: 'no:such-event', p: {} })
    await new Promise((r) => setTimeout(r, 10))
    expect(published.map((p) => p.channel)).toEqual([keys.emits('node-a'), keys.toNode('node-a')])
    expect(published[1]!.message).toMatchObject({
      q: 8,
      a: { ok: false, error: { code: 'unavailable' } },
    })
  })
})
