import { describe, expect, it } from 'vitest'
import { printerStateMessages, type PrinterFlags } from '../../../../../../common/devices/printer'
import {
  PrinterStateMachine,
  PrinterStatusError,
  StatusStreamDecoder,
  classify,
  noFlags,
  parseAsb,
  parseDleEot,
  parseGsR1,
} from '../../../../../../electron/services/devices/printer/status'

describe('DLE EOT replies', () => {
  // Every meaningful bit, set alone on top of the fixed bits 0x12 (hardware.md §2.4).
  const bits: [1 | 2 | 3 | 4, number, keyof PrinterFlags][] = [
    [1, 0x08, 'offline'],
    [2, 0x04, 'coverOpen'],
    [2, 0x08, 'paperFeeding'],
    [2, 0x20, 'stoppedByPaperEnd'],
    [2, 0x40, 'errorOccurred'],
    [3, 0x04, 'mechanicalError'],
    [3, 0x08, 'cutterError'],
    [3, 0x20, 'unrecoverableError'],
    [3, 0x40, 'autoRecoverableError'],
    [4, 0x04, 'paperNearEnd'],
    [4, 0x08, 'paperNearEnd'],
    [4, 0x20, 'paperOut'],
    [4, 0x40, 'paperOut'],
  ]

  it.each(bits)('DLE EOT %i bit 0x%s sets %s and nothing else', (n, bit, flag) => {
    const flags = parseDleEot(n, 0x12 | bit)
    expect(flags[flag]).toBe(true)
    for (const [key, value] of Object.entries(flags))
      if (key !== flag) expect(value, key).toBe(false)
  })

  it.each([1, 2, 3, 4] as const)('DLE EOT %i reply 0x12 is all clear', (n) => {
    expect(Object.values(parseDleEot(n, 0x12)).every((v) => v === false)).toBe(true)
  })

  it('decodes the documented example 1A / 32 / 7E: offline, stopped by paper end, near end and end', () => {
    expect(parseDleEot(1, 0x1a)).toEqual({ offline: true })
    expect(parseDleEot(2, 0x32)).toMatchObject({ stoppedByPaperEnd: true, coverOpen: false })
    expect(parseDleEot(4, 0x7e)).toEqual({ paperNearEnd: true, paperOut: true })
  })

  it.each([0x00, 0x10, 0x02, 0x13, 0x92, 0xff])('rejects 0x%s whose fixed bits are wrong', (b) => {
    expect(() => parseDleEot(1, b)).toThrow(PrinterStatusError)
  })
})

describe('Automatic Status Back', () => {
  const cases: [number[], keyof PrinterFlags][] = [
    [[0x18, 0, 0, 0], 'offline'],
    [[0x30, 0, 0, 0], 'coverOpen'],
    [[0x50, 0, 0, 0], 'paperFeeding'],
    [[0x10, 0x04, 0, 0], 'mechanicalError'],
    [[0x10, 0x08, 0, 0], 'cutterError'],
    [[0x10, 0x20, 0, 0], 'unrecoverableError'],
    [[0x10, 0x40, 0, 0], 'autoRecoverableError'],
    [[0x10, 0, 0x01, 0], 'paperNearEnd'],
    [[0x10, 0, 0x02, 0], 'paperNearEnd'],
    [[0x10, 0, 0x04, 0], 'paperOut'],
    [[0x10, 0, 0x08, 0], 'paperOut'],
  ]
  it.each(cases)('%j sets %s', (packet, flag) => {
    expect(parseAsb(packet)[flag]).toBe(true)
  })
  it('all clear', () => {
    expect(parseAsb([0x10, 0, 0, 0])).toEqual(noFlags())
  })
  it.each([[[0x12, 0, 0, 0]], [[0x10, 0x10, 0, 0]], [[0x10, 0, 0, 0x80]], [[0x10, 0, 0]]])(
    'rejects %j',
    (packet) => {
      expect(() => parseAsb(packet)).toThrow(PrinterStatusError)
    },
  )
})

