import type { RecogniseHint } from '../../../common/text-entry/strokes'
import { addressCharacters, commonNameCharacters } from './character-lists'
import type { Scored } from './zinnia-model'

/**
 * Re-ranking by field. Zinnia's scores are margins of a linear classifier (the best is usually
 * between -1 and 1, the runners-up a few tenths below); a character the field is likely to hold
 * gets `boost` added before the candidates are sorted again. Other characters stay in the list
 * (a rare surname must still be writable), just after the likely ones that scored about as well.
 */
export interface HintTable {
  boost: number
  characters: ReadonlySet<string>
}

/** Added to a likely character's score; chosen on the tuning set (tests/support/handwriting). */
export const DEFAULT_HINT_BOOST = 0.3

/** How many of Zinnia's candidates re-ranking looks at. */
export const RERANK_POOL = 50

export function hintTables(
  boost = DEFAULT_HINT_BOOST,
): Record<RecogniseHint, HintTable | undefined> {
  return {
    name: { boost, characters: new Set(commonNameCharacters()) },
    address: { boost, characters: new Set(addressCharacters()) },
    text: undefined,
  }
}

/** The candidates, best first, after the field's re-ranking. */
export function rerank(
  scored: readonly Scored[],
  table: HintTable | undefined,
  max: number,
): string[] {
  const ranked = table
    ? scored
        .map((s, i) => ({
          ...s,
          i,
          score: s.score + (table.characters.has(s.character) ? table.boost : 0),
        }))
        .sort((a, b) => b.score - a.score || a.i - b.i)
    : scored
  return ranked.slice(0, max).map((s) => s.character)
}
