import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  parseDictionary,
  pinyinCandidates,
  type PinyinIndex,
} from '../../../../../../renderer/src/ui/text-entry/pinyin/engine'
import { PINYIN_PAGE_SIZE } from '../../../../../../renderer/src/ui/text-entry/pinyin/paging'

const text = readFileSync(
  resolve(import.meta.dirname, '../../../../../../renderer/src/ui/text-entry/pinyin/dict.txt'),
  'utf8',
)
let index: PinyinIndex
beforeAll(() => {
  index = parseDictionary(text)
})

const firstPage = (typed: string) =>
  pinyinCandidates(index, typed)
    .slice(0, PINYIN_PAGE_SIZE)
    .map((c) => c.text)

describe('pinyin candidates', () => {
  it('puts ≥ 95 % of the 500 most common words on the first page when their pinyin is typed', () => {
    const common = text
      .split('\n')
      .map((l) => l.split('\t') as [string, string])
      .filter(([w]) => w && [...w].length > 1)
      .slice(0, 500)
    expect(common).toHaveLength(500)
    const missed = common.filter(([w, py]) => !firstPage(py.replace(/ /g, '')).includes(w))
    const share = 1 - missed.length / common.length
    console.log(
      `first page: ${(share * 100).toFixed(1)} %; missed: ${missed.map((m) => m[0]).join(' ')}`,
    )
    expect(share).toBeGreaterThanOrEqual(0.95)
  })

  it('offers words before single characters, and tone-less input works', () => {
    const c = firstPage('zhongguo')
    expect(c[0]).toBe('中国')
    expect(c).toContain('中')
    expect(c.indexOf('中国')).toBeLessThan(c.indexOf('中'))
  })

  it('offers the characters of a whole syllable before words read with an unfinished one', () => {
    // "fang" is 方/放/房…, not fan + g… (反感): those come after.
    const c = firstPage('fang')
    expect(c.slice(0, 3)).toEqual(expect.arrayContaining(['方']))
    expect(c).not.toContain('反感')
  })

  it('offers a word for an unfinished last syllable, and ü as v', () => {
    expect(firstPage('zhongg')).toContain('中国')
    expect(firstPage('nv')).toContain('女')
  })

  it('picks a word that uses part of the input and says how many letters it used', () => {
    const c = pinyinCandidates(index, 'wangxiaoming')
    const wang = c.find((x) => x.text === '王')
    expect(wang?.consumed).toBe(4)
  })

  it('ignores what is not a letter and answers nothing for nothing', () => {
    expect(pinyinCandidates(index, '')).toEqual([])
    expect(firstPage("xi'an")[0]).toBe('西安')
  })
})
