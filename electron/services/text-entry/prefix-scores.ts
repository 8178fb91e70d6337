import type { ZinniaFeatures } from './zinnia-features'
import type { ZinniaModel } from './zinnia-model'

/**
 * Zinnia's scores, reusing the sums of feature lists that start the same way.
 *
 * A score is a sum over the character's features in ascending key order, and the keys are
 * numbered stroke by stroke (stroke s: s·1000…, then the pen-up moves from 100000, then the
 * stroke count). Two feature lists that agree on their first p features have the same running
 * sums after them, to the bit. Two cases in every request make that common:
 * - the un-join hypotheses (joined-strokes.ts) leave every stroke before the cut as written, so
 *   they resume from the written character's sums at the cut's stroke;
 * - the pad asks again after every stroke, and while the new stroke stays inside the character's
 *   box, normalisation leaves the earlier strokes where they were: the character as written, and
 *   each hypothesis, resume from the previous request's sums before the pen-up moves.
 * Sums are kept at stroke boundaries (every one for the written character, the last for a
 * hypothesis) for the current and the previous request only: about 54 KB each.
 */

interface Scored {
  index: Int32Array
  value: Float32Array
  /** Positions p, ascending, with the running sums after the first p features. */
  marks: number[]
  sums: Float64Array[]
}

/** Features before the first pen-up move (key 100000): the strokes' own pieces. */
const PEN_UP_KEYS = 100_000

function commonPrefix(a: Scored, b: ZinniaFeatures): number {
  const n = Math.min(a.index.length, b.index.length)
  let i = 0
  // Object.is: +0 and -0 are different inputs, even if they would sum alike.
  while (i < n && a.index[i] === b.index[i] && Object.is(a.value[i], b.value[i])) i++
  return i
}

export class PrefixScores {
  private previous: Scored[] = []
  private current: Scored[] = []

  constructor(private readonly model: ZinniaModel) {}

  /** A new request: the last one's sums stay available, older ones are dropped. */
  next(): void {
    this.previous = this.current
    this.current = []
  }

  /**
   * The same scores as `model.scores(features)`. `everyStroke`: keep sums at every stroke
   * boundary (the character as written, which the hypotheses resume from); else at the last.
   */
  scores(features: ZinniaFeatures, everyStroke: boolean): Float32Array {
    let from = 0
    let source: Scored | undefined
    let upTo = 0
    for (const list of [this.current, this.previous]) {
      for (const e of list) {
        const common = commonPrefix(e, features)
        for (let k = e.marks.length - 1; k >= 0; k--) {
          if (e.marks[k]! > common) continue
          if (e.marks[k]! > from) {
            from = e.marks[k]!
            source = e
            upTo = k + 1
          }
          break
        }
      }
    }
    const entry: Scored = {
      index: features.index,
      value: features.value,
      // The source's sums up to `from` hold for this list too (shared, never written).
      marks: source ? source.marks.slice(0, upTo) : [],
      sums: source ? source.sums.slice(0, upTo) : [],
    }
    const sum = source ? source.sums[upTo - 1]!.slice() : new Float64Array(this.model.size)
    const { index } = features
    let at = from
    for (let p = from + 1; p < index.length; p++) {
      const before = index[p - 1]!
      if (before >= PEN_UP_KEYS) break
      const boundary = Math.floor(index[p]! / 1000) > Math.floor(before / 1000)
      if (!boundary || (!everyStroke && index[p]! < PEN_UP_KEYS)) continue
      this.model.accumulate(sum, features, at, p)
      entry.marks.push(p)
      entry.sums.push(sum.slice())
      at = p
    }
    this.model.accumulate(sum, features, at)
    this.current.push(entry)
    return this.model.finish(sum)
  }
}
