/**
 * Zinnia's feature extraction (feature.cpp of Zinnia 0.06), re-implemented in TypeScript so the
 * kiosk reads the Debian Simplified Chinese model without a native module.
 *
 * Zinnia approximates each stroke by a polyline: it splits the stroke recursively at the point
 * farthest from the chord (until that point is within √0.001 of the box), numbering the pieces
 * as a binary tree (root 0, children 2i+1 and 2i+2). Each piece, and each pen-up move between
 * strokes, becomes twelve numbers (length, angle, end positions…), keyed by stroke and piece;
 * the stroke count is one more key. The model is a linear classifier over those keys.
 *
 * Zinnia computes in 32-bit floats; every step here is rounded with Math.fround the way the C++
 * rounds it (float products, double literals such as 0.5), so scores match the C library's to
 * float precision (checked against the `zinnia` CLI in tests/unit/electron/services/text-entry).
 */

const f = Math.fround

/** A character the way Zinnia's `Character` holds it: integer points in a width × height box. */
export interface ZinniaCharacter {
  width: number
  height: number
  /** Strokes of integer `[x, y]` points, y down. */
  strokes: ReadonlyArray<ReadonlyArray<readonly [number, number]>>
}

/** Sorted feature keys and their values (float32), without Zinnia's -1 terminator. */
export interface ZinniaFeatures {
  index: Int32Array
  value: Float32Array
}

interface Pt {
  x: number
  y: number
}

/** Zinnia keeps at most this many pieces (tree slots 0..50) per stroke. */
const MAX_PIECES = 50
/** Squared distance from the chord, in box units, above which a piece is split. */
const SPLIT_ERROR = f(0.001)

function distance(a: Pt, b: Pt): number {
  const x = f(a.x - b.x)
  const y = f(a.y - b.y)
  return f(Math.sqrt(f(f(x * x) + f(y * y))))
}

function distanceFromCentre(a: Pt): number {
  const x = f(a.x - 0.5)
  const y = f(a.y - 0.5)
  return f(Math.sqrt(f(f(x * x) + f(y * y))))
}

/**
 * The squared distance (over the chord's squared length) of the point of `pts[first..last)`
 * farthest from the chord first→last, and that point's index.
 */
function farthestFromChord(pts: Pt[], first: number, last: number): [number, number] {
  if (first === last) return [0, -1]
  const p = pts[first]!
  const q = pts[last]!
  const a = f(q.x - p.x)
  const b = f(q.y - p.y)
  const c = f(f(q.y * p.x) - f(q.x * p.y))
  let max = -1
  let best = -1
  for (let i = first; i !== last; i++) {
    const n = pts[i]!
    const dist = Math.abs(f(f(f(a * n.y) - f(b * n.x)) + c))
    if (dist > max) {
      max = dist
      best = i
    }
  }
  return [f(f(max * max) / f(f(a * a) + f(b * b))), best]
}

/** Fills `pieces[id]` with [first, last] and recurses into the two halves, like getVertex. */
function splitStroke(
  pts: Pt[],
  first: number,
  last: number,
  id: number,
  pieces: Array<[number, number] | undefined>,
) {
  while (pieces.length <= id) pieces.push(undefined)
  pieces[id] = [first, last]
  const [dist, best] = farthestFromChord(pts, first, last)
  if (dist > SPLIT_ERROR) {
    splitStroke(pts, first, best, id * 2 + 1, pieces)
    splitStroke(pts, best, last, id * 2 + 2, pieces)
  }
}

class FeatureList {
  readonly keys: number[] = []
  readonly values: number[] = []
  add(index: number, value: number) {
    this.keys.push(index)
    this.values.push(f(value))
  }

  /** The twelve numbers Zinnia derives from one piece (or one pen-up move). */
  addBasic(offset: number, p: Pt, q: Pt) {
    this.add(offset + 1, f(10 * distance(p, q)))
    this.add(offset + 2, Math.atan2(f(q.y - p.y), f(q.x - p.x)))
    this.add(offset + 3, 10 * (p.x - 0.5))
    this.add(offset + 4, 10 * (p.y - 0.5))
    this.add(offset + 5, 10 * (q.x - 0.5))
    this.add(offset + 6, 10 * (q.y - 0.5))
    this.add(offset + 7, Math.atan2(p.y - 0.5, p.x - 0.5))
    this.add(offset + 8, Math.atan2(q.y - 0.5, q.x - 0.5))
    this.add(offset + 9, f(10 * distanceFromCentre(p)))
    this.add(offset + 10, f(10 * distanceFromCentre(q)))
    this.add(offset + 11, f(5 * f(q.x - p.x)))
    this.add(offset + 12, f(5 * f(q.y - p.y)))
  }
}

