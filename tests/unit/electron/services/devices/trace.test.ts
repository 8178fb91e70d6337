import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { framedTransport } from '../../../../../electron/services/devices/framed-transport'
import { ReaderError } from '../../../../../electron/services/devices/id-reader/errors'
import { IdCardReader } from '../../../../../electron/services/devices/id-reader/reader'
import { ReaderSimulator } from '../../../../../electron/services/devices/id-reader/simulator'
import { deviceFramedTransport } from '../../../../../electron/services/devices/framed-transport'
import {
  parseTrace,
  profileOfTrace,
  recordingTransport,
  ReplayTransport,
  TraceFormatError,
} from '../../../../../electron/services/devices/trace'
import { residentCard } from './cards'
import { toHex } from './hex'

const dir = join(__dirname, '../../../../fixtures/traces')
const traces = readdirSync(dir).filter((f) => f.endsWith('.trace'))

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

function replayReader(text: string) {
  const trace = parseTrace(text)
  const replay = new ReplayTransport(trace, 'replay:test')
  const reader = new IdCardReader(framedTransport(replay, profileOfTrace(trace)))
  return { trace, replay, reader }
}

async function settle<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined)
  await vi.advanceTimersByTimeAsync(5000)
  return p
}

describe('committed traces', () => {
  it('cover every framing', () => {
    const framings = new Set(
      traces.map((f) => parseTrace(readFileSync(join(dir, f), 'utf8')).framing),
    )
    expect([...framings].sort()).toEqual(['cp2110', 'raw', 'serial'])
  })

  it.each(traces)('%s replays as one read: find, select, read and nothing else', async (file) => {
    const { trace, replay, reader } = replayReader(readFileSync(join(dir, file), 'utf8'))
    const writes = trace.entries.filter((e) => e.direction === '>')
    expect(writes).toHaveLength(3)
    const read = await settle(reader.readCard())
    expect(replay.remaining).toBe(0)
    expect(read.photo.byteLength).toBe(1024)
    // The three writes carry, in order, the documented find, select and read frames.
    const profile = profileOfTrace(trace)
    const payloads = writes.map((w) =>
      toHex(
        profile.framing === 'cp2110'
          ? w.bytes.subarray(1, 1 + w.bytes[0]!)
          : profile.framing === 'raw'
            ? w.bytes.subarray(1, 11)
            : w.bytes,
      ),
    )
    expect(payloads).toEqual([
      'AA AA AA 96 69 00 03 20 01 22',
      'AA AA AA 96 69 00 03 20 02 21',
      'AA AA AA 96 69 00 03 30 01 32',
    ])
  })

  it('the cp2110 trace starts with the bytes of the issue example (hand-checked)', () => {
    const text = readFileSync(join(dir, 'read-id-resident-cp2110.trace'), 'utf8')
    const lines = text.split('\n').filter((l) => !l.startsWith('#'))
    expect(lines[0]).toBe('> 0A AA AA AA 96 69 00 03 20 01 22')
    // 0F = 15 payload bytes (find OK, hardware.md 1.4), then padding the host must ignore.
    expect(lines[1]!.startsWith('< 0F AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97 00 00')).toBe(
      true,
    )
    expect(lines[2]).toBe('> 0A AA AA AA 96 69 00 03 20 02 21')
    expect(lines[4]).toBe('> 0A AA AA AA 96 69 00 03 30 01 32')
    // Read answer header: LEN 05 08 (1288), SW 00 00 90, text length 01 00, photo length 04 00.
    expect(lines[5]!.startsWith('< 3F AA AA AA 96 69 05 08 00 00 90 01 00 04 00')).toBe(true)
  })
})

describe('replay', () => {
  const text = `#! framing=serial
# the issue's example, as a serial trace
> AA AA AA 96 69 00 03 20 01 22
< AAAAAA9669 0008 00009F 00000000 97
`
  it('a host write that differs from the next > line is an error naming that line', async () => {
    const { reader } = replayReader(text)
    const e = await settle(reader.request('selectCard')).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ReaderError)
    expect((e as ReaderError).code).toBe('REPLAY_MISMATCH')
    expect((e as ReaderError).message).toContain('line 3')
  })

  it('delivers the < lines after a matching write; a write past the end fails', async () => {
    const { reader } = replayReader(text)
    expect((await settle(reader.request('findCard'))).sw3).toBe(0x9f)
    const e = await settle(reader.request('findCard')).catch((x: unknown) => x)
    expect((e as ReaderError).code).toBe('REPLAY_MISMATCH')
  })

  it.each([
    ['framing=usb\n', 1],
    ['#! framing=serial\n> AA AA\n? 00\n', 3],
    ['#! framing=serial\n\n< AAA\n', 3],
    ['#! framing=raw\n> zz\n', 2],
  ])('rejects a malformed trace, naming the line', (bad, line) => {
    expect(() => parseTrace(bad)).toThrow(TraceFormatError)
    expect(() => parseTrace(bad)).toThrow(`line ${line}`)
  })
})

describe('recording', () => {
  it('a recorded sim read replays to the same card', async () => {
    const sim = new ReaderSimulator({ chunkSize: 63 })
    sim.placeCard(residentCard)
    const lines: string[] = []
    const reports = recordingTransport(
      deviceFramedTransport(await sim.open(), { framing: 'cp2110', padTo: 64 }),
      'cp2110',
      (l) => lines.push(l),
    )
    const first = await settle(
      new IdCardReader(framedTransport(reports, { framing: 'cp2110' })).readCard(),
    )
    expect(lines[0]).toBe('#! framing=cp2110')
    const { reader, replay } = replayReader(lines.join('\n'))
    const again = await settle(reader.readCard())
    expect(again.card).toEqual(first.card)
    expect(again.card).toEqual(residentCard)
    expect(replay.remaining).toBe(0)
  })
})
