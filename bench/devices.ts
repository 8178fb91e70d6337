// `npm run bench -- devices`: (1) decode time per read response (frame → IdCard), and
// (2) a full read (find → select → read) over cp2110 framing at full-speed USB report
// timing — one 64-byte report per ms, in either direction — compared with that transfer floor.
import { performance } from 'node:perf_hooks'
import {
  deviceFramedTransport,
  framedTransport,
} from '../electron/services/devices/framed-transport'
import { decodeReport, type FramingProfile } from '../electron/services/devices/framing'
import { decodeCardText, encodeCardText } from '../electron/services/devices/id-reader/card-text'
import { IdCardReader } from '../electron/services/devices/id-reader/reader'
import {
  encodeResponse,
  FrameDecoder,
  parseResponse,
} from '../electron/services/devices/id-reader/sam-codec'
import { demoCards } from '../electron/services/devices/id-reader/sim-cards'
import { ReaderSimulator } from '../electron/services/devices/id-reader/simulator'
import type { ByteTransport } from '../electron/services/devices/ports'
import { writeResult } from './result'

/** Full-speed USB interrupt endpoint: one 64-byte report per 1 ms frame. */
const SLOT_MS = 1

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

// ---- 1. decode time per read response ----
const profile: FramingProfile = { framing: 'cp2110' }
const device: FramingProfile = { framing: 'cp2110', padTo: 64 }
const data = new Uint8Array(4 + 256 + 1024)
data.set([1, 0, 4, 0])
data.set(encodeCardText(demoCards.resident), 4)
const frame = encodeResponse({ sw1: 0, sw2: 0, sw3: 0x90, data })
// The 21 padded cp2110 input reports a bridge delivers for this answer.
const reports: Uint8Array[] = []
for (let i = 0; i < frame.length; i += 63) {
  const chunk = frame.subarray(i, i + 63)
  const r = new Uint8Array(64)
  r[0] = chunk.length
  r.set(chunk, 1)
  reports.push(r)
}
const decoder = new FrameDecoder()
const decodeOnce = () => {
  for (const r of reports) {
    for (const item of decoder.push(decodeReport(profile, r))) {
      if (item.kind !== 'frame') throw new Error('bench frame did not decode')
      decodeCardText(parseResponse(item.body).data.subarray(4, 260))
    }
  }
}
for (let i = 0; i < 2000; i++) decodeOnce() // warm-up
const decodeRuns = 20_000
const t0 = performance.now()
for (let i = 0; i < decodeRuns; i++) decodeOnce()
const decodeUs = ((performance.now() - t0) * 1000) / decodeRuns

// ---- 2. full read at report timing ----
/** Resolves once performance.now() ≥ time: a timer for the bulk, then setImmediate steps. */
function until(time: number): Promise<void> {
  return new Promise((resolve) => {
    const step = () => {
      const left = time - performance.now()
      if (left > 2) setTimeout(step, left - 1.5)
      else if (left > 0) setImmediate(step)
      else resolve()
    }
    step()
  })
}

/**
 * Puts every report, in either direction, on its own 1 ms slot of an absolute timeline (as
 * the USB host controller does), in wire order, so timer drift does not accumulate.
 */
function paced(inner: ByteTransport): ByteTransport & { reports: () => number } {
  let nextSlot = 0
  let count = 0
  let wire: Promise<void> = Promise.resolve()
  const slot = () => {
    nextSlot = Math.max(performance.now(), nextSlot) + SLOT_MS
    count++
    return nextSlot
  }
  const listeners = new Set<(b: Uint8Array) => void>()
  inner.onData((b) => {
    const time = slot()
    wire = wire.then(() => until(time)).then(() => listeners.forEach((l) => l(b)))
  })
  return {
    kind: inner.kind,
    source: inner.source,
    write: async (b) => {
      const time = slot()
      wire = wire.then(() => until(time))
      await wire
      await inner.write(b)
    },
    onData: (l) => {
      listeners.add(l)
      return () => listeners.delete(l)
    },
    onError: (l) => inner.onError(l),
    close: () => inner.close(),
    reports: () => count,
  }
}

const sim = new ReaderSimulator({ chunkSize: 63 })
sim.placeCard(demoCards.resident)
const samples: number[] = []
const overheads: number[] = []
let reportCount = 0
for (let i = 0; i < 45; i++) {
  const wire = paced(deviceFramedTransport(await sim.open(), device))
  const reader = new IdCardReader(framedTransport(wire, profile))
  const start = performance.now()
  const read = await reader.readCard()
  const ms = performance.now() - start
  if (read.card.idNumber !== demoCards.resident.idNumber) throw new Error('bench read wrong card')
  reportCount = wire.reports()
  await reader.close()
  if (i < 5) continue // warm-up
  samples.push(ms)
  overheads.push(ms - reportCount * SLOT_MS)
}
samples.sort((a, b) => a - b)
overheads.sort((a, b) => a - b)

const figures = {
  decodeReadResponseUs: Number(decodeUs.toFixed(1)),
  readResponseBytes: frame.length,
  readResponseReports: reports.length,
  fullReadReports: reportCount,
  transferFloorMs: reportCount * SLOT_MS,
  fullReadMedianMs: Number(percentile(samples, 50).toFixed(2)),
  fullReadP95Ms: Number(percentile(samples, 95).toFixed(2)),
  stackOverheadMedianMs: Number(percentile(overheads, 50).toFixed(2)),
  stackOverheadP95Ms: Number(percentile(overheads, 95).toFixed(2)),
  budgetMs: 5,
  withinBudget: percentile(overheads, 95) < 5,
}
writeResult('devices', figures)
