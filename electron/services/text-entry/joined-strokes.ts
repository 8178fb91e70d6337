import type { ZinniaCharacter } from './zinnia-features'

/**
 * Strokes run together. Zinnia's features are numbered by stroke, and its model was trained on
 * characters written stroke by stroke: when a resident's finger stays down from the end of one
 * stroke to the start of the next, every later stroke is read as another one and the character
 * is lost. So the recogniser also tries the character with one pen-down "connector" taken out.
 *
 * A connector is a straight piece of a stroke between two of its corners, never its first or
 * last piece (the strokes it joins have some length each). Corners are found as Zinnia finds its
 * pieces: split where the path is farthest from the chord, while that is over `tolerance`.
 */

type Pt = readonly [number, number]

function corners(stroke: readonly Pt[], tolerance: number): number[] {
  const out = new Set<number>([0, stroke.length - 1])
  const split = (a: number, b: number) => {
    if (b - a < 2) return
    const [ax, ay] = stroke[a]!
    const [bx, by] = stroke[b]!
    const len = Math.hypot(bx - ax, by - ay)
    let best = -1
    let far = -1
    for (let i = a + 1; i < b; i++) {
      const [x, y] = stroke[i]!
      const d =
        len > 0
          ? Math.abs((bx - ax) * (ay - y) - (ax - x) * (by - ay)) / len
          : Math.hypot(x - ax, y - ay)
      if (d > far) {
        far = d
        best = i
      }
    }
    if (far > tolerance) {
      out.add(best)
      split(a, best)
      split(best, b)
    }
  }
  split(0, stroke.length - 1)
  return [...out].sort((x, y) => x - y)
}

export interface Unjoined {
  character: ZinniaCharacter
  /** Which connector was taken out: [stroke, first point, last point]. */
  cut: [number, number, number]
}

/**
 * The character with one connector taken out, for every candidate connector (longest first, at
 * most `limit`).
 */
export function unjoinHypotheses(
  character: ZinniaCharacter,
  opts: { tolerance: number; limit: number; minLength: number },
): Unjoined[] {
  const cuts: Array<{ cut: [number, number, number]; length: number }> = []
  character.strokes.forEach((stroke, s) => {
    const c = corners(stroke, opts.tolerance)
    for (let k = 1; k + 2 < c.length; k++) {
      const a = c[k]!
      const b = c[k + 1]!
      const length = Math.hypot(stroke[b]![0] - stroke[a]![0], stroke[b]![1] - stroke[a]![1])
      if (length >= opts.minLength) cuts.push({ cut: [s, a, b], length })
    }
  })
  cuts.sort((x, y) => y.length - x.length)
  return cuts.slice(0, opts.limit).map(({ cut }) => {
    const [s, a, b] = cut
    const strokes = character.strokes.flatMap((stroke, i) =>
      i === s ? [stroke.slice(0, a + 1), stroke.slice(b)] : [stroke],
    )
    return { character: { ...character, strokes }, cut }
  })
}
