import { describe, expect, it } from 'vitest'
import { decodeReport, encodeReports } from '../../../../../electron/services/devices/framing'
import {
  encodeCommand,
  FrameDecoder,
} from '../../../../../electron/services/devices/id-reader/sam-codec'
import { hex, toHex } from './hex'

describe('cp2110 framing', () => {
  it('puts the payload length in the report ID (issue example)', () => {
    const [r, ...rest] = encodeReports({ framing: 'cp2110' }, encodeCommand('findCard'))
    expect(rest).toHaveLength(0)
    expect(toHex(r!)).toBe('0A AA AA AA 96 69 00 03 20 01 22')
  })

  it('ignores padding beyond the length of an input report (issue example)', () => {
    const report = hex('0F AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97 00 00')
    expect(toHex(decodeReport({ framing: 'cp2110' }, report))).toBe(
      'AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97',
    )
  })

  it('splits long payloads into reports of at most 63 bytes', () => {
    const payload = Uint8Array.from({ length: 130 }, (_, i) => i)
    const reports = encodeReports({ framing: 'cp2110', padTo: 64 }, payload)
    expect(reports.map((r) => r[0])).toEqual([63, 63, 4])
    expect(reports.every((r) => r.length === 64)).toBe(true)
    const back = reports.flatMap((r) => [...decodeReport({ framing: 'cp2110' }, r)])
    expect(back).toEqual([...payload])
  })

  it('treats report IDs 0 and above 63 as non-data', () => {
    expect(decodeReport({ framing: 'cp2110' }, hex('00 AA AA'))).toHaveLength(0)
    expect(decodeReport({ framing: 'cp2110' }, hex('41 AA AA'))).toHaveLength(0)
  })
})

describe('raw framing', () => {
  it('writes fixed-size reports, report ID first, zero padded', () => {
    const reports = encodeReports(
      { framing: 'raw', reportSize: 32, reportId: 2 },
      encodeCommand('readText'),
    )
    expect(reports).toHaveLength(1)
    expect(reports[0]).toHaveLength(32)
    expect(toHex(reports[0]!.subarray(0, 11))).toBe('02 AA AA AA 96 69 00 03 30 01 32')
    expect(reports[0]!.subarray(11).every((b) => b === 0)).toBe(true)
  })

  it('a frame is found by its preamble across padded reports', () => {
    const profile = { framing: 'raw' as const, reportSize: 16 }
    const frame = hex('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97')
    const d = new FrameDecoder()
    const items = [frame, frame].flatMap((f) =>
      encodeReports(profile, f).flatMap((r) => d.push(decodeReport(profile, r))),
    )
    expect(items.map((i) => i.kind)).toEqual(['frame', 'frame'])
  })
})

describe('serial framing', () => {
  it('passes bytes through unchanged', () => {
    const f = encodeCommand('selectCard')
    expect(encodeReports({ framing: 'serial' }, f)).toEqual([f])
    expect(decodeReport({ framing: 'serial' }, f)).toBe(f)
  })
})
