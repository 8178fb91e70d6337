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
  /** How many of Zinnia's best characters are re-ranked (a character below them is lost). */
  pool: number
  weight: number
  aspect: number
}

/**
 * Chosen on the tuning set (tests/support/handwriting/tune-shape.ts; hinted top-1 / top-5 0.902
 * / 0.970 without the shape): weight 12 of 2–20 (from 8 to 14 all gave 0.967–0.972 / 0.983 with
 * Zinnia's best 300; 16 and more lost un-hinted top-1), aspect 1 of 0–2 (a point of hinted top-1
 * at most, within noise); the best 1000 instead of 300: top-5 0.983 → 0.992 (2000: 0.993).
 */
export const defaultShapeRerank: ShapeRerankOptions = { pool: 1000, weight: 12, aspect: 1 }

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

/** Per character of a model (in its order), its row in `glyphs`; -1 where it has none. */
export function glyphRows(characters: readonly string[], glyphs: GlyphShapes): Int32Array {
  return Int32Array.from(characters, (c) => glyphs.row.get(c) ?? -1)
}

/**
 * Zinnia's best `opts.pool` characters by `scores` (one per character of the model, after the
 * other stages), re-ranked with the shape; the best `keep` of them, best first (ties as topN:
 * to the character stored later).
 */
export function shapeRerank(
  scores: Float32Array,
  characters: readonly string[],
  rows: Int32Array,
  character: ZinniaCharacter,
  glyphs: GlyphShapes,
  opts: ShapeRerankOptions,
  keep: number,
): Scored[] {
  const o = glyphs.options
  const written = directionFeatures(rasteriseStrokes(character.strokes, o), o)
  const aspect = aspectOf(character)
  const n = shapeLength(o)
  const f = glyphs.features
  // Zinnia's best `pool`: everything from the pool-th best score up (a native sort finds it).
  const threshold =
    opts.pool >= scores.length
      ? -Infinity
      : Float32Array.from(scores).sort()[scores.length - opts.pool]!
  const ids: number[] = []
  const combined = new Float64Array(scores.length)
  for (let c = 0; c < scores.length; c++) {
    if (!(scores[c]! >= threshold)) continue
    ids.push(c)
    let score = scores[c]!
    const row = rows[c]!
    if (row >= 0) {
      let dot = 0
      for (let k = 0, at = row * n; k < n; k++, at++) dot += written[k]! * f[at]!
      score +=
        opts.weight * dot * glyphs.inverseNorm[row]! -
        opts.aspect * Math.abs(glyphs.aspect[row]! - aspect)
    }
    combined[c] = score
  }
  ids.sort((a, b) => combined[b]! - combined[a]! || b - a)
  return ids.slice(0, keep).map((c) => ({ character: characters[c]!, score: combined[c]! }))
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
