// Priority help and voice-only calls against the real server: the kiosk states facts (birth
// date from the card, the resident's own request for priority help, the call's mode), the
// server decides the priority, and a claim never puts anyone before an earlier priority resident.
import { describe, expect, it } from 'vitest'
import type { OfferEvent, QueueSnapshot } from '../../common/signaling'
import { joinPayload, sleep, type Client, type TestServer } from './signaling-harness'
import { joinQueue, serverForEachTest, staffAccount } from './support/signaling-sessions'

let srv: TestServer

async function queueOrder(c: Client): Promise<string[]> {
  const snap = await c.ok<QueueSnapshot>('queue:list', {})
  return snap.categories.find((x) => x.category === 'social-security')!.entries.map((e) => e.callId)
}
/** Born `years` years ago (and a day, so the birthday has passed). */
function bornYearsAgo(years: number): string {
  const d = new Date(Date.now() - 86_400_000)
  d.setFullYear(d.getFullYear() - years)
  return d.toISOString().slice(0, 10)
}

const { kiosk, clerk } = serverForEachTest(
  [staffAccount('alice')],
  { realtime: { offerTimeoutMs: 2_000 } },
  (started) => (srv = started),
)

describe('priority help', () => {
  it('queues a resident who asks for priority help before a resident who joined earlier', async () => {
    const alice = await clerk('alice')
    const plain = await joinQueue(await kiosk('一号机'), { birthDate: bornYearsAgo(40) })
    await sleep(5)
    const asked = await joinQueue(await kiosk('二号机'), {
      birthDate: bornYearsAgo(45),
      disability: true,
    })
    expect(asked.priorityReasons).toEqual(['disability'])
    expect(asked.priority).toBe(1)
    expect(plain.priority).toBe(0)
    expect(await queueOrder(alice)).toEqual([asked.callId, plain.callId])
    await alice.ok('presence:set', { presence: 'available' })
    const offer = await alice.next<OfferEvent>('call:offer')
    expect(offer.entry.callId).toBe(asked.callId)
    expect(offer.entry.priorityReasons).toEqual(['disability'])
  })

  it('never lets a claim jump an earlier resident with priority, even one the card proves is older', async () => {
    const alice = await clerk('alice')
    const older = await joinQueue(await kiosk('一号机'), { birthDate: bornYearsAgo(86) })
    await sleep(5)
    // 72 and asking for priority help: two reasons, but still one level.
    const claimant = await joinQueue(await kiosk('二号机'), {
      birthDate: bornYearsAgo(72),
      disability: true,
    })
    expect(claimant.priorityReasons).toEqual(['age70', 'disability'])
    expect(claimant.priority).toBe(older.priority)
    expect(await queueOrder(alice)).toEqual([older.callId, claimant.callId])
    await alice.ok('presence:set', { presence: 'available' })
    expect((await alice.next<OfferEvent>('call:offer')).entry.callId).toBe(older.callId)
  })

  it('decides the priority itself: a kiosk cannot send one', async () => {
    const k = await kiosk('一号机')
    const refused = await k.ack('queue:join', { ...joinPayload(), priority: 2 })
    expect(refused.ok).toBe(false)
    const call = await joinQueue(k, { disability: false })
    expect(call.priority).toBe(0)
    expect(call.priorityReasons).toEqual([])
  })
})

describe('voice-only calls', () => {
  it('keeps the mode the kiosk joined with and shows it to clerks', async () => {
    const alice = await clerk('alice')
    const call = await joinQueue(await kiosk('一号机'), { mode: 'audio' })
    expect(call.mode).toBe('audio')
    const snap = await alice.ok<QueueSnapshot>('queue:list', {})
    const entry = snap.categories.find((x) => x.category === 'social-security')!.entries[0]!
    expect(entry.mode).toBe('audio')
    expect((await srv.store.getCall(call.callId))?.mode).toBe('audio')
  })
})
