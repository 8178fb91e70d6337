import { STROKE_COUNTS } from './stroke-counts'

/**
 * How many strokes the resident wrote against how many the character has (Unihan
 * kTotalStrokes, stroke-counts.ts). Zinnia's own stroke-count feature weighs little: a 7-stroke
 * 张 lost to 5- and 10-stroke characters. A finger that stays down joins two strokes into one,
 * so fewer strokes than the character has costs a little (`under` per stroke), more strokes
 * than it has costs a lot (`over` per stroke). Chosen on the tuning set (top-5 with the field's
 * hint 0.937 → 0.960): `over` from 0.3 to 2 all gave the same, `under` 0.1 was best of 0–0.5.
 */
export interface StrokePrior {
  over: number
  under: number
}

export const defaultStrokePrior: StrokePrior = { over: 1, under: 0.1 }

/** Per character of the model (in its order), its stroke count; 0 where none is known. */
export function strokeCountsOf(characters: readonly string[]): Uint8Array {
  const count = new Map<string, number>()
  for (const [n, cs] of Object.entries(STROKE_COUNTS)) for (const c of cs) count.set(c, Number(n))
  return Uint8Array.from(characters, (c) => count.get(c) ?? 0)
}

/** Adds the prior to every character's score, for `written` strokes. */
export function applyStrokePrior(
  scores: Float32Array,
  counts: Uint8Array,
  written: number,
  prior: StrokePrior,
): void {
  for (let c = 0; c < scores.length; c++) {
    const expected = counts[c]!
    if (expected === 0) continue
    const d = written - expected
    if (d > 0) scores[c] = scores[c]! - prior.over * d
    else if (d < 0) scores[c] = scores[c]! + prior.under * d
  }
}
