import { createRequire } from 'node:module'
import type { Strokes } from '../../../common/text-entry/strokes'

/**
 * Make Me a Hanzi's stroke medians (npm `hanzi-writer-data`): per character, each stroke's centre
 * line as points in a 1024-unit box with the y axis UP and the baseline at y = -124 (the SVG
 * glyphs are drawn with `scale(1, -1) translate(0, -900)`), so screen y = 900 - y.
 */
const require = createRequire(import.meta.url)

export interface HanziData {
  medians: number[][][]
}

export function hanziData(character: string): HanziData | undefined {
  try {
    return require(`hanzi-writer-data/${character}.json`) as HanziData
  } catch {
    return undefined
  }
}

/** The character's medians as pad strokes (y down) in a `side` × `side` pad. */
export function medianStrokes(character: string, side = 1024): Strokes {
  const data = hanziData(character)
  if (!data) throw new Error(`no Make Me a Hanzi data for ${character}`)
  const k = side / 1024
  return data.medians.map((s) => s.map(([x, y]) => [x! * k, (900 - y!) * k] as [number, number]))
}
