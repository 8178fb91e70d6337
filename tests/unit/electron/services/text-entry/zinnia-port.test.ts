import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { hintTables, rerank } from '../../../../../electron/services/text-entry/hints'
import { normaliseStrokes } from '../../../../../electron/services/text-entry/normalise'
import { DEBIAN_ZH_CN_MODEL } from '../../../../../electron/services/text-entry/recogniser'
import {
  zinniaFeatures,
  type ZinniaCharacter,
} from '../../../../../electron/services/text-entry/zinnia-features'
import { ZinniaModel } from '../../../../../electron/services/text-entry/zinnia-model'
import { readFixture } from '../../../../support/handwriting/evaluate'

/** Zinnia's own S-expression, as its `zinnia` CLI (Debian's zinnia-utils) reads it. */
const sexp = (value: string, c: ZinniaCharacter) =>
  `(character (value ${value}) (width ${c.width}) (height ${c.height}) (strokes ${c.strokes
    .map((s) => `(${s.map(([x, y]) => `(${x} ${y})`).join(' ')})`)
    .join(' ')}))`

/** The CLI's answers: per character, its n best as [character, score]. */
function zinniaCli(chars: ZinniaCharacter[], n: number): Array<Array<[string, number]>> {
  const dir = mkdtempSync(join(tmpdir(), 'zinnia-'))
  const file = join(dir, 'in.s')
  writeFileSync(file, chars.map((c, i) => sexp(`s${i}`, c)).join('\n') + '\n')
  const out = execFileSync('zinnia', ['-m', DEBIAN_ZH_CN_MODEL, '-n', String(n), file], {
    encoding: 'utf8',
  })
  const answers: Array<Array<[string, number]>> = []
  for (const line of out.split('\n')) {
    if (line.startsWith('Answer:')) answers.push([])
    else if (line.trim()) {
      const [ch, score] = line.split(' ')
      answers[answers.length - 1]!.push([ch!, Number(score)])
    }
  }
  return answers
}

describe('the TypeScript port of Zinnia', () => {
  let model: ZinniaModel
  beforeAll(async () => {
    model = await ZinniaModel.load(DEBIAN_ZH_CN_MODEL)
  }, 60_000)

  it('reads every character of the Debian model', () => {
    expect(model.size).toBe(6763)
    expect(model.characters.slice(0, 5).join('')).toBe('一丁七万丈')
  })

  it('gives the zinnia CLI’s candidates and scores for the same strokes', () => {
    const fixture = readFixture('test-set.json')
    const picked = fixture.samples.filter((_, i) => i % 40 === 0)
    const chars: ZinniaCharacter[] = [
      ...picked.map((s) => normaliseStrokes(s.strokes, fixture.pad)),
      // Raw, unnormalised pad coordinates in another box size, and a one-point stroke.
      {
        width: 480,
        height: 300,
        strokes: picked[0]!.strokes.map((s) => s.map(([x, y]) => [x, y] as const)),
      },
      {
        width: 100,
        height: 100,
        strokes: [
          [[50, 50]],
          [
            [10, 10],
            [90, 90],
          ],
        ],
      },
    ]
    const cli = zinniaCli(chars, 10)
    expect(cli).toHaveLength(chars.length)
    chars.forEach((c, i) => {
      const ours = model.classify(zinniaFeatures(c)!, 10)
      expect(ours.map((o) => o.character)).toEqual(cli[i]!.map(([ch]) => ch))
      // The CLI prints six significant digits.
      ours.forEach((o, k) => {
        const printed = cli[i]![k]![1]
        expect(Math.abs(o.score - printed)).toBeLessThanOrEqual(
          1e-5 * Math.max(1, Math.abs(printed)),
        )
      })
    })
  })

  it('refuses a broken or foreign model file with MODEL_BROKEN', () => {
    const good = readFileSync(DEBIAN_ZH_CN_MODEL)
    expect(() => ZinniaModel.parse(good.subarray(0, 100_000))).toThrow(
      expect.objectContaining({ code: 'MODEL_BROKEN' }),
    )
    const foreign = Buffer.from(good.subarray(0, 4096))
    foreign.writeUInt32LE(0x12345678, 0)
    expect(() => ZinniaModel.parse(foreign)).toThrow(
      expect.objectContaining({ code: 'MODEL_BROKEN' }),
    )
  })

  it('a missing model file is MODEL_MISSING', async () => {
    await expect(ZinniaModel.load('/nonexistent/x.model')).rejects.toMatchObject({
      code: 'MODEL_MISSING',
    })
  })
})

describe('field hints', () => {
  const pool = [
    { character: '孛', score: 0.12 },
    { character: '李', score: -0.21 },
    { character: '囵', score: -0.66 },
  ]
  it('put a likely name character first, and change nothing without a hint', () => {
    expect(rerank(pool, hintTables().name, 3)).toEqual(['李', '孛', '囵'])
    expect(rerank(pool, undefined, 3)).toEqual(['孛', '李', '囵'])
    const village = [
      { character: '材', score: 0.3 },
      { character: '村', score: 0.1 },
    ]
    expect(rerank(village, hintTables().address, 2)).toEqual(['村', '材'])
    expect(rerank(village, hintTables().text, 2)).toEqual(['材', '村'])
  })

  it('keep Zinnia’s first choice in the list even when likely characters fill it', () => {
    const crowded = [
      { character: '彧', score: 0.5 },
      ...Array.from('王李张刘陈', (character, i) => ({ character, score: -0.1 * i })),
    ]
    const ranked = rerank(crowded, hintTables().name, 5)
    expect(ranked).toHaveLength(5)
    expect(ranked[0]).toBe('王')
    expect(ranked).toContain('彧')
  })
})
