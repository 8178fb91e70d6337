import pino from 'pino'
import { describe, expect, it } from 'vitest'
import type { Redis } from 'ioredis'
import { serveCounter } from '../../../../signaling-server/src/cluster/bus'
import { createDirectEmits } from '../../../../signaling-server/src/cluster/direct-emits'
import { clusterKeys } from '../../../../signaling-server/src/cluster/redis-keys'
import type { Counter, SocketRef } from '../../../../signaling-server/src/realtime/counter'

const kiosk = (id: string, terminalId: string): SocketRef => ({
  ns: 'terminal',
  id,
  data: { kind: 'terminal', terminalId, name: terminalId, hall: 'hall' },
})

/** The owner's side with a counter that records what it is told, and a Redis that may fail. */
function owner(publishFails = () => false) {
  const told: string[] = []
  const counter = {
    arrived: (r: SocketRef) => told.push(`arrived ${r.id}`),
    left: (r: SocketRef) => told.push(`left ${r.id}`),
    resync: (r: SocketRef) => told.push(`resync ${r.id}`),
  } as unknown as Counter
  const pub = {
    publish: () => (publishFails() ? Promise.reject(new Error('redis away')) : Promise.resolve(1)),
  } as unknown as Redis
  const log = pino({ level: 'silent' })
  const keys = clusterKeys('t:')
  const fallback = { to: () => ({ emit() {} }), disconnect() {} }
  const direct = createDirectEmits({ pub, keys, log, fallback })
  const served = serveCounter({ counter, pub, keys, log, direct })
  const send = (m: unknown) => served.receive(JSON.stringify(m))
  return { told, send, direct }
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

  it('sends its state again to a socket whose emits could not be published', async () => {
    let failing = true
    const { told, send, direct } = owner(() => failing)
    send({ t: 'arrived', n: 'node-a', r: kiosk('s1', 't1') })
    direct.edge.to('terminal', 's1').emit('call:ended', { callId: 'c1' })
    direct.flush()
    await new Promise((r) => setTimeout(r, 10))
    failing = false
    told.length = 0
    send({ t: 'roster', n: 'node-a', s: [{ r: kiosk('s1', 't1') }] })
    expect(told).toEqual(['resync s1'])
    told.length = 0
    send({ t: 'roster', n: 'node-a', s: [{ r: kiosk('s1', 't1') }] })
    expect(told).toEqual([])
  })
})
