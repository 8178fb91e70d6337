import { describe, expect, it } from 'vitest'
import {
  AudioOnlyRule,
  QualitySummaryBuilder,
  readStats,
  sampleBetween,
  type QualitySample,
} from '../../../../../renderer/src/video/shared/quality'

type Entry = Record<string, unknown> & { id: string; type: string }
const report = (entries: Entry[]) => new Map(entries.map((e) => [e.id, e]))

function chromeLike(o: {
  sent: number
  recv: number
  packets: number
  lost: number
  rtt?: number
  avail?: number
  relay?: boolean
  remoteLoss?: number
}): Map<string, Entry> {
  return report([
    { id: 'T', type: 'transport', selectedCandidatePairId: 'P' },
    {
      id: 'P',
      type: 'candidate-pair',
      localCandidateId: 'L',
      remoteCandidateId: 'R',
      currentRoundTripTime: o.rtt ?? 0.05,
      availableOutgoingBitrate: o.avail ?? 800_000,
    },
    { id: 'L', type: 'local-candidate', candidateType: o.relay ? 'relay' : 'host' },
    { id: 'R', type: 'remote-candidate', candidateType: 'host' },
    { id: 'O1', type: 'outbound-rtp', kind: 'video', bytesSent: o.sent },
    {
      id: 'I1',
      type: 'inbound-rtp',
      kind: 'video',
      bytesReceived: o.recv,
      packetsReceived: o.packets,
      packetsLost: o.lost,
    },
    { id: 'RI', type: 'remote-inbound-rtp', fractionLost: o.remoteLoss ?? 0 },
  ])
}

describe('reading getStats', () => {
  it('takes RTT, bandwidth estimate and relay from the selected pair', () => {
    const s = readStats(
      chromeLike({ sent: 1, recv: 2, packets: 3, lost: 0, rtt: 0.12, avail: 450_000, relay: true }),
      0,
    )
    expect(s).toMatchObject({ rttMs: 120, availableOutgoingKbps: 450, relayed: true, bytesSent: 1 })
  })

  it('computes kbps and loss over the interval, using the worse direction', () => {
    const a = readStats(chromeLike({ sent: 0, recv: 0, packets: 0, lost: 0 }), 0)
    const b = readStats(chromeLike({ sent: 125_000, recv: 62_500, packets: 90, lost: 10 }), 2_000)
    const q = sampleBetween(a, b)
    expect(q.outKbps).toBe(500)
    expect(q.inKbps).toBe(250)
    expect(q.lossPct).toBe(10)
    expect(q.level).toBe('poor')
    const c = readStats(
      chromeLike({ sent: 250_000, recv: 125_000, packets: 190, lost: 10, remoteLoss: 0.05 }),
      4_000,
    )
    expect(sampleBetween(b, c)).toMatchObject({ lossPct: 5, level: 'fair' })
  })

  it('says "lost" when nothing arrives and "good" on a clean link', () => {
    const a = readStats(chromeLike({ sent: 0, recv: 0, packets: 100, lost: 0 }), 0)
    const same = readStats(chromeLike({ sent: 10, recv: 0, packets: 100, lost: 0 }), 2_000)
    expect(sampleBetween(a, same).level).toBe('lost')
    const good = readStats(
      chromeLike({ sent: 100_000, recv: 100_000, packets: 200, lost: 0 }),
      2_000,
    )
    expect(sampleBetween(a, good).level).toBe('good')
  })

  it('rates a thin uplink (< 100 kbps estimate) poor even without loss', () => {
    const a = readStats(chromeLike({ sent: 0, recv: 0, packets: 0, lost: 0, avail: 80_000 }), 0)
    const b = readStats(
      chromeLike({ sent: 10_000, recv: 10_000, packets: 50, lost: 0, avail: 80_000 }),
      2_000,
    )
    expect(sampleBetween(a, b).level).toBe('poor')
  })
})

const sample = (level: QualitySample['level']): QualitySample => ({
  level,
  rttMs: 40,
  lossPct: level === 'poor' ? 12 : 0,
  outKbps: 300,
  inKbps: 300,
  availableKbps: 900,
  relayed: false,
})

describe('automatic voice only', () => {
  it('switches after 5 s of poor link, not after one bad sample', () => {
    const rule = new AudioOnlyRule()
    expect(rule.update(sample('poor'), 0)).toBe(false)
    expect(rule.update(sample('good'), 2_000)).toBe(false)
    expect(rule.update(sample('poor'), 4_000)).toBe(false)
    expect(rule.update(sample('poor'), 6_000)).toBe(false)
    expect(rule.update(sample('poor'), 9_000)).toBe(true)
  })

  it('does not switch during an outage (nothing arrives): the peer rebuild handles that', () => {
    const rule = new AudioOnlyRule()
    for (let t = 0; t <= 20_000; t += 2_000) expect(rule.update(sample('lost'), t)).toBe(false)
  })
})

describe('quality summary', () => {
  it('averages the samples and keeps the worst level, relay and voice-only time', () => {
    const b = new QualitySummaryBuilder()
    b.add(sample('good'), 2_000, false)
    b.add({ ...sample('poor'), relayed: true }, 2_000, true)
    expect(b.summary(1)).toEqual({
      iceRestarts: 1,
      relayed: true,
      rttMsAvg: 40,
      packetLossPct: 6,
      outboundKbpsAvg: 300,
      inboundKbpsAvg: 300,
      audioOnlySeconds: 2,
      worstLevel: 'poor',
      rttMsMedian: 40,
      packetLossPctMedian: 6,
      outboundKbpsMedian: 300,
      inboundKbpsMedian: 300,
      voiceOnlySwitches: 1,
    })
  })

  it('takes medians, so a few bad seconds do not drag the figures, and counts voice-only switches', () => {
    const b = new QualitySummaryBuilder()
    const at = (rttMs: number, lossPct: number, outKbps: number) => ({
      ...sample('good'),
      rttMs,
      lossPct,
      outKbps,
    })
    // Voice only from the first sample (a voice call) is no switch; two later switches are.
    const voice = [true, false, true, true, false, true, false]
    const rtts = [40, 50, 60, 2_000, 45, 55, 3_000]
    rtts.forEach((rtt, i) => b.add(at(rtt, i === 3 ? 80 : 1, 300 + i), 2_000, voice[i]!))
    const s = b.summary(0)
    expect(s.rttMsMedian).toBe(55)
    expect(s.rttMsAvg).toBeGreaterThan(700)
    expect(s.packetLossPctMedian).toBe(1)
    expect(s.outboundKbpsMedian).toBe(303)
    expect(s.voiceOnlySwitches).toBe(2)
  })
})
