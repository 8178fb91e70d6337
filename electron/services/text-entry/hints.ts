import type { RecogniseHint } from '../../../common/text-entry/strokes'
import { addressCharacters, commonNameCharacters } from './character-lists'
import type { Scored } from './zinnia-model'

/**
 * Re-ranking by field. Zinnia's scores are margins of a linear classifier (the best is usually
 * between -1 and 1, the runners-up a few tenths below); a character the field is likely to hold
 * gets `boost` added before the candidates are sorted again, which in practice puts the likely
 * characters Zinnia found among its best few hundred first. Chosen on the tuning set: a boost of
 * 0.3 gained 5 points of top-1, 1.5 gained 18 (tests/support/handwriting).
 */
export interface HintTable {
  boost: number
  characters: ReadonlySet<string>
}

/** Added to a likely character's score; chosen on the tuning set (tests/support/handwriting). */
export const DEFAULT_HINT_BOOST = 1.5

/** How many of Zinnia's candidates re-ranking looks at (a likely character ranked lower is lost). */
export const RERANK_POOL = 300

export function hintTables(
  boost = DEFAULT_HINT_BOOST,
): Record<RecogniseHint, HintTable | undefined> {
  return {
    name: { boost, characters: new Set(commonNameCharacters()) },
    address: { boost, characters: new Set(addressCharacters()) },
    text: undefined,
  }
}

/**
 * The candidates, best first, after the field's re-ranking. The pool's own first choice (Zinnia's,
 * after the shape re-ranking) always stays in the list (last, if the likely characters pushed it
 * out), so a rare character the field does not expect can still be picked with one tap.
 */
export function rerank(
  scored: readonly Scored[],
  table: HintTable | undefined,
  max: number,
): string[] {
  if (!table) return scored.slice(0, max).map((s) => s.character)
  const ranked = scored
    .map((s, i) => ({
      c: s.character,
      i,
      score: s.score + (table.characters.has(s.character) ? table.boost : 0),
    }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, max)
    .map((s) => s.c)
  const first = scored[0]?.character
  if (first !== undefined && !ranked.includes(first)) ranked[ranked.length - 1] = first
  return ranked
}
