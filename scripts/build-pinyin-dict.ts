/**
 * Builds the kiosk's pinyin dictionary (renderer/src/ui/text-entry/pinyin/dict.txt) from jieba's
 * word-frequency list (npm `jieba-js`, dict/dict.txt.big, MIT data) and `pinyin-pro` (readings in
 * context, so 银行 is yin hang and 行走 xing zou). Run: `npx tsx scripts/build-pinyin-dict.ts`.
 *
 * Only GB 2312 characters (the 6 763 simplified hanzi every IME ships) are kept, which also drops
 * jieba's traditional-script duplicates. Output: one entry a line, most frequent first,
 * `word<TAB>syllables` (syllables separated by spaces, ü written v): the line number is the rank.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, resolve } from 'node:path'
import iconv from 'iconv-lite'
import { pinyin } from 'pinyin-pro'

const require = createRequire(import.meta.url)
const source = resolve(dirname(require.resolve('jieba-js/package.json')), 'dict/dict.txt.big')
const out = resolve(import.meta.dirname, '../renderer/src/ui/text-entry/pinyin/dict.txt')
const WORDS = 60_000 // multi-character words kept, by frequency

/** A GB 2312 hanzi: GBK bytes with lead 0xB0–0xF7 and trail 0xA1–0xFE. */
function isGb2312Hanzi(ch: string): boolean {
  const b = iconv.encode(ch, 'gbk')
  return b.length === 2 && b[0]! >= 0xb0 && b[0]! <= 0xf7 && b[1]! >= 0xa1 && b[1]! <= 0xfe
}

const toneless = (s: string) => s.replace(/ü/g, 'v')
const entries: { word: string; py: string; freq: number }[] = []
const seen = new Set<string>()
const chars = new Map<string, number>()

for (const line of readFileSync(source, 'utf8').split('\n')) {
  const [word, f] = line.split(' ')
  if (!word || !f) continue
  const freq = Number(f)
  const list = [...word]
  if (!list.every(isGb2312Hanzi)) continue
  if (list.length === 1) {
    chars.set(word, Math.max(freq, chars.get(word) ?? 0))
    continue
  }
  if (list.length > 4 || seen.has(word)) continue
  seen.add(word)
  const py = (pinyin(word, { toneType: 'none', type: 'array', v: true }) as string[]).map(toneless)
  if (py.some((s) => !/^[a-z]+$/.test(s))) continue
  entries.push({ word, py: py.join(' '), freq })
}
entries.sort((a, b) => b.freq - a.freq)
const words = entries.slice(0, WORDS)

// Every GB 2312 character, with every reading; a secondary reading ranks lower (了 is le first).
for (let lead = 0xb0; lead <= 0xf7; lead++)
  for (let trail = 0xa1; trail <= 0xfe; trail++) {
    const ch = iconv.decode(Buffer.from([lead, trail]), 'gbk')
    if (isGb2312Hanzi(ch) && !chars.has(ch)) chars.set(ch, 0)
  }
const singles: { word: string; py: string; freq: number }[] = []
for (const [ch, freq] of chars) {
  const readings = [
    ...new Set(
      (pinyin(ch, { toneType: 'none', type: 'array', multiple: true, v: true }) as string[]).map(
        toneless,
      ),
    ),
  ].filter((s) => /^[a-z]+$/.test(s))
  readings.forEach((py, i) => singles.push({ word: ch, py, freq: (freq + 1) / (i === 0 ? 1 : 20) }))
}
singles.sort((a, b) => b.freq - a.freq)

const all = [...words, ...singles].sort((a, b) => b.freq - a.freq)
writeFileSync(out, all.map((e) => `${e.word}\t${e.py}`).join('\n') + '\n')
console.log(`${words.length} words, ${chars.size} characters, ${singles.length} readings → ${out}`)
