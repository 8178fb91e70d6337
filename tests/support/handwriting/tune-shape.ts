/**
 * How the shape re-ranking (electron/services/text-entry/shape-rerank.ts) was chosen: on the
 * tuning set only (seed "tuning"), never on the test set.
 *
 *   npx tsx tests/support/handwriting/tune-shape.ts
 *   GRID='[{"dirs":4,"grid":6},{"raster":32}]' ALPHAS=8,12 BETAS=0,1 LEVELS=255 POOL=1000 MISSES=1 \
 *     npx tsx tests/support/handwriting/tune-shape.ts
 *
 * GRID: feature settings tried (each over shape-features.ts's defaults); ALPHAS: weights of the
 * cosine; BETAS: weights of the aspect-ratio difference; LEVELS: glyph features quantised as the
 * committed data holds them (255: a byte); POOL: how many of Zinnia's best are re-ranked;
 * MISSES: list the hinted misses and where Zinnia ranked them.
 *
 * Per sample the recogniser's pool (Zinnia with normalisation, un-join and stroke-order
 * readings and the stroke-count prior, before any hint) is computed once and cached in /tmp;
 * the glyphs are read from Noto Sans CJK SC with fontkit. Every combination of the shape
 * features' settings and the weights is then measured, with the field's re-ranking after it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { hintTables, rerank, RERANK_POOL } from '../../../electron/services/text-entry/hints'
import { normaliseStrokes } from '../../../electron/services/text-entry/normalise'
import {
  DEBIAN_ZH_CN_MODEL,
  HandwritingRecogniser,
} from '../../../electron/services/text-entry/recogniser'
import {
  directionFeatures,
  rasteriseContours,
  rasteriseStrokes,
  defaultShape,
  type ShapeOptions,
} from '../../../electron/services/text-entry/shape-features'
import type { Scored } from '../../../electron/services/text-entry/zinnia-model'
import { openFont, outlineOf, type Outline } from './glyph-outlines'
import { readFixture } from './evaluate'

const file = (process.argv[2] ?? 'tuning-set.json') as 'tuning-set.json'
const fixture = readFixture(file)
const POOL = Number(process.env.POOL ?? RERANK_POOL)
const cacheFile = `/tmp/shape-pools-${POOL}-${file}`
let pools: Scored[][]
if (existsSync(cacheFile) && !process.env.FRESH) {
  pools = JSON.parse(readFileSync(cacheFile, 'utf8')) as Scored[][]
} else {
  const rec = await HandwritingRecogniser.load(DEBIAN_ZH_CN_MODEL, { shape: false })
  pools = fixture.samples.map((s) => rec.pool({ strokes: s.strokes, ...fixture.pad }, POOL))
  writeFileSync(cacheFile, JSON.stringify(pools))
}
const hints = hintTables()
const font = openFont()
const outlines = new Map<string, Outline | undefined>()
for (const p of pools)
  for (const { character } of p)
    if (!outlines.has(character)) outlines.set(character, outlineOf(font, character))
const written = fixture.samples.map((s) => normaliseStrokes(s.strokes, fixture.pad))

const aspectOf = (b: { minX: number; minY: number; maxX: number; maxY: number }) =>
  Math.log(Math.max(b.maxX - b.minX, 1) / Math.max(b.maxY - b.minY, 1))
const writtenAspect = written.map((c) => {
  const xs = c.strokes.flat().map((p) => p[0])
  const ys = c.strokes.flat().map((p) => p[1])
  return aspectOf({
    minX: Math.min(...xs),
    maxX: Math.max(...xs),
    minY: Math.min(...ys),
    maxY: Math.max(...ys),
  })
})

/** As the committed data holds them (LEVELS: 255 for a byte, 15 for four bits). */
const LEVELS = Number(process.env.LEVELS ?? 0)
function quantise(v: Float32Array): Float32Array {
  if (!LEVELS) return v
  const max = Math.max(...v) || 1
  const q = v.map((x) => Math.round((x / max) * LEVELS))
  const norm = Math.hypot(...q) || 1
  return q.map((x) => x / norm)
}

function measure(o: ShapeOptions, alphas: number[], betas: number[]) {
  const glyph = new Map<string, Float32Array>()
  for (const [c, out] of outlines)
    if (out)
      glyph.set(c, quantise(directionFeatures(rasteriseContours(out.contours, out.box, o), o)))
  const feats = written.map((c) => directionFeatures(rasteriseStrokes(c.strokes, o), o))
  const sims = pools.map((p, i) =>
    p.map(({ character }) => {
      const g = glyph.get(character)
      if (!g) return 0
      const w = feats[i]!
      let d = 0
      for (let k = 0; k < w.length; k++) d += w[k]! * g[k]!
      return d
    }),
  )
  const aspects = pools.map((p, i) =>
    p.map(({ character }) => {
      const out = outlines.get(character)
      return out ? Math.abs(aspectOf(out.box) - writtenAspect[i]!) : 0
    }),
  )
  for (const alpha of alphas)
    for (const beta of betas) {
      const t = { h1: 0, h5: 0, u1: 0, u5: 0 }
      const misses: string[] = []
      fixture.samples.forEach((s, i) => {
        if (process.env.MISSES) {
          const at = pools[i]!.findIndex((p) => p.character === s.character)
          if (at < 0 || at >= 100) console.log(`${s.character}: ${at} in Zinnia's pool`)
        }
        const pool = pools[i]!.map((p, k) => ({
          character: p.character,
          score: p.score + alpha * sims[i]![k]! - beta * aspects[i]![k]!,
        }))
        pool.sort((a, b) => b.score - a.score)
        const h = rerank(pool, hints[s.field], 5)
        const u = rerank(pool, undefined, 5)
        if (h[0] === s.character) t.h1++
        if (h.includes(s.character)) t.h5++
        else misses.push(s.character)
        if (u[0] === s.character) t.u1++
        if (u.includes(s.character)) t.u5++
      })
      const n = fixture.samples.length
      const r = (x: number) => (x / n).toFixed(3)
      console.log(
        `${JSON.stringify(o)} alpha ${alpha} beta ${beta}: hinted ${r(t.h1)} / ${r(t.h5)}, un-hinted ${r(t.u1)} / ${r(t.u5)}${process.env.MISSES ? ' ' + misses.join('') : ''}`,
      )
    }
}

const base: ShapeOptions = defaultShape
const grid = JSON.parse(process.env.GRID ?? '[{}]') as Array<Partial<ShapeOptions>>
const alphas = (process.env.ALPHAS ?? '0,2,4,6,8,10').split(',').map(Number)
const betas = (process.env.BETAS ?? '0').split(',').map(Number)
console.log(`${file}: ${fixture.samples.length} samples, ${outlines.size} glyphs`)
for (const g of grid) measure({ ...base, ...g }, alphas, betas)