function strokePoints(
  stroke: ReadonlyArray<readonly [number, number]>,
  width: number,
  height: number,
): Pt[] {
  return stroke.map(([x, y]) => ({ x: f(x / width), y: f(y / height) }))
}

function addPieces(list: FeatureList, pts: Pt[], offset: number) {
  const pieces: Array<[number, number] | undefined> = []
  splitStroke(pts, 0, pts.length - 1, 0, pieces)
  for (let i = 0; i < pieces.length && i <= MAX_PIECES; i++) {
    const piece = pieces[i]
    if (piece) list.addBasic(offset + 20 * i, pts[piece[0]]!, pts[piece[1]]!)
  }
}

/** Zinnia's features of one character, or null where Zinnia refuses it (empty box or stroke). */
export function zinniaFeatures(character: ZinniaCharacter): ZinniaFeatures | null {
  const { width, height, strokes } = character
  if (width <= 0 || height <= 0 || strokes.length === 0) return null
  if (strokes.some((s) => s.length === 0)) return null
  const list = new FeatureList()
  list.add(0, 1) // bias term
  let prevLast: Pt | undefined
  strokes.forEach((stroke, sid) => {
    const pts = strokePoints(stroke, width, height)
    addPieces(list, pts, sid * 1000)
    if (prevLast) list.addBasic(100000 + sid * 1000, prevLast, pts[0]!)
    prevLast = pts[pts.length - 1]!
  })
  list.add(2000000, strokes.length)
  list.add(2000000 + strokes.length, 10)
  // Stable, so of two equal keys (slot 50 of one stroke meets slot 0 of the next) the first
  // added comes first, and Zinnia's merge in dot() only ever uses the first.
  const order = list.keys.map((_, i) => i).sort((a, b) => list.keys[a]! - list.keys[b]! || a - b)
  return {
    index: Int32Array.from(order, (i) => list.keys[i]!),
    value: Float32Array.from(order, (i) => list.values[i]!),
  }
}

/**
 * Zinnia's features of a character taken apart, for scoring its strokes in other orders
 * (stroke-order.ts): a feature list is the bias term, then each stroke's pieces keyed by its
 * position (position · 1000 + …), then each pen-up move keyed by the position it leads to
 * (100000 + position · 1000 + …), then the stroke count. Pieces and moves are given here with
 * keys as if at position 0; their values do not depend on the position.
 */
export interface ZinniaParts {
  /** Per stroke, its pieces' features. */
  strokes: ZinniaFeatures[]
  /** The pen-up move from the end of stroke a to the start of stroke b: `move(a, b)`. */
  move(a: number, b: number): ZinniaFeatures
  /** The bias term and the stroke-count keys, which every order shares. */
  shared: ZinniaFeatures
}

const toFeatures = (list: FeatureList): ZinniaFeatures => ({
  index: Int32Array.from(list.keys),
  value: Float32Array.from(list.values),
})

export function zinniaParts(character: ZinniaCharacter): ZinniaParts | null {
  const { width, height, strokes } = character
  if (width <= 0 || height <= 0 || strokes.length === 0) return null
  if (strokes.some((s) => s.length === 0)) return null
  const pts = strokes.map((s) => strokePoints(s, width, height))
  const shared = new FeatureList()
  shared.add(0, 1)
  shared.add(2000000, strokes.length)
  shared.add(2000000 + strokes.length, 10)
  return {
    strokes: pts.map((p) => {
      const list = new FeatureList()
      addPieces(list, p, 0)
      // Pieces are added tree slot by slot, i.e. in ascending key order already.
      return toFeatures(list)
    }),
    move(a, b) {
      const list = new FeatureList()
      const from = pts[a]!
      list.addBasic(0, from[from.length - 1]!, pts[b]![0]!)
      return toFeatures(list)
    },
    shared: toFeatures(shared),
  }
}
