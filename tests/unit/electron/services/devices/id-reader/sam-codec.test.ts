import { describe, expect, it } from 'vitest'
import { readerErrorMessages } from '../../../../../../common/devices/reader-errors'
import { encodeCardText } from '../../../../../../electron/services/devices/id-reader/card-text'
import {
  errorForStatus,
  ReaderError,
} from '../../../../../../electron/services/devices/id-reader/errors'
import {
  encodeCommand,
  encodeRequest,
  encodeResponse,
  FrameDecoder,
  parseRequest,
  parseResponse,
  type CommandName,
} from '../../../../../../electron/services/devices/id-reader/sam-codec'
import { allCards, residentCard } from '../cards'
import { hex, toHex } from '../hex'

// Request frames from hardware.md 1.3, checksums re-computed by hand.
const requests: [CommandName, string, string?][] = [
  ['resetSam', 'AA AA AA 96 69 00 03 10 FF EC'],
  ['samStatus', 'AA AA AA 96 69 00 03 11 FF ED'],
  ['samId', 'AA AA AA 96 69 00 03 12 FF EE'],
  ['findCard', 'AA AA AA 96 69 00 03 20 01 22'],
  ['selectCard', 'AA AA AA 96 69 00 03 20 02 21'],
  ['readText', 'AA AA AA 96 69 00 03 30 01 32'],
  ['readNewAddress', 'AA AA AA 96 69 00 03 30 03 30'],
  ['readWithFingerprint', 'AA AA AA 96 69 00 03 30 10 23'],
  ['setBaud115200', 'AA AA AA 96 69 00 03 60 00 63'],
  ['setBaud57600', 'AA AA AA 96 69 00 03 60 01 62'],
  ['setBaud38400', 'AA AA AA 96 69 00 03 60 02 61'],
  ['setBaud19200', 'AA AA AA 96 69 00 03 60 03 60'],
  ['setBaud9600', 'AA AA AA 96 69 00 03 60 04 67'],
  ['setMaxRfBytes', 'AA AA AA 96 69 00 04 61 FF 50 CA', '50'],
]

// Every SW3 in hardware.md 1.5 with its on-wire frame (CHK = 04 ⊕ SW3, computed by hand).
const statuses: [string, string, string][] = [
  ['10', '14', 'SAM_FRAME_CHECKSUM'],
  ['11', '15', 'SAM_FRAME_LENGTH'],
  ['21', '25', 'SAM_COMMAND'],
  ['23', '27', 'SAM_UNAUTHORIZED_OPERATION'],
  ['24', '20', 'SAM_UNRECOGNIZED'],
  ['31', '35', 'CARD_AUTH_SAM_FAILED'],
  ['32', '36', 'SAM_AUTH_CARD_FAILED'],
  ['33', '37', 'INFO_VERIFY_FAILED'],
  ['37', '33', 'FINGERPRINT_VERIFY_FAILED'],
  ['3F', '3B', 'INFO_LENGTH'],
  ['40', '44', 'WRONG_CARD'],
  ['41', '45', 'READ_FAILED'],
  ['47', '43', 'RANDOM_FAILED'],
  ['60', '64', 'SAM_SELF_TEST_FAILED'],
  ['66', '62', 'SAM_NOT_AUTHORIZED'],
  ['80', '84', 'NO_CARD'],
  ['81', '85', 'SELECT_FAILED'],
  ['91', '95', 'NO_SUCH_ITEM'],
]

// Success answers from hardware.md 1.4.
const successes: [string, string, number][] = [
  ['status OK', 'AA AA AA 96 69 00 04 00 00 90 94', 0],
  ['find OK', 'AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97', 4],
  ['select OK', 'AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C', 8],
]

/** Feeds `bytes` split at `cut` and returns what the decoder yields. */
function decodeSplit(bytes: Uint8Array, cut: number) {
  const d = new FrameDecoder()
  return [...d.push(bytes.subarray(0, cut)), ...d.push(bytes.subarray(cut))]
}

describe('GA 467 request frames', () => {
  it.each(requests)('%s encodes to the documented bytes', (name, frame, data) => {
    expect(toHex(encodeCommand(name, data ? hex(data) : undefined))).toBe(frame)
  })

  it.each(requests)('%s decodes back at every split point, behind garbage', (_name, frame) => {
    const bytes = hex(`00 FF AA 96 AA AA 13 ${frame}`)
    for (let cut = 0; cut <= bytes.length; cut++) {
      const items = decodeSplit(bytes, cut)
      expect(items).toHaveLength(1)
      const item = items[0]!
      expect(item.kind).toBe('frame')
      if (item.kind !== 'frame') continue
      const req = parseRequest(item.body)
      expect(toHex(encodeRequest(req.cmd, req.para, req.data))).toBe(frame)
    }
  })
})

