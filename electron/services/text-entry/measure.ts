import type { ParsedRecogniseRequest } from '../../../common/text-entry/strokes'
import { HandwritingRecogniser } from './recogniser'

/**
 * What the recogniser costs the kiosk's main process, for `bench/text-entry.ts`: the memory the
 * loaded model adds (RSS and V8 heap + array buffers, before and after loading) and the time of
 * one recognition (strokes in, candidates out; the bridge's validation and IPC not included).
 * Run in a fresh process, ideally with `--expose-gc`, so "before" is not someone else's garbage.
 */
export interface RecogniserCost {
  loadMs: number
  memory: {
    rssBeforeMB: number
    rssAfterMB: number
    rssAddedMB: number
    heapAddedMB: number
    /** Typed arrays (the model's weights live there, outside the JS heap). */
    arrayBuffersAddedMB: number
    /**
     * The typed arrays the loaded model keeps, counted directly: the process-wide figures above
     * also move with other garbage (without --expose-gc they can even go down).
     */
    modelHeldMB: number
  }
  latencyMs: { runs: number; p50: number; p95: number; max: number }
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10

function settle() {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc) {
    gc()
    gc()
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!
}

export async function measureRecogniser(
  modelPath: string,
  samples: ReadonlyArray<Omit<ParsedRecogniseRequest, 'max'> & { max?: number }>,
  opts: { runs?: number; warmup?: number } = {},
): Promise<RecogniserCost> {
  if (samples.length === 0) throw new Error('measureRecogniser needs at least one sample')
  settle()
  const before = process.memoryUsage()
  const t0 = performance.now()
  const rec = await HandwritingRecogniser.load(modelPath)
  const loadMs = performance.now() - t0
  settle()
  const after = process.memoryUsage()

  const runs = opts.runs ?? 200
  const warmup = opts.warmup ?? 20
  const times: number[] = []
  for (let i = 0; i < warmup + runs; i++) {
    const s = samples[i % samples.length]!
    const t = performance.now()
    rec.recognise({ ...s, max: s.max ?? 10 })
    if (i >= warmup) times.push(performance.now() - t)
  }
  times.sort((a, b) => a - b)
  const round = (x: number) => Math.round(x * 100) / 100
  return {
    loadMs: round(loadMs),
    memory: {
      rssBeforeMB: mb(before.rss),
      rssAfterMB: mb(after.rss),
      rssAddedMB: mb(after.rss - before.rss),
      heapAddedMB: mb(after.heapUsed - before.heapUsed),
      arrayBuffersAddedMB: mb(after.arrayBuffers - before.arrayBuffers),
      modelHeldMB: mb(rec.model.heldBytes),
    },
    latencyMs: {
      runs,
      p50: round(percentile(times, 0.5)),
      p95: round(percentile(times, 0.95)),
      max: round(times[times.length - 1]!),
    },
  }
}
