import type { Strokes } from '../../../common/text-entry/strokes'
import type { ZinniaCharacter } from './zinnia-features'

/**
 * From what the pad recorded to what Zinnia's model was trained on.
 *
 * The Simplified Chinese model was trained on Tomoe's stroke data: clean strokes drawn into a
 * fixed square, each character filling most of it. Zinnia's features are absolute positions in
 * the box, so a character written small in one corner of the pad, or wobbling, reads as another
 * character. Before Zinnia sees the strokes they are therefore
 * 1. smoothed (a short moving average takes out finger jitter that would otherwise split a
 *    stroke into extra pieces),
 * 2. moved and scaled, keeping their aspect ratio, so the character's bounding box sits centred
 *    in the box with a margin (a very flat or thin character, 一 or 丨, is not stretched across),
 * 3. rounded to integers in a `BOX` × `BOX` square, as Zinnia's `Character` holds them.
 */

export interface NormaliseOptions {
  /** Side of Zinnia's box. */
  box: number
  /** Margin on each side, as a fraction of the box. */
  margin: number
  /** Half-width of the moving average, in points (0: none). */
  smooth: number
  /** Fit the character's bounding box into the box (false: keep the pad's own frame). */
  fit: boolean
}

export const defaultNormalise: NormaliseOptions = { box: 1000, margin: 0.1, smooth: 1, fit: true }

type Pt = [number, number]

function smoothStroke(stroke: readonly Pt[], half: number): Pt[] {
  if (half <= 0 || stroke.length < 3) return stroke.map((p) => [p[0], p[1]])
  return stroke.map((p, i) => {
    // The ends stay put: they carry the stroke's start and end positions.
    if (i === 0 || i === stroke.length - 1) return [p[0], p[1]]
    const lo = Math.max(0, i - half)
    const hi = Math.min(stroke.length - 1, i + half)
    let x = 0
    let y = 0
    for (let j = lo; j <= hi; j++) {
      x += stroke[j]![0]
      y += stroke[j]![1]
    }
    const n = hi - lo + 1
    return [x / n, y / n]
  })
}

/** Consecutive points closer than `eps` (a finger resting) carry no shape. */
function dropRepeats(stroke: readonly Pt[], eps: number): Pt[] {
  const out: Pt[] = [stroke[0]!]
  for (let i = 1; i < stroke.length; i++) {
    const p = stroke[i]!
    const q = out[out.length - 1]!
    if (Math.abs(p[0] - q[0]) > eps || Math.abs(p[1] - q[1]) > eps) out.push(p)
  }
  const last = stroke[stroke.length - 1]!
  if (out.length === 1 && stroke.length > 1) out.push(last)
  return out
}

export function normaliseStrokes(
  strokes: Strokes,
  pad: { width: number; height: number },
  opts: NormaliseOptions = defaultNormalise,
): ZinniaCharacter {
  const { box } = opts
  const padSide = Math.max(pad.width, pad.height)
  const cleaned = strokes.map((s) => smoothStroke(dropRepeats(s, padSide / 1000), opts.smooth))
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (const s of cleaned)
    for (const [x, y] of s) {
      minX = Math.min(minX, x)
      maxX = Math.max(maxX, x)
      minY = Math.min(minY, y)
      maxY = Math.max(maxY, y)
    }
  let scale: number
  let offX: number
  let offY: number
  if (opts.fit) {
    const inner = box * (1 - 2 * opts.margin)
    // A character smaller than a fifth of the pad is taken as a small character (丶), not
    // blown up to fill the box.
    const side = Math.max(maxX - minX, maxY - minY, padSide / 5)
    scale = inner / side
    offX = box / 2 - ((minX + maxX) / 2) * scale
    offY = box / 2 - ((minY + maxY) / 2) * scale
  } else {
    scale = box / padSide
    offX = 0
    offY = 0
  }
  const clamp = (v: number) => Math.min(box, Math.max(0, Math.round(v)))
  return {
    width: box,
    height: box,
    strokes: cleaned.map((s) =>
      s.map(([x, y]) => [clamp(x * scale + offX), clamp(y * scale + offY)] as const),
    ),
  }
}
