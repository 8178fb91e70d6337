import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ReaderEvent } from '../../../../../../common/devices/reader-events'
import { framedTransport } from '../../../../../../electron/services/devices/framed-transport'
import type { Framing } from '../../../../../../common/devices/device-table'
import {
  IdCardReader,
  type CardRead,
  type IdReaderOptions,
} from '../../../../../../electron/services/devices/id-reader/reader'
import { ReaderSimulator } from '../../../../../../electron/services/devices/id-reader/simulator'
import { ReaderError } from '../../../../../../electron/services/devices/id-reader/errors'
import { allCards, residentCard, residentCard2 } from '../cards'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

async function setup(options: IdReaderOptions = {}, framing: Framing = 'serial') {
  const sim = new ReaderSimulator({ chunkSize: 63, chunkIntervalMs: 1 })
  const profile = { framing, padTo: 64 }
  const transport = framedTransport(await sim.opener(profile)(), profile)
  const reader = new IdCardReader(transport, { pollIntervalMs: 100, ...options })
  const events: ReaderEvent[] = []
  const reads: CardRead[] = []
  reader.onEvent((e, read) => {
    events.push(e)
    if (read) reads.push(read)
  })
  const types = () => events.filter((e) => e.type !== 'state').map((e) => e.type)
  return { sim, reader, events, reads, types }
}

async function readOnce(reader: IdCardReader): Promise<CardRead> {
  const p = reader.readCard()
  p.catch(() => undefined)
  await vi.advanceTimersByTimeAsync(10_000)
  return p
}

async function readError(reader: IdCardReader): Promise<ReaderError> {
  try {
    await readOnce(reader)
  } catch (e) {
    if (e instanceof ReaderError) return e
    throw e
  }
  throw new Error('read unexpectedly succeeded')
}

describe('one read (find → select → read)', () => {
  it.each(['serial', 'cp2110', 'raw'] as const)(
    'reads every card type over %s framing, sending find, select, read and nothing else',
    async (framing) => {
      for (const card of allCards) {
        const { sim, reader } = await setup({}, framing)
        sim.placeCard(card)
        const read = await readOnce(reader)
        expect(read.card).toEqual(card)
        expect(read.photo.byteLength).toBe(1024)
        expect(sim.received).toEqual(['findCard', 'selectCard', 'readText'])
      }
    },
  )

  it('no card: finds twice, then NO_CARD with a Chinese message', async () => {
    const { sim, reader } = await setup()
    const e = await readError(reader)
    expect(e.code).toBe('NO_CARD')
    expect(e.message).toContain('未检测到身份证')
    expect(sim.received).toEqual(['findCard', 'findCard'])
  })

  it('a bad checksum is retried and the read still succeeds', async () => {
    const { sim, reader } = await setup()
    sim.placeCard(residentCard)
    sim.fault({ kind: 'bad-checksum' })
    const read = await readOnce(reader)
    expect(read.card.idNumber).toBe(residentCard.idNumber)
    expect(sim.received).toEqual(['findCard', 'findCard', 'selectCard', 'readText'])
  })

  it('checksums that stay bad end in FRAME_CHECKSUM', async () => {
    const { sim, reader } = await setup()
    sim.placeCard(residentCard)
    sim.fault({ kind: 'bad-checksum', times: 10 })
    expect((await readError(reader)).code).toBe('FRAME_CHECKSUM')
  })

  it.each([
    [0x60, 'SAM_SELF_TEST_FAILED', '自检失败'],
    [0x66, 'SAM_NOT_AUTHORIZED', '未授权'],
    [0x40, 'WRONG_CARD', '无法识别该卡片'],
    [0x32, 'SAM_AUTH_CARD_FAILED', '证件认证失败'],
  ] as const)('SAM status 0x%s ends in %s', async (sw3, code, zh) => {
    const { sim, reader } = await setup()
    sim.placeCard(residentCard)
    sim.fault({ kind: 'sam-error', sw3, command: 'readText' })
    const e = await readError(reader)
    expect(e.code).toBe(code)
    expect(e.zh).toContain(zh)
  })

  it('a slow device past the timeout ends in RESPONSE_TIMEOUT after retries', async () => {
    const { sim, reader } = await setup({ responseTimeoutMs: 200, retries: 1 })
    sim.placeCard(residentCard)
    sim.delayMs = 1000
    const e = await readError(reader)
    expect(e.code).toBe('RESPONSE_TIMEOUT')
    expect(e.zh).toContain('无响应')
  })

  it('a slow device within the timeout still reads', async () => {
    const { sim, reader } = await setup({ responseTimeoutMs: 500 })
    sim.placeCard(residentCard)
    sim.delayMs = 300
    expect((await readOnce(reader)).card.name).toBe(residentCard.name)
  })

  it('card removed mid-read: READ_FAILED', async () => {
    const { sim, reader } = await setup()
    sim.placeCard(residentCard)
    sim.fault({ kind: 'remove-mid-read' })
    const e = await readError(reader)
    expect(e.code).toBe('READ_FAILED')
    expect(sim.cardPresent).toBe(false)
  })

  it('answer cut off mid-transfer: RESPONSE_TIMEOUT, and the next command is not confused', async () => {
    const { sim, reader } = await setup({ readTimeoutMs: 500, retries: 0 })
    sim.placeCard(residentCard)
    sim.fault({ kind: 'truncate-read' })
    expect((await readError(reader)).code).toBe('RESPONSE_TIMEOUT')
    sim.placeCard(residentCard2)
    expect((await readOnce(reader)).card.name).toBe(residentCard2.name)
  })
})