describe('status stream decoder', () => {
  it('tells DLE EOT replies, ASB packets and GS r replies apart, even split and glued', () => {
    const stream = [0x12, 0x18, 0x00, 0x0c, 0x00, 0x03, 0x1a, 0x10, 0, 0, 0]
    const whole = new StatusStreamDecoder().push(stream)
    const split = new StatusStreamDecoder()
    const pieces = stream.flatMap((b) => split.push([b]))
    for (const events of [whole, pieces]) {
      expect(events.map((e) => e.type)).toEqual(['dle-eot', 'asb', 'gs-r', 'dle-eot', 'asb'])
      const asb = events[1]
      expect(asb?.type === 'asb' && asb.flags.paperOut && asb.flags.offline).toBe(true)
    }
  })

  it('reports an unknown byte and a broken ASB packet as typed errors and resynchronises', () => {
    const events = new StatusStreamDecoder().push([0x93, 0x10, 0x00, 0x12])
    expect(events.map((e) => e.type)).toEqual(['error', 'error', 'dle-eot'])
    for (const e of events)
      if (e.type === 'error') expect(e.error).toBeInstanceOf(PrinterStatusError)
  })

  it('GS r 1 reply decodes paper sensor bits', () => {
    expect(parseGsR1(0x03)).toEqual({ paperNearEnd: true, paperOut: false })
    expect(parseGsR1(0x0c)).toEqual({ paperNearEnd: false, paperOut: true })
  })
})

describe('state classification', () => {
  const f = (over: Partial<PrinterFlags>) => ({ ...noFlags(), ...over })
  it.each([
    [{}, 'ready'],
    [{ paperNearEnd: true }, 'paper-near-end'],
    [{ paperOut: true, offline: true }, 'paper-out'],
    [{ stoppedByPaperEnd: true }, 'paper-out'],
    [{ coverOpen: true, offline: true, paperOut: true }, 'cover-open'],
    [{ offline: true }, 'offline'],
    [{ cutterError: true, offline: true }, 'error'],
    [{ errorOccurred: true }, 'error'],
    [{ autoRecoverableError: true, paperNearEnd: true }, 'error'],
  ] as const)('%j → %s', (flags, state) => {
    expect(classify(f(flags)).state).toBe(state)
  })
})

describe('printer state machine', () => {
  it('walks through a refill cycle and emits only changes, with messages', () => {
    let t = 0
    const m = new PrinterStateMachine(() => new Date(Date.UTC(2024, 0, 1, 0, 0, t++)))
    expect(m.status.state).toBe('disconnected')
    expect(m.apply({ type: 'flags', flags: noFlags() })?.state).toBe('ready')
    expect(m.apply({ type: 'flags', flags: { offline: false } })).toBeNull()
    expect(m.apply({ type: 'flags', flags: { paperNearEnd: true } })?.state).toBe('paper-near-end')
    const out = m.apply({
      type: 'flags',
      flags: { paperOut: true, paperNearEnd: false, offline: true },
    })
    expect(out?.state).toBe('paper-out')
    expect(out?.message).toEqual(printerStateMessages['paper-out'])
    expect(out?.message.resident.zh).toContain('缺纸')
    const since = m.status.since
    expect(m.apply({ type: 'flags', flags: { paperOut: true } })).toBeNull()
    expect(m.status.since).toBe(since)
    expect(m.apply({ type: 'flags', flags: { paperOut: false, offline: false } })?.state).toBe(
      'ready',
    )
  })

  it('no reply means offline until the printer answers; unplug forgets the flags', () => {
    const m = new PrinterStateMachine(() => new Date(), true)
    m.apply({ type: 'flags', flags: { coverOpen: true } })
    expect(m.apply({ type: 'no-reply' })).toMatchObject({ state: 'offline', detail: 'no-reply' })
    expect(m.apply({ type: 'flags', flags: {} })?.state).toBe('cover-open')
    expect(m.apply({ type: 'disconnected' })?.state).toBe('disconnected')
    expect(m.apply({ type: 'no-reply' })).toBeNull()
    expect(m.apply({ type: 'connected' })?.state).toBe('ready')
  })

  it('every state has Chinese and English text for resident and staff', () => {
    for (const messages of Object.values(printerStateMessages)) {
      for (const who of [messages.resident, messages.staff]) {
        expect(who.zh).toMatch(/[\u4e00-\u9fff]/)
        expect(who.en).toMatch(/^[\x20-\x7e]+$/)
      }
    }
  })
})
