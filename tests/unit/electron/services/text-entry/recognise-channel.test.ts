import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createKioskServices } from '../../../../../electron/services/kiosk-services'
import { createClerkServices } from '../../../../../electron/services/clerk-services'
import { TerminalConfig } from '../../../../../electron/services/config'
import { silentLogger } from '../../../../../node-common/logger'
import {
  DEBIAN_ZH_CN_MODEL,
  HandwritingRecogniser,
  LazyRecogniser,
} from '../../../../../electron/services/text-entry/recogniser'
import { medianStrokes } from '../../../../support/handwriting/medians'

const services = (handwritingModel?: string) =>
  createKioskServices({
    config: TerminalConfig.parse(handwritingModel ? { handwritingModel } : {}),
    version: '1.0.0',
    log: silentLogger(),
  })

describe('text:recognise over the bridge', () => {
  it('reads the Debian model by default', () => {
    expect(TerminalConfig.parse({}).handwritingModel).toBe(DEBIAN_ZH_CN_MODEL)
    expect(existsSync(DEBIAN_ZH_CN_MODEL)).toBe(true)
  })

  it('turns a written character into candidates, best first', async () => {
    const s = services()
    const res = await s.dispatcher.dispatch('text:recognise', {
      strokes: medianStrokes('吴', 480),
      width: 480,
      height: 480,
    })
    expect(res).toMatchObject({ ok: true })
    const { candidates } = (res as { value: { candidates: string[] } }).value
    expect(candidates).toHaveLength(10)
    expect(candidates[0]).toBe('吴')
    const three = await s.dispatcher.dispatch('text:recognise', {
      strokes: medianStrokes('村', 300),
      width: 300,
      height: 300,
      max: 3,
    })
    expect(three).toMatchObject({ ok: true, value: { candidates: expect.arrayContaining(['村']) } })
    expect((three as { value: { candidates: string[] } }).value.candidates).toHaveLength(3)
  })

  it('refuses strokes outside the bounds before recognising', async () => {
    const s = services('/nonexistent/never-read.model')
    const tooMany = Array.from({ length: 65 }, () => [[1, 1]])
    for (const input of [
      { strokes: [], width: 100, height: 100 },
      { strokes: [[]], width: 100, height: 100 },
      { strokes: tooMany, width: 100, height: 100 },
      { strokes: [[[1, 2, 3]]], width: 100, height: 100 },
      { strokes: [[[1, 2]]], width: 0, height: 100 },
      { strokes: [[[1, 2]]], width: 100, height: 100, max: 21 },
      { strokes: [[[1, 2]]], width: 100, height: 100, hint: 'poem' },
    ]) {
      expect(await s.dispatcher.dispatch('text:recognise', input)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      })
    }
  })

  it('says RECOGNISER_UNAVAILABLE when the model is missing, so the panel offers pinyin', async () => {
    const s = services('/nonexistent/handwriting.model')
    expect(
      await s.dispatcher.dispatch('text:recognise', {
        strokes: [
          [
            [1, 2],
            [50, 50],
          ],
        ],
        width: 100,
        height: 100,
      }),
    ).toMatchObject({ ok: false, error: { code: 'RECOGNISER_UNAVAILABLE' } })
  })

  it('loads the model once and keeps it', async () => {
    const lazy = new LazyRecogniser(DEBIAN_ZH_CN_MODEL)
    const [a, b] = await Promise.all([lazy.get(), lazy.get()])
    expect(a).toBe(b)
    expect(await lazy.get()).toBe(a)
  })
})

describe('text:warm: the pad opened, the model loads before the first stroke', () => {
  /** A LazyRecogniser over the Debian model that counts its loads. */
  const counted = () => {
    const loads: string[] = []
    const lazy = new LazyRecogniser(DEBIAN_ZH_CN_MODEL, undefined, (path, o) => {
      loads.push(path)
      return HandwritingRecogniser.load(path, o)
    })
    return { lazy, loads }
  }

  it('starts the load at once and answers when the model is ready; strokes then reuse it', async () => {
    const { lazy, loads } = counted()
    const s = createKioskServices({
      config: TerminalConfig.parse({}),
      version: '1.0.0',
      log: silentLogger(),
      recogniser: lazy,
    })
    expect(loads).toHaveLength(0) // the kiosk's start-up does not pay it
    const warming = s.dispatcher.dispatch('text:warm', undefined)
    expect(loads).toEqual([DEBIAN_ZH_CN_MODEL]) // started on the request, not on a stroke
    expect(await warming).toEqual({ ok: true, value: { ready: true } })
    const res = await s.dispatcher.dispatch('text:recognise', {
      strokes: medianStrokes('吴', 480),
      width: 480,
      height: 480,
    })
    expect(res).toMatchObject({ ok: true, value: { candidates: expect.arrayContaining(['吴']) } })
    // The warm-up's made-up character leaves no trace: the answer is a fresh recogniser's.
    const fresh = new HandwritingRecogniser((await lazy.get()).model)
    const req = { strokes: medianStrokes('吴', 480), width: 480, height: 480, max: 10 }
    expect((res as { value: { candidates: string[] } }).value.candidates).toEqual(
      fresh.recognise(req),
    )
    // Opening the pad again (another field) costs nothing either.
    expect(await s.dispatcher.dispatch('text:warm', undefined)).toMatchObject({ ok: true })
    expect(loads).toHaveLength(1)
  }, 30_000)

  it('takes no input and belongs to the kiosk role only', async () => {
    const s = services('/nonexistent/never-read.model')
    expect(await s.dispatcher.dispatch('text:warm', { strokes: [[[1, 2]]] })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    })
    const clerk = createClerkServices({
      config: TerminalConfig.parse({}),
      version: '1.0.0',
      log: silentLogger(),
    })
    expect(await clerk.dispatcher.dispatch('text:warm', undefined)).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL' },
    })
  })

  it('says RECOGNISER_UNAVAILABLE when the model is missing', async () => {
    const s = services('/nonexistent/handwriting.model')
    expect(await s.dispatcher.dispatch('text:warm', undefined)).toMatchObject({
      ok: false,
      error: { code: 'RECOGNISER_UNAVAILABLE' },
    })
  })
})

describe('recogniser cost, for the text-entry bench', () => {
  it('reports the memory the model adds and the latency of a recognition', async () => {
    const { measureRecogniser } =
      await import('../../../../../electron/services/text-entry/measure')
    const cost = await measureRecogniser(
      DEBIAN_ZH_CN_MODEL,
      [{ strokes: medianStrokes('吴', 400), width: 400, height: 400 }],
      { runs: 5, warmup: 1 },
    )
    // The weights live in typed arrays: 3.3 million (character, weight) postings.
    expect(cost.memory.modelHeldMB).toBeGreaterThan(15)
    expect(cost.latencyMs.runs).toBe(5)
    expect(cost.latencyMs.p95).toBeGreaterThan(0)
    expect(cost.latencyMs.p95).toBeLessThanOrEqual(cost.latencyMs.max)
  }, 60_000)
})