describe('reader loop', () => {
  it('announces a card once while it stays, then its removal', async () => {
    const { sim, reader, types, reads } = await setup()
    reader.start()
    await vi.advanceTimersByTimeAsync(500)
    expect(reader.state).toBe('waiting-card')
    sim.placeCard(residentCard)
    await vi.advanceTimersByTimeAsync(2000)
    expect(types()).toEqual(['card-present'])
    expect(reader.state).toBe('card-present')
    expect(reads[0]!.card.name).toBe('王小芳')
    expect(sim.received.filter((c) => c === 'readText')).toHaveLength(1)
    sim.removeCard()
    await vi.advanceTimersByTimeAsync(1000)
    expect(types()).toEqual(['card-present', 'card-removed'])
    expect(reader.state).toBe('waiting-card')
    reader.stop()
  })

  it('a different card swapped in quickly is read as a new card', async () => {
    const { sim, reader, reads, types } = await setup()
    reader.start()
    sim.placeCard(residentCard)
    await vi.advanceTimersByTimeAsync(1000)
    sim.placeCard(residentCard2)
    await vi.advanceTimersByTimeAsync(1000)
    expect(types()).toEqual(['card-present', 'card-removed', 'card-present'])
    expect(reads.map((r) => r.card.name)).toEqual(['王小芳', '欧阳明'])
    reader.stop()
  })

  it('card removed mid-read: error event, then waiting for a card again', async () => {
    const { sim, reader, events } = await setup()
    reader.start()
    sim.placeCard(residentCard)
    sim.fault({ kind: 'remove-mid-read' })
    await vi.advanceTimersByTimeAsync(150)
    const err = events.find((e) => e.type === 'error')
    expect(err).toMatchObject({ error: { code: 'READ_FAILED', sw3: 0x41 } })
    await vi.advanceTimersByTimeAsync(500)
    expect(reader.state).toBe('waiting-card')
    expect(reader.lastError).toBeUndefined()
    reader.stop()
  })

  it('a SAM that fails its self-test stays in error, reported once', async () => {
    const { sim, reader, events } = await setup()
    sim.fault({ kind: 'sam-error', sw3: 0x60, times: 1000 })
    reader.start()
    await vi.advanceTimersByTimeAsync(2000)
    expect(reader.state).toBe('error')
    expect(reader.lastError?.code).toBe('SAM_SELF_TEST_FAILED')
    expect(events.filter((e) => e.type === 'error')).toHaveLength(1)
    reader.stop()
  })

  it('unplug ends in disconnected with DISCONNECTED for the pending read', async () => {
    const { sim, reader } = await setup()
    sim.placeCard(residentCard)
    sim.fault({ kind: 'unplug-mid-read' })
    const e = await readError(reader)
    expect(e.code).toBe('DISCONNECTED')
    expect(e.zh).toContain('断开')
    expect(reader.state).toBe('disconnected')
  })
})

describe('a card lying on the reader since before a screen asked for it', () => {
  it('is read again and announced on request, with no removal in between', async () => {
    const { sim, reader, types, reads } = await setup()
    reader.start()
    sim.placeCard(residentCard)
    await vi.advanceTimersByTimeAsync(1000)
    expect(types()).toEqual(['card-present'])
    // Left alone, the card is not read again while it stays.
    await vi.advanceTimersByTimeAsync(2000)
    expect(sim.received.filter((c) => c === 'readText')).toHaveLength(1)
    expect(reader.rereadPresent()).toBe(true)
    await vi.advanceTimersByTimeAsync(500)
    expect(types()).toEqual(['card-present', 'card-present'])
    expect(reads.map((r) => r.card.name)).toEqual(['王小芳', '王小芳'])
    expect(reader.state).toBe('card-present')
    sim.removeCard()
    await vi.advanceTimersByTimeAsync(1000)
    expect(types()).toEqual(['card-present', 'card-present', 'card-removed'])
    // Nothing to read again once it is gone.
    expect(reader.rereadPresent()).toBe(false)
    reader.stop()
  })
})
