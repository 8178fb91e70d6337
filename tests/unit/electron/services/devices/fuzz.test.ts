import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ReaderErrorCode } from '../../../../../common/devices/reader-errors'
import { decodeReport } from '../../../../../electron/services/devices/framing'
import {
  decodeCardText,
  encodeCardText,
} from '../../../../../electron/services/devices/id-reader/card-text'
import {
  errorForStatus,
  ReaderError,
} from '../../../../../electron/services/devices/id-reader/errors'
import {
  Commands,
  encodeCommand,
  encodeResponse,
  FrameDecoder,
  MAX_LEN,
  parseResponse,
  type CommandName,
} from '../../../../../electron/services/devices/id-reader/sam-codec'
import { allCards } from './cards'

const BATCH = 100
const RUNS = 10_200 // × BATCH ≥ 1,000,000 frames

/** Valid frames to mutate: every request, every status, find/select/read answers. */
function pool(): Uint8Array[] {
  const out: Uint8Array[] = Object.keys(Commands).map((n) => encodeCommand(n as CommandName))
  for (let sw3 = 0; sw3 < 256; sw3 += 1)
    out.push(encodeResponse({ sw1: 0, sw2: 0, sw3, data: new Uint8Array(0) }))
  out.push(encodeResponse({ sw1: 0, sw2: 0, sw3: 0x9f, data: new Uint8Array(4) }))
  out.push(encodeResponse({ sw1: 0, sw2: 0, sw3: 0x90, data: new Uint8Array(8).fill(7) }))
  for (const card of allCards) {
    const data = new Uint8Array(4 + 256 + 1024)
    data.set([1, 0, 4, 0])
    data.set(encodeCardText(card), 4)
    out.push(encodeResponse({ sw1: 0, sw2: 0, sw3: 0x90, data }))
  }
  return out
}

const op = fc.tuple(
  fc.nat(), // which frame
  fc.nat(), // position
  fc.integer({ min: 0, max: 255 }), // byte value
  fc.integer({ min: 0, max: 7 }), // mutation kind
)

describe('decoder fuzz', () => {
  it('a million random and mutated frames and status bytes: only typed errors, bounded memory', () => {
    const frames = pool()
    const texts = allCards.map(encodeCardText)
    const decoder = new FrameDecoder()
    const codes = new Set<string>(ReaderErrorCode.options)
    const heapBefore = process.memoryUsage().heapUsed
    const started = Date.now()
    let fed = 0
    let decoded = 0
    let typedErrors = 0
    let maxBuffered = 0

    const typed = (fn: () => void) => {
      try {
        fn()
      } catch (e) {
        // Anything but a ReaderError with a known code fails the property.
        if (!(e instanceof ReaderError) || !codes.has(e.code)) throw e
        typedErrors++
      }
    }

    fc.assert(
      fc.property(fc.array(op, { minLength: BATCH, maxLength: BATCH }), (ops) => {
        for (const [which, pos, value, kind] of ops) {
          const base = frames[which % frames.length]!
          let f: Uint8Array
          switch (kind) {
            case 0: // flip one byte
              f = base.slice()
              f[pos % f.length] = value
              break
            case 1: // truncate
              f = base.subarray(0, pos % base.length)
              break
            case 2: // garbage in front
              f = new Uint8Array([value, 0xaa, 0xaa, value ^ 0x96, ...base.subarray(0, 64)])
              break
            case 3: // any SW3 with a correct checksum (status-byte fuzz)
              f = encodeResponse({
                sw1: pos & 0xff,
                sw2: (pos >> 8) & 0xff,
                sw3: value,
                data: base.subarray(10, 10 + (pos % 32)),
              })
              break
            case 4: // a LEN field that lies
              f = base.slice()
              f[5] = value
              f[6] = pos & 0xff
              break
            case 5: // random bytes around a preamble
              f = Uint8Array.from({ length: 8 + (pos % 40) }, (_, i) =>
                i < 5 ? [0xaa, 0xaa, 0xaa, 0x96, 0x69][i]! : (value * (i + pos)) & 0xff,
              )
              break
            case 6: // the frame itself, glued to the next
              f = base
              break
            default: // a mutated card text block straight into the text decoder
              f = base
              typed(() => {
                const t = texts[which % texts.length]!.slice()
                t[pos % 256] = value
                decodeCardText(t)
              })
          }
          fed++
          // Split the chunk at an arbitrary point, as HID reports would.
          const cut = f.length ? pos % f.length : 0
          for (const part of [f.subarray(0, cut), f.subarray(cut)]) {
            for (const item of decoder.push(decodeReport({ framing: 'serial' }, part))) {
              if (item.kind === 'error') {
                // A plain check: expect() per event would dominate the run time.
                if (!codes.has(item.error.code)) throw new Error(`untyped ${item.error.code}`)
                typedErrors++
                continue
              }
              decoded++
              typed(() => {
                const r = parseResponse(item.body)
                if (r.sw3 !== 0x90 && r.sw3 !== 0x9f) {
                  const e = errorForStatus(r.sw3)
                  if (!codes.has(e.code)) throw new Error(`untyped status ${r.sw3}`)
                } else if (r.data.length >= 260) {
                  decodeCardText(r.data.subarray(4, 260))
                }
              })
            }
            maxBuffered = Math.max(maxBuffered, decoder.buffered)
          }
          // cp2110 / raw report decoding never throws either.
          decodeReport({ framing: 'cp2110' }, f)
          decodeReport({ framing: 'raw' }, f)
        }
      }),
      { numRuns: RUNS, seed: 4670467 },
    )

    const seconds = (Date.now() - started) / 1000
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore
    console.log(
      `fuzz: ${fed} inputs, ${decoded} frames decoded, ${typedErrors} typed errors, max buffered ${maxBuffered} B, ${seconds.toFixed(1)} s, heap +${(heapGrowth / 2 ** 20).toFixed(1)} MiB`,
    )
    expect(fed).toBeGreaterThanOrEqual(1_000_000)
    expect(decoded).toBeGreaterThan(10_000)
    expect(typedErrors).toBeGreaterThan(10_000)
    expect(maxBuffered).toBeLessThanOrEqual(2 * (7 + MAX_LEN))
    expect(heapGrowth).toBeLessThan(200 * 2 ** 20)
  }, 180_000)
})
