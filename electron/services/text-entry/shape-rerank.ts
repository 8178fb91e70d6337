import * as g from './glyph-shapes'
import type { ZinniaCharacter } from './zinnia-features'
import type { Scored } from './zinnia-model'
import {
  directionFeatures,
  rasteriseStrokes,
  shapeLength,
  type ShapeOptions,
} from './shape-features'

/**
 * A second opinion that does not depend on stroke order: Zinnia's pool is re-ranked by adding
 * to each candidate's score `weight` × the cosine between the written character's directional
 * features (shape-features.ts) and its glyph's in a font, and taking off `aspect` × how far the
 * written box's aspect ratio (log width / height) is from the glyph's. Zinnia reads strokes in
 * order, piece by piece, and misses characters written in another order, with a component it
 * misreads, or whose proportions the box fit took away (口 and 山 fill the same box); the picture
 * of the ink has none of those weaknesses (and Zinnia keeps the stroke-level detail the coarse
 * picture lacks).
 */
export interface ShapeRerankOptions {
  weight: number
  aspect: number
}

/** Chosen on the tuning set (tests/support/handwriting/tune-shape.ts). */
export const defaultShapeRerank: ShapeRerankOptions = { weight: 12, aspect: 1 }

/** Glyph features per character, quantised to bytes (glyph-shapes.ts, scripts/build-glyph-shapes.ts). */
export interface GlyphShapes {
  options: ShapeOptions
  /** Character → its row. */
  row: ReadonlyMap<string, number>
  /** `rows × shapeLength(options)` bytes. */
  features: Uint8Array
  /** Per row, 1 / the length of its byte vector (so a dot product is a cosine). */
  inverseNorm: Float32Array
  /** Per row, log(width / height) of the glyph's ink box. */
  aspect: Float32Array
}

/** log(width / height) of a character's bounding box. */
export function aspectOf(character: ZinniaCharacter): number {
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity
  for (const s of character.strokes)
    for (const [x, y] of s) {
      if (x < minX) minX = x
      if (x > maxX) maxX = x
      if (y < minY) minY = y
      if (y > maxY) maxY = y
    }
  return Math.log(Math.max(maxX - minX, 1) / Math.max(maxY - minY, 1))
}

/** The pool with shape-adjusted scores, best first (ties keep the pool's order). */
export function shapeRerank(
  pool: readonly Scored[],
  character: ZinniaCharacter,
  glyphs: GlyphShapes,
  opts: ShapeRerankOptions = defaultShapeRerank,
): Scored[] {
  const o = glyphs.options
  const written = directionFeatures(rasteriseStrokes(character.strokes, o), o)
  const aspect = aspectOf(character)
  const n = shapeLength(o)
  const f = glyphs.features
  return pool
    .map((p, i) => {
      const row = glyphs.row.get(p.character)
      let score = p.score
      if (row !== undefined) {
        let dot = 0
        for (let k = 0, at = row * n; k < n; k++, at++) dot += written[k]! * f[at]!
        score +=
          opts.weight * dot * glyphs.inverseNorm[row]! -
          opts.aspect * Math.abs(glyphs.aspect[row]! - aspect)
      }
      return { character: p.character, score, i }
    })
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map(({ character, score }) => ({ character, score }))
}

let decoded: GlyphShapes | undefined

/** The committed glyph features (glyph-shapes.ts), decoded once per process. */
export function glyphShapes(): GlyphShapes {
  if (decoded) return decoded
  const bytes = (b64: string) => {
    const b = Buffer.from(b64, 'base64')
    // A copy: Buffer's pool may not be aligned for the typed arrays below.
    return new Uint8Array(b).buffer
  }
  const cps = new Uint32Array(bytes(g.GLYPH_CODE_POINTS))
  const aspect = new Float32Array(bytes(g.GLYPH_ASPECTS))
  const features = new Uint8Array(bytes(g.GLYPH_FEATURES))
  const n = shapeLength(g.GLYPH_SHAPE_OPTIONS)
  const row = new Map<string, number>()
  const inverseNorm = new Float32Array(cps.length)
  cps.forEach((cp, i) => {
    row.set(String.fromCodePoint(cp), i)
    let s = 0
    for (let k = i * n; k < (i + 1) * n; k++) s += features[k]! * features[k]!
    inverseNorm[i] = 1 / (Math.sqrt(s) || 1)
  })
  decoded = { options: g.GLYPH_SHAPE_OPTIONS, row, features, inverseNorm, aspect }
  return decoded
}
