// Property-based: for every inbound event of both namespaces, payloads that fail the event's
// schema get an `invalid_payload` error ack, change nothing, and the server keeps serving.
import fc from 'fast-check'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { staffInbound, terminalInbound, type CallView } from '../../common/signaling'
import {
  enrolTerminal,
  joinPayload,
  startServer,
  terminalClient,
  type Client,
  type TestServer,
} from './signaling-harness'
import {
  joinQueue,
  openConsole,
  openKiosk,
  serverWithStaff,
  staffAccount,
} from './support/signaling-sessions'

let srv: TestServer
let kiosk: Client
let clerk: Client
let callId: string

beforeAll(async () => {
  srv = await serverWithStaff([staffAccount('alice')], {
    realtime: {
      rateLimits: {
        control: { burst: 1e6, perSecond: 1e6 },
        signal: { burst: 1e6, perSecond: 1e6 },
        maxViolations: 1e6,
      },
    },
  })
  kiosk = await openKiosk(srv, '一号机')
  clerk = await openConsole(srv, 'alice')
  callId = (await joinQueue(kiosk)).callId
})
afterAll(async () => {
  kiosk.close()
  clerk.close()
  await srv.close()
})

/** What the server can observe of its own state; must be identical before and after. */
async function observable(): Promise<unknown> {
  return {
    stats: srv.app.realtime.stats(),
    open: await srv.store.listOpenCalls(),
    entries: await srv.store.listQueueEntries(),
  }
}

/** Arbitrary values, plus near-misses: the event's own keys holding values of any type. */
function malformed(schema: z.ZodType): fc.Arbitrary<unknown> {
  const keys = schema instanceof z.ZodObject ? Object.keys(schema.shape) : []
  const nearMiss = fc.dictionary(fc.constantFrom(...keys, 'extra', '__proto__'), fc.anything(), {
    maxKeys: 6,
  })
  return fc
    .oneof(fc.anything({ maxDepth: 3 }), nearMiss, fc.string({ maxLength: 300 }), fc.constant(null))
    .map((v) => JSON.parse(JSON.stringify(v) ?? 'null') as unknown) // what actually crosses the wire
    .filter((v) => v !== undefined && !schema.safeParse(v).success)
}

describe.each([
  ['terminal', terminalInbound, () => kiosk],
  ['staff', staffInbound, () => clerk],
] as const)('%s events', (_name, table, client) => {
  it.each(Object.keys(table))(
    '%s: malformed payloads get invalid_payload and change nothing',
    async (event) => {
      const schema = (table as Record<string, z.ZodType>)[event]!
      const before = JSON.stringify(await observable())
      await fc.assert(
        fc.asyncProperty(malformed(schema), async (payload) => {
          const ack = await client().ack(event, payload)
          expect(ack).toMatchObject({ ok: false, error: { code: 'invalid_payload' } })
        }),
        { numRuns: 40 },
      )
      expect(JSON.stringify(await observable())).toBe(before)
    },
  )
})

describe('after the fuzzing', () => {
  it('keeps serving: health, valid requests and unknown events', async () => {
    expect((await fetch(`${srv.url}/health`)).status).toBe(200)
    expect(await kiosk.ack('no:such-event', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_event' },
    })
    const state = await kiosk.ok<{ call: CallView }>('session:resume', { callId })
    expect(state.call).toMatchObject({ callId, state: 'queued' })
    await clerk.ok('presence:set', { presence: 'available' })
    await clerk.next('call:offer')
    await clerk.ok('call:accept', { callId })
    await kiosk.next('call:start')
  })

  it('rate-limits a flooding socket without affecting others', async () => {
    const limited = await startServer({
      realtime: {
        rateLimits: {
          control: { burst: 5, perSecond: 1 },
          signal: { burst: 5, perSecond: 1 },
          maxViolations: 1_000,
        },
      },
    })
    try {
      const a = await openKiosk(limited, 'A')
      const b = await openKiosk(limited, 'B')
      const acks = await Promise.all(Array.from({ length: 12 }, () => a.ack('session:resume', {})))
      expect(
        acks.filter((x) => !x.ok && x.error.code === 'rate_limited').length,
      ).toBeGreaterThanOrEqual(6)
      expect((await b.ack('session:resume', {})).ok).toBe(true)
      a.close()
      b.close()
    } finally {
      await limited.close()
    }
  })
})

