// Property-based: for every inbound event of both namespaces, payloads that fail the event's
// schema get an `invalid_payload` error ack, change nothing, and the server keeps serving.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { staffInbound, terminalInbound, type CallView } from '../../common/signaling'
import {
  addStaff,
  enrolTerminal,
  joinPayload,
  staffClient,
  startServer,
  terminalClient,
  tokenFor,
  type Client,
  type TestServer,
} from './signaling-harness'

let srv: TestServer
let kiosk: Client
let clerk: Client
let callId: string

beforeAll(async () => {
  srv = await startServer({
    realtime: {
      rateLimits: {
        control: { burst: 1e6, perSecond: 1e6 },
        signal: { burst: 1e6, perSecond: 1e6 },
        maxViolations: 1e6,
      },
    },
  })
  await addStaff(srv.store, {
    username: 'alice',
    password: 'pw-alice',
    role: 'clerk',
    categories: ['social-security'],
  })
  kiosk = await terminalClient(srv.url, enrolTerminal(srv.store, '一号机'))
  clerk = await staffClient(srv.url, await tokenFor(srv.url, 'alice', 'pw-alice'))
  callId = (await kiosk.ok<{ call: CallView }>('queue:join', joinPayload())).call.callId
})
afterAll(async () => {
  kiosk.close()
  clerk.close()
  await srv.close()
})

/** What the server can observe of its own state; must be identical before and after. */
function observable(): unknown {
  return {
    stats: srv.app.realtime.stats(),
    open: srv.store.listOpenCalls(),
    entries: srv.store.listQueueEntries(),
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
      const before = JSON.stringify(observable())
      await fc.assert(
        fc.asyncProperty(malformed(schema), async (payload) => {
          const ack = await client().ack(event, payload)
          expect(ack).toMatchObject({ ok: false, error: { code: 'invalid_payload' } })
        }),
        { numRuns: 40 },
      )
      expect(JSON.stringify(observable())).toBe(before)
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
      const a = await terminalClient(limited.url, enrolTerminal(limited.store, 'A'))
      const b = await terminalClient(limited.url, enrolTerminal(limited.store, 'B'))
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
