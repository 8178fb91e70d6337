/**
 * Writes the handwriting fixtures: simulated finger-written samples (deform.ts) of the characters
 * the kiosk's fields need most, from Make Me a Hanzi's medians.
 *
 *   npx tsx tests/support/handwriting/make-fixture.ts
 *
 * - tests/fixtures/handwriting/test-set.json: one sample per character, seed "test". The
 *   accuracy test measures this set and nothing is tuned on it.
 * - tests/fixtures/handwriting/tuning-set.json: two samples per character, seed "tuning". The
 *   normalisation and the hint boost were chosen on this set.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  addressCharacters,
  commonNameCharacters,
} from '../../../electron/services/text-entry/character-lists'
import { deform, seedOf, type Pt } from './deform'
import { medianStrokes } from './medians'

export const PAD = 480

export interface HandwritingSample {
  character: string
  /** The field the character is typically written in (which hint the panel would send). */
  field: 'name' | 'address'
  strokes: Pt[][]
}

export interface HandwritingFixture {
  about: string
  seed: string
  pad: { width: number; height: number }
  samples: HandwritingSample[]
}

/** The 200 most common name characters, then the sample catalog's place characters not yet in. */
export function accuracyCharacters(): Array<{ character: string; field: 'name' | 'address' }> {
  const names = commonNameCharacters(200)
  const places = addressCharacters().filter((c) => !names.includes(c))
  return [
    ...names.map((character) => ({ character, field: 'name' as const })),
    ...places.map((character) => ({ character, field: 'address' as const })),
  ]
}

export function makeFixture(seed: string, perCharacter: number): HandwritingFixture {
  const samples: HandwritingSample[] = []
  for (const { character, field } of accuracyCharacters()) {
    const medians = medianStrokes(character, PAD) as Pt[][]
    for (let k = 0; k < perCharacter; k++) {
      samples.push({
        character,
        field,
        strokes: deform(medians, seedOf(`${seed}:${k}:${character}`), { pad: PAD }),
      })
    }
  }
  return {
    about:
      'Simulated finger writing (tests/support/handwriting/deform.ts) from Make Me a Hanzi stroke medians (npm hanzi-writer-data, Arphic Public License); made by tests/support/handwriting/make-fixture.ts',
    seed,
    pad: { width: PAD, height: PAD },
    samples,
  }
}

const here = dirname(fileURLToPath(import.meta.url))
export const fixtureDir = join(here, '../../fixtures/handwriting')

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(fixtureDir, { recursive: true })
  for (const [file, seed, n] of [
    ['test-set.json', 'test', 1],
    ['tuning-set.json', 'tuning', 2],
  ] as const) {
    const fixture = makeFixture(seed, n)
    // One sample per line: small diffs when the generator changes, still plain JSON.
    const body = fixture.samples.map((s) => JSON.stringify(s)).join(',\n')
    const head = JSON.stringify({ about: fixture.about, seed: fixture.seed, pad: fixture.pad })
    writeFileSync(join(fixtureDir, file), `${head.slice(0, -1)},"samples":[\n${body}\n]}\n`)
    console.log(`${file}: ${fixture.samples.length} samples`)
  }
}
