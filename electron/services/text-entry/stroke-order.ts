import { zinniaParts, type ZinniaCharacter, type ZinniaFeatures } from './zinnia-features'
import type { ZinniaModel } from './zinnia-model'

/**
 * Strokes in another order. Zinnia's features are numbered by stroke, and its model holds one
 * sample per character (Tomoe's), written in one order: where that order is not the one the
 * resident learnt (Tomoe's 山 区 卢 水 are), the character is not found however well it is
 * written. So the recogniser also reads the strokes in other orders, each character keeping
 * its best reading minus a penalty, like the un-join readings.
 *
 * Which orders: every order of a character of up to `allOrdersUpTo` strokes, and for longer
 * ones every order with one stroke moved by up to `moveBy` places (1: two neighbouring strokes
 * swapped), by one place only from `longFrom` strokes on.
 *
 * How it stays cheap: Zinnia's score is linear, a sum over the character's features, and a
 * stroke's pieces and a pen-up move have the same values wherever they stand in the order (only
 * their keys move by 1000 a position). So each piece of the sum, "stroke s at position p" and
 * "move from a to b leading to position p", is scored once for all characters, and an order's
 * score is a handful of additions per character. The sums are added in another order than
 * Zinnia's, so a reordered reading's score can differ from Zinnia's for those strokes in the
 * last bits; and where a stroke fills Zinnia's 51st tree slot (key position · 1000 + 1000…)
 * Zinnia drops the next stroke's first piece, which is not done here (rare, a heuristic
 * reading either way). The strokes as written are always scored by Zinnia's own path.
 */
export interface ReorderOptions {
  /** Every order is read for characters of at most this many strokes (0: none). */
  allOrdersUpTo: number
  /** For longer characters, every order with one stroke moved by up to this many places. */
  moveBy: number
  /** From this many strokes on, one stroke is moved by one place only (cost grows with length). */
  longFrom: number
  /** No other order is read for characters of more strokes than this (latency). */
  upTo: number
  /** Taken off a character's score when it only fits with its strokes in another order. */
  penalty: number
}

/** The orders read besides the one written (which is never among them). */
export function reorderings(n: number, opts: ReorderOptions): number[][] {
  if (n < 2 || n > opts.upTo) return []
  if (n <= opts.allOrdersUpTo) {
    const out: number[][] = []
    const walk = (order: number[], rest: number[]) => {
      if (rest.length === 0) {
        if (order.some((s, i) => s !== i)) out.push(order)
        return
      }
      for (const s of rest)
        walk(
          [...order, s],
          rest.filter((r) => r !== s),
        )
    }
    walk(
      [],
      Array.from({ length: n }, (_, i) => i),
    )
    return out
  }
  const by = n >= opts.longFrom ? Math.min(1, opts.moveBy) : opts.moveBy
  const seen = new Set<string>()
  const out: number[][] = []
  for (let from = 0; from < n; from++)
    for (let to = Math.max(0, from - by); to <= Math.min(n - 1, from + by); to++) {
      if (to === from) continue
      const order = Array.from({ length: n }, (_, k) => k).filter((k) => k !== from)
      order.splice(to, 0, from)
      const key = order.join(',')
      if (!seen.has(key)) out.push(order)
      seen.add(key)
    }
  return out
}

const shifted = (f: ZinniaFeatures, by: number): ZinniaFeatures => ({
  index: f.index.map((k) => k + by),
  value: f.value,
})

/**
 * The best score per character of the strokes read in other orders. The terms are kept for the
 * current and the previous request, keyed by what they are computed from (a stroke's points
 * and position; a move's two end points and position): the pad asks again after every stroke,
 * and while the new stroke stays inside the character's box the earlier strokes normalise to
 * the same points, so their terms are taken over instead of scored again.
 */
export class OrderScorer {
  private previous = new Map<string, Float64Array>()
  private current = new Map<string, Float64Array>()

  constructor(private readonly model: ZinniaModel) {}

  /** A new request: the last one's terms stay available, older ones are dropped. */
  next(): void {
    this.previous = this.current
    this.current = new Map()
  }

  private term(key: string, features: () => ZinniaFeatures): Float64Array {
    let sum = this.current.get(key) ?? this.previous.get(key)
    if (!sum) {
      sum = new Float64Array(this.model.size)
      this.model.accumulate(sum, features(), 0)
    }
    this.current.set(key, sum)
    return sum
  }

  /**
   * Per character of the model, the best score of the strokes read in any of `orders` (from
   * `reorderings`); undefined where there is no order to read.
   */
  scores(character: ZinniaCharacter, orders: readonly number[][]): Float32Array | undefined {
    if (orders.length === 0) return undefined
    const parts = zinniaParts(character)
    if (!parts) return undefined
    const size = this.model.size
    const strokeKey = character.strokes.map((s) => s.join(';'))
    const end = (s: number) => character.strokes[s]![character.strokes[s]!.length - 1]!.join(',')
    const start = (s: number) => character.strokes[s]![0]!.join(',')
    const n = character.strokes.length
    const piece = (p: number, s: number) =>
      this.term(`s${p}:${strokeKey[s]}`, () => shifted(parts.strokes[s]!, p * 1000))
    const move = (p: number, a: number, s: number) =>
      this.term(`m${p}:${end(a)}>${start(s)}`, () => shifted(parts.move(a, s), 100000 + p * 1000))
    // The strokes as written, term by term; an order then only swaps the terms it changes (a
    // stroke moved by a place or two changes a few, whatever the length of the character).
    const written = this.term(`n${n}`, () => parts.shared).slice()
    const add = (to: Float64Array, term: Float64Array, sign: 1 | -1) => {
      if (sign > 0) for (let c = 0; c < size; c++) to[c]! += term[c]!
      else for (let c = 0; c < size; c++) to[c]! -= term[c]!
    }
    for (let p = 0; p < n; p++) {
      add(written, piece(p, p), 1)
      if (p > 0) add(written, move(p, p - 1, p), 1)
    }
    const best = new Float64Array(size).fill(-Infinity)
    const total = new Float64Array(size)
    for (const order of orders) {
      let lo = 0
      while (order[lo] === lo) lo++
      let hi = n - 1
      while (order[hi] === hi) hi--
      total.set(written)
      for (let p = lo; p <= hi; p++) {
        add(total, piece(p, p), -1)
        add(total, piece(p, order[p]!), 1)
      }
      // Moves into the changed places and the one after them.
      for (let p = Math.max(1, lo); p <= Math.min(n - 1, hi + 1); p++) {
        add(total, move(p, p - 1, p), -1)
        add(total, move(p, order[p - 1]!, order[p]!), 1)
      }
      for (let c = 0; c < size; c++) if (total[c]! > best[c]!) best[c] = total[c]!
    }
    return this.model.finish(best)
  }
}

/** `OrderScorer.scores` without keeping anything between calls. */
export function reorderedScores(
  model: ZinniaModel,
  character: ZinniaCharacter,
  orders: readonly number[][],
): Float32Array | undefined {
  return new OrderScorer(model).scores(character, orders)
}
