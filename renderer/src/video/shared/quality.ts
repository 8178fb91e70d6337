import type { QualitySummary } from '../../../../common/signaling'

/**
 * Connection quality from `RTCPeerConnection.getStats()`: a pure reading of the report, the
 * indicator level shown to both sides, the automatic audio-only rule and the summary sent to
 * the server at call end. No timers and no DOM here, so all of it is unit-tested.
 */
export type QualityLevel = 'good' | 'fair' | 'poor' | 'lost'

/** Cumulative counters read from one stats report. */
export interface StatsSnapshot {
  at: number
  bytesSent: number
  bytesReceived: number
  packetsReceived: number
  packetsLost: number
  /** From the selected candidate pair (seconds in the report, ms here). */
  rttMs: number | null
  /** The sender's bandwidth estimate (GCC) on the selected pair. */
  availableOutgoingKbps: number | null
  /** What the other side reports about the packets we send (0..1). */
  remoteLossFraction: number | null
  relayed: boolean
}

export interface QualitySample {
  rttMs: number | null
  lossPct: number
  outKbps: number
  inKbps: number
  availableKbps: number | null
  relayed: boolean
  level: QualityLevel
}

/** Thresholds from the reference notes (§2.4): < 100 kbps or ≥ 10 % loss is "poor". */
export const thresholds = {
  poorLossPct: 10,
  fairLossPct: 3,
  poorRttMs: 800,
  fairRttMs: 400,
  poorAvailableKbps: 100,
  fairAvailableKbps: 250,
  /** Poor for this long → voice only. */
  audioOnlyAfterMs: 5_000,
} as const

type StatsEntry = Record<string, unknown> & { type: string; id: string }

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/** Reads the counters we need; works on a real RTCStatsReport or any Map-like of entries. */
export function readStats(
  report: { forEach(cb: (value: StatsEntry) => void): void },
  at: number,
): StatsSnapshot {
  const byId = new Map<string, StatsEntry>()
  report.forEach((s) => byId.set(s.id, s))
  let bytesSent = 0
  let bytesReceived = 0
  let packetsReceived = 0
  let packetsLost = 0
  let rttMs: number | null = null
  let availableOutgoingKbps: number | null = null
  let remoteLossFraction: number | null = null
  let relayed = false
  let pair: StatsEntry | undefined
  for (const s of byId.values()) {
    if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string')
      pair = byId.get(s.selectedCandidatePairId)
  }
  if (!pair) {
    for (const s of byId.values())
      if (s.type === 'candidate-pair' && s.nominated === true && s.state === 'succeeded') pair = s
  }
  if (pair) {
    const rtt = num(pair.currentRoundTripTime)
    if (rtt !== null) rttMs = Math.round(rtt * 1000)
    const avail = num(pair.availableOutgoingBitrate)
    if (avail !== null) availableOutgoingKbps = Math.round(avail / 1000)
    const local = typeof pair.localCandidateId === 'string' ? byId.get(pair.localCandidateId) : null
    const remote =
      typeof pair.remoteCandidateId === 'string' ? byId.get(pair.remoteCandidateId) : null
    relayed = local?.candidateType === 'relay' || remote?.candidateType === 'relay'
  }
  for (const s of byId.values()) {
    if (s.type === 'outbound-rtp') bytesSent += num(s.bytesSent) ?? 0
    if (s.type === 'inbound-rtp') {
      bytesReceived += num(s.bytesReceived) ?? 0
      packetsReceived += num(s.packetsReceived) ?? 0
      packetsLost += Math.max(0, num(s.packetsLost) ?? 0)
    }
    if (s.type === 'remote-inbound-rtp') {
      const f = num(s.fractionLost)
      if (f !== null) remoteLossFraction = Math.max(remoteLossFraction ?? 0, f)
    }
  }
  return {
    at,
    bytesSent,
    bytesReceived,
    packetsReceived,
    packetsLost,
    rttMs,
    availableOutgoingKbps,
    remoteLossFraction,
    relayed,
  }
}

export function classify(s: Omit<QualitySample, 'level'>, flowing: boolean): QualityLevel {
  if (!flowing) return 'lost'
  const t = thresholds
  if (
    s.lossPct >= t.poorLossPct ||
    (s.rttMs ?? 0) >= t.poorRttMs ||
    (s.availableKbps !== null && s.availableKbps < t.poorAvailableKbps)
  )
    return 'poor'
  if (
    s.lossPct >= t.fairLossPct ||
    (s.rttMs ?? 0) >= t.fairRttMs ||
    (s.availableKbps !== null && s.availableKbps < t.fairAvailableKbps)
  )
    return 'fair'
  return 'good'
}

