import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  EscPosParseError,
  EscPosParser,
  parseEscPos,
} from '../../../../../../electron/services/devices/printer/escpos-parser'
import { layoutReceipt } from '../../../../../../electron/services/devices/printer/layout'
import { PrinterSimulator } from '../../../../../../electron/services/devices/printer/simulator'
import {
  PrinterStatusError,
  StatusStreamDecoder,
  parseAsb,
  parseDleEot,
} from '../../../../../../electron/services/devices/printer/status'
import { sampleReceipt } from './fixtures'

const receiptBytes = layoutReceipt(sampleReceipt(), { paper: '58mm' }).bytes
/** The longest command the parser may wait on: GS ( k with a 65 535-byte parameter block. */
const MAX_PENDING = 5 + 65_535

/** Only the typed error may escape. */
function typedOnly(fn: () => void, type: new (...args: never[]) => Error) {
  try {
    fn()
  } catch (error) {
    if (!(error instanceof type)) throw error
  }
}

describe('status parser fuzz', () => {
  it('1,000,000 random status bytes in random chunks: typed errors only, valid events only', () => {
    let bytes = 0
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1000, maxLength: 1000 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 20 }),
        (data, cuts) => {
          const decoder = new StatusStreamDecoder()
          let at = 0
          let i = 0
          while (at < data.length) {
            const n = cuts[i++ % cuts.length]!
            // Plain checks: expect() per event would dominate the run time.
            for (const e of decoder.push(data.subarray(at, at + n))) {
              if (e.type === 'error' && !(e.error instanceof PrinterStatusError)) throw e.error
              if (e.type === 'dle-eot' && (e.byte & 0x93) !== 0x12) throw new Error('bad reply')
              if (e.type === 'asb' && e.bytes.length !== 4) throw new Error('bad ASB')
            }
            at += n
          }
          bytes += data.length
        },
      ),
      { numRuns: 1000 },
    )
    expect(bytes).toBeGreaterThanOrEqual(1_000_000)
  }, 90_000) // a million bytes: seconds on a quiet machine, more on a shared one

  it('single replies and ASB packets of any value', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 2, 3, 4 as const),
        fc.integer({ min: -5, max: 300 }),
        fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 6 }),
        (n, byte, packet) => {
          typedOnly(() => parseDleEot(n as 1 | 2 | 3 | 4, byte), PrinterStatusError)
          typedOnly(() => parseAsb(packet), PrinterStatusError)
        },
      ),
      { numRuns: 20_000 },
    )
  })
})

describe('ESC/POS parser fuzz', () => {
  it('random bytes in random chunks: tokens or typed errors, bounded buffering', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2000 }),
        fc.integer({ min: 1, max: 300 }),
        (data, chunk) => {
          const parser = new EscPosParser()
          for (let at = 0; at < data.length; at += chunk) {
            for (const t of parser.push(data.subarray(at, at + chunk))) {
              if (t.t === 'error') expect(t.error).toBeInstanceOf(EscPosParseError)
            }
            expect(parser.pendingBytes).toBeLessThanOrEqual(MAX_PENDING)
          }
          parseEscPos(data)
        },
      ),
      { numRuns: 3000 },
    )
  })

  it('mutated receipts fed to the simulator: it never throws and never hangs', async () => {
    const mutation = fc.oneof(
      fc.record({
        op: fc.constant('flip' as const),
        at: fc.nat(),
        value: fc.integer({ min: 0, max: 255 }),
      }),
      fc.record({
        op: fc.constant('insert' as const),
        at: fc.nat(),
        value: fc.integer({ min: 0, max: 255 }),
      }),
      fc.record({ op: fc.constant('delete' as const), at: fc.nat(), value: fc.constant(0) }),
    )
    await fc.assert(
      fc.asyncProperty(
        fc.array(mutation, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 128 }),
        async (muts, chunk) => {
          const bytes = [...receiptBytes]
          for (const m of muts) {
            const at = m.at % (bytes.length + 1)
            if (m.op === 'flip') bytes[at % bytes.length] = m.value
            else if (m.op === 'insert') bytes.splice(at, 0, m.value)
            else bytes.splice(at % bytes.length, 1)
          }
          const sim = new PrinterSimulator()
          const data = Uint8Array.from(bytes)
          for (let at = 0; at < data.length; at += chunk)
            await sim.write(data.subarray(at, at + chunk))
          for (const e of sim.errors()) expect(e).toBeInstanceOf(EscPosParseError)
          expect(sim.bufferedCommands).toBe(0)
        },
      ),
      { numRuns: 1500 },
    )
  })

  it('a receipt split at every byte boundary parses exactly like the whole', () => {
    const whole = parseEscPos(receiptBytes)
    expect(whole.errors).toEqual([])
    const render = (chunks: Uint8Array[]) => {
      const sim = new PrinterSimulator()
      for (const c of chunks) void sim.write(c)
      return sim.receipts().map((r) => r.text)
    }
    const expected = whole.receipts.map((r) => r.text)
    for (let cut = 1; cut < receiptBytes.length; cut++) {
      expect(render([receiptBytes.subarray(0, cut), receiptBytes.subarray(cut)])).toEqual(expected)
    }
  })
})