// Issue 9, items 16 and 17: what a hostile client can send that a schema alone did not stop.
describe('hostile payloads', () => {
  it('refuses a call:signal nested 20,000 deep with an error ack and relays nothing', async () => {
    const { generation } = (await srv.store.getCall(callId))!
    const deep = '['.repeat(20_000) + ']'.repeat(20_000)
    const signal = (init: string) =>
      `{"callId":"${callId}","generation":${generation},"data":{"type":"transceiverRequest",` +
      `"transceiverRequest":{"kind":"video","init":{"x":${init}}}}}`
    const ack = await clerk.rawAck('call:signal', signal(deep))
    expect(ack).toMatchObject({ ok: false, error: { code: 'invalid_payload' } })
    expect(kiosk.received('call:signal')).toBe(false)
    // The same signal with shallow data is relayed.
    expect(await clerk.rawAck('call:signal', signal('[[]]'))).toEqual({ ok: true, data: {} })
    expect(await kiosk.next('call:signal')).toMatchObject({ callId, generation })
  })

  it('answers a 100 KB unknown key with a small error that does not echo it', async () => {
    const key = 'k'.repeat(100_000)
    for (const [event, payload] of [
      ['session:resume', { [key]: 1 }],
      ['queue:join', { ...joinPayload(), [key]: 1 }],
    ] as const) {
      const ack = await kiosk.ack(event, payload)
      expect(ack).toMatchObject({ ok: false, error: { code: 'invalid_payload' } })
      expect(JSON.stringify(ack).length).toBeLessThan(300)
    }
  })

  it('refuses queue:join for a category that is not in the centre’s catalog', async () => {
    const other = await openKiosk(srv, '三号机')
    try {
      const before = (await srv.store.listOpenCalls()).length
      const ack = await other.ack('queue:join', joinPayload({ category: 'no-such-category' }))
      expect(ack).toMatchObject({ ok: false, error: { code: 'invalid_payload' } })
      expect(await srv.store.listOpenCalls()).toHaveLength(before)
      // A catalog category is accepted.
      await other.ok('queue:join', joinPayload({ category: 'housing' }))
      expect(await srv.store.listOpenCalls()).toHaveLength(before + 1)
    } finally {
      other.close()
    }
  })

  it('a 2,000-event burst writes a few log lines, and its limit holds across a reconnect', async () => {
    const lines: { level: number; msg: string; repeats?: number }[] = []
    const log = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) })
    // A frozen clock: no budget refills between the bursts, so the counts are exact.
    const limited = await startServer({ log, now: () => 1_800_000_000_000 })
    const cred = await enrolTerminal(limited.store, '洪水机')
    async function burst(): Promise<void> {
      const k = await terminalClient(limited.url, cred)
      const cut = new Promise((resolve) => k.socket.once('disconnect', resolve))
      for (let i = 0; i < 2_000; i++)
        k.socket.emit('call:hangup', { callId: 'c_0000000000000000' }, () => undefined)
      expect(await cut).toBe('io server disconnect') // the flood gets the socket cut
      k.close()
    }
    await burst()
    await burst() // reconnecting at once, as the same terminal
    await limited.close() // writes the pending repeat counts
    const warnings = lines.filter((l) => l.level === 40)
    expect(warnings.length).toBeLessThanOrEqual(4)
    // Events that got past the rate limit were each refused as from a non-party: one control
    // budget (burst 20) in all, not one per connection.
    const handled = warnings
      .filter((l) => l.msg.startsWith('rejected call event from a non-party'))
      .reduce((n, l) => n + (l.msg.endsWith('(repeated)') ? l.repeats! : 1), 0)
    expect(handled).toBe(20)
  })
})