/** The indicator over the interval between two snapshots. */
export function sampleBetween(prev: StatsSnapshot, cur: StatsSnapshot): QualitySample {
  const seconds = Math.max(0.001, (cur.at - prev.at) / 1000)
  const received = Math.max(0, cur.packetsReceived - prev.packetsReceived)
  const lost = Math.max(0, cur.packetsLost - prev.packetsLost)
  const inboundLoss = received + lost > 0 ? (lost / (received + lost)) * 100 : 0
  const outboundLoss = (cur.remoteLossFraction ?? 0) * 100
  const base = {
    rttMs: cur.rttMs,
    lossPct: Math.round(Math.max(inboundLoss, outboundLoss) * 10) / 10,
    outKbps: Math.round((Math.max(0, cur.bytesSent - prev.bytesSent) * 8) / 1000 / seconds),
    inKbps: Math.round((Math.max(0, cur.bytesReceived - prev.bytesReceived) * 8) / 1000 / seconds),
    availableKbps: cur.availableOutgoingKbps,
    relayed: cur.relayed,
  }
  return { ...base, level: classify(base, received > 0) }
}

/**
 * Automatic voice-only: true once the link has been poor continuously for `audioOnlyAfterMs`.
 * One good or fair sample resets the clock, so a single hiccup does not turn the picture off.
 * "Lost" (nothing arrives at all) resets it too: that is an outage, which the peer rebuild
 * handles, not a thin link that voice-only would help.
 */
export class AudioOnlyRule {
  private poorSince: number | null = null
  constructor(private readonly afterMs: number = thresholds.audioOnlyAfterMs) {}
  update(sample: QualitySample, now: number): boolean {
    const bad = sample.level === 'poor'
    if (!bad) {
      this.poorSince = null
      return false
    }
    this.poorSince ??= now
    return now - this.poorSince >= this.afterMs
  }
}

const order: QualityLevel[] = ['good', 'fair', 'poor', 'lost']

/** Samples kept for the medians: two hours at one per 2 s; a longer call keeps its first two. */
const MAX_SAMPLES = 3_600

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Accumulates samples into the record the server stores with the call. */
export class QualitySummaryBuilder {
  private rttSum = 0
  private rttN = 0
  private lossSum = 0
  private outSum = 0
  private inSum = 0
  private n = 0
  private audioOnlyMs = 0
  private relayed = false
  private worst: QualityLevel | null = null
  private readonly rtts: number[] = []
  private readonly losses: number[] = []
  private readonly outs: number[] = []
  private readonly ins: number[] = []
  /** Voice only in the previous sample; a call that starts voice-only is no switch. */
  private wasAudioOnly: boolean | null = null
  private switches = 0

  add(sample: QualitySample, intervalMs: number, audioOnly: boolean): void {
    this.n++
    if (sample.rttMs !== null) {
      this.rttSum += sample.rttMs
      this.rttN++
    }
    this.lossSum += sample.lossPct
    this.outSum += sample.outKbps
    this.inSum += sample.inKbps
    if (this.n <= MAX_SAMPLES) {
      if (sample.rttMs !== null) this.rtts.push(sample.rttMs)
      this.losses.push(sample.lossPct)
      this.outs.push(sample.outKbps)
      this.ins.push(sample.inKbps)
    }
    if (audioOnly) this.audioOnlyMs += intervalMs
    if (audioOnly && this.wasAudioOnly === false) this.switches++
    this.wasAudioOnly = audioOnly
    if (sample.relayed) this.relayed = true
    if (!this.worst || order.indexOf(sample.level) > order.indexOf(this.worst))
      this.worst = sample.level
  }

  summary(iceRestarts: number): QualitySummary {
    const r = (v: number): number => Math.round(v * 10) / 10
    const s: QualitySummary = { iceRestarts, relayed: this.relayed }
    if (this.rttN) s.rttMsAvg = r(this.rttSum / this.rttN)
    if (this.n) {
      s.packetLossPct = Math.min(100, r(this.lossSum / this.n))
      s.outboundKbpsAvg = r(this.outSum / this.n)
      s.inboundKbpsAvg = r(this.inSum / this.n)
      s.audioOnlySeconds = Math.round(this.audioOnlyMs / 1000)
      s.packetLossPctMedian = Math.min(100, r(median(this.losses)!))
      s.outboundKbpsMedian = r(median(this.outs)!)
      s.inboundKbpsMedian = r(median(this.ins)!)
      s.voiceOnlySwitches = this.switches
    }
    const rtt = median(this.rtts)
    if (rtt !== undefined) s.rttMsMedian = r(rtt)
    if (this.worst) s.worstLevel = this.worst
    return s
  }
}