describe('GA 467 response frames', () => {
  it.each(statuses)('SW3 %s is the frame …%s and maps to %s', (sw3, chk, code) => {
    const frame = `AA AA AA 96 69 00 04 00 00 ${sw3} ${chk}`
    const sw = parseInt(sw3, 16)
    expect(toHex(encodeResponse({ sw1: 0, sw2: 0, sw3: sw, data: new Uint8Array(0) }))).toBe(frame)
    const bytes = hex(`69 96 00 ${frame}`)
    for (let cut = 0; cut <= bytes.length; cut++) {
      const [item, ...rest] = decodeSplit(bytes, cut)
      expect(rest).toHaveLength(0)
      if (item?.kind !== 'frame') throw new Error('expected a frame')
      const error = errorForStatus(parseResponse(item.body).sw3)
      expect(error).toBeInstanceOf(ReaderError)
      expect(error.code).toBe(code)
      expect(error.sw3).toBe(sw)
      expect(error.message).toContain(readerErrorMessages[error.code].zh)
      expect(error.zh).toMatch(/[\u4e00-\u9fff]/)
    }
  })

  it('an undocumented SW3 is SAM_STATUS_UNKNOWN, not a crash', () => {
    expect(errorForStatus(0x55).code).toBe('SAM_STATUS_UNKNOWN')
  })

  it.each(successes)('%s decodes with its data at every split point', (_n, frame, dataLen) => {
    const bytes = hex(frame)
    for (let cut = 0; cut <= bytes.length; cut++) {
      const [item] = decodeSplit(bytes, cut)
      if (item?.kind !== 'frame') throw new Error('expected a frame')
      expect(parseResponse(item.body).data).toHaveLength(dataLen)
    }
  })

  it.each(allCards.map((c) => [c.cardType, c] as const))(
    'a %s read answer has the documented 1295-byte layout and survives any split',
    (_t, card) => {
      const text = encodeCardText(card)
      const data = new Uint8Array(4 + 256 + 1024)
      data.set([0x01, 0x00, 0x04, 0x00])
      data.set(text, 4)
      const frame = encodeResponse({ sw1: 0, sw2: 0, sw3: 0x90, data })
      expect(frame).toHaveLength(1295)
      expect(toHex(frame.subarray(0, 14))).toBe('AA AA AA 96 69 05 08 00 00 90 01 00 04 00')
      expect(frame.subarray(14, 270)).toEqual(text)
      const withGarbage = new Uint8Array([0xaa, 0xaa, 0x01, ...frame])
      for (let cut = 0; cut <= withGarbage.length; cut += 1) {
        const [item, ...rest] = decodeSplit(withGarbage, cut)
        expect(rest).toHaveLength(0)
        if (item?.kind !== 'frame') throw new Error('expected a frame')
        // Buffer.equals: a deep toEqual over 1,298 splits would dominate the run time.
        expect(Buffer.from(parseResponse(item.body).data).equals(data)).toBe(true)
      }
    },
  )
})

describe('FrameDecoder resynchronisation', () => {
  it('finds frames glued together in one chunk', () => {
    const a = hex('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97')
    const b = hex('AA AA AA 96 69 00 04 00 00 80 84')
    const items = new FrameDecoder().push(new Uint8Array([...a, ...b, ...a]))
    expect(items.map((i) => i.kind)).toEqual(['frame', 'frame', 'frame'])
  })

  it('reports a bad checksum as FRAME_CHECKSUM and still finds the next frame', () => {
    const bad = hex('AA AA AA 96 69 00 04 00 00 90 95')
    const good = hex('AA AA AA 96 69 00 04 00 00 80 84')
    const items = new FrameDecoder().push(new Uint8Array([...bad, ...good]))
    expect(items[0]).toMatchObject({ kind: 'error', error: { code: 'FRAME_CHECKSUM' } })
    expect(items[1]?.kind).toBe('frame')
  })

  it('reports an impossible length as FRAME_LENGTH and resynchronises', () => {
    const items = new FrameDecoder().push(
      hex('AA AA AA 96 69 00 01 AA AA AA 96 69 00 04 00 00 90 94'),
    )
    expect(items.map((i) => (i.kind === 'error' ? i.error.code : 'frame'))).toEqual([
      'FRAME_LENGTH',
      'frame',
    ])
  })

  it('ignores report padding between frames', () => {
    const d = new FrameDecoder()
    const items = d.push(hex('AA AA AA 96 69 00 04 00 00 90 94 00 00 00 00 00 00 00'))
    expect(items).toHaveLength(1)
    expect(d.push(hex('AA AA AA 96 69 00 04 00 00 80 84'))).toHaveLength(1)
  })

  it('keeps its buffer bounded when fed megabytes without a preamble', () => {
    const d = new FrameDecoder()
    const junk = new Uint8Array(1 << 20).fill(0xaa)
    expect(d.push(junk)).toEqual([])
    expect(d.buffered).toBeLessThan(8)
  })

  it('a resident card text round-trips through the frame', () => {
    const text = encodeCardText(residentCard)
    const frame = encodeResponse({ sw1: 0, sw2: 0, sw3: 0x90, data: text })
    const [item] = new FrameDecoder().push(frame)
    if (item?.kind !== 'frame') throw new Error('expected a frame')
    expect(parseResponse(item.body).data).toEqual(text)
  })
})
