/**
 * Tone-less pinyin → candidates, over the dictionary built by scripts/build-pinyin-dict.ts
 * (`word<TAB>syllables` a line, most frequent first). Pure and synchronous: the panel loads the
 * dictionary text lazily and keeps one index for the page's life.
 *
 * Ranking: words (词) that read the whole input, most frequent first; then single characters (单字)
 * of a one-syllable input; then words with an unfinished last syllable ("zhongg" already offers
 * 中国); then words for a leading part of the input (the rest stays typed for the next pick); then
 * characters of the first syllable.
 */

export interface PinyinIndex {
  /** Entries in rank order. */
  words: string[]
  /** "zhong guo" → entry numbers, ascending (= most frequent first). */
  byKey: Map<string, number[]>
  /** Every syllable prefix ("zh", "zho") → the syllables it can start. */
  completions: Map<string, string[]>
  syllables: Set<string>
}

export interface PinyinCandidate {
  text: string
  /** How many letters of the input this candidate stands for. */
  consumed: number
}

export function parseDictionary(text: string): PinyinIndex {
  const words: string[] = []
  const byKey = new Map<string, number[]>()
  const syllables = new Set<string>()
  for (const line of text.split('\n')) {
    const tab = line.indexOf('\t')
    if (tab < 0) continue
    const key = line.slice(tab + 1)
    const i = words.push(line.slice(0, tab)) - 1
    const list = byKey.get(key)
    if (list) list.push(i)
    else byKey.set(key, [i])
    if (!key.includes(' ')) syllables.add(key)
  }
  const completions = new Map<string, string[]>()
  for (const s of syllables)
    for (let n = 1; n <= s.length; n++) {
      const p = s.slice(0, n)
      const list = completions.get(p)
      if (list) list.push(s)
      else completions.set(p, [s])
    }
  return { words, byKey, completions, syllables }
}

/** A split of the input into syllables; the last piece may be the start of one. */
interface Split {
  pieces: string[]
  lastComplete: boolean
  /** The pieces stop where no syllable fits; letters after them are left over. */
  partial?: boolean
}

const MAX_SPLITS = 24

function splits(index: PinyinIndex, input: string): Split[] {
  const out: Split[] = []
  const walk = (at: number, pieces: string[]) => {
    if (out.length >= MAX_SPLITS) return
    if (at === input.length) {
      out.push({ pieces, lastComplete: true })
      return
    }
    const rest = input.slice(at)
    let any = false
    for (let n = Math.min(6, rest.length); n >= 1; n--) {
      const piece = rest.slice(0, n)
      if (index.syllables.has(piece)) {
        any = true
        walk(at + n, [...pieces, piece])
      }
    }
    // An unfinished final syllable ("zhongg" → zhong + g…).
    if (index.completions.has(rest) && !index.syllables.has(rest))
      out.push({ pieces: [...pieces, rest], lastComplete: false })
    else if (!any && pieces.length > 0) out.push({ pieces, lastComplete: true, partial: true })
  }
  walk(0, [])
  return out
}

function keysFor(index: PinyinIndex, pieces: string[], complete: boolean): string[] {
  if (complete) return [pieces.join(' ')]
  const head = pieces.slice(0, -1).join(' ')
  const last = pieces[pieces.length - 1] ?? ''
  return (index.completions.get(last) ?? []).map((s) => (head ? `${head} ${s}` : s))
}

/** Candidates for the typed letters (a–z, tone-less; ü as v), best first, without duplicates. */
export function pinyinCandidates(index: PinyinIndex, typed: string): PinyinCandidate[] {
  const input = typed.toLowerCase().replace(/[^a-z]/g, '')
  if (!input) return []
  // Tiers, best first: 4 words that read the whole input as whole syllables ("women" 我们);
  // 3 the characters of a whole-input syllable ("fang" 方); 2 words whose last syllable is
  // unfinished ("zhongg" 中国, "fang" as fan-g… 反感); 1 words for a leading part; 0 characters of
  // a leading syllable. Within a tier: more letters used, then frequency.
  const found: { tier: number; rank: number; consumed: number }[] = []
  for (const s of splits(index, input)) {
    let letters = s.pieces.reduce((n, p) => n + p.length, 0)
    for (let k = s.pieces.length; k >= 1; k--) {
      const pieces = s.pieces.slice(0, k)
      const whole = k === s.pieces.length && !s.partial
      const complete = k < s.pieces.length || s.lastComplete
      const tier = k === 1 ? (whole && complete ? 3 : 0) : whole ? (complete ? 4 : 2) : 1
      for (const key of keysFor(index, pieces, complete))
        for (const rank of index.byKey.get(key) ?? []) found.push({ tier, rank, consumed: letters })
      letters -= s.pieces[k - 1]?.length ?? 0
    }
  }
  found.sort((a, b) => b.tier - a.tier || b.consumed - a.consumed || a.rank - b.rank)
  const seen = new Set<string>()
  const out: PinyinCandidate[] = []
  for (const f of found) {
    const text = index.words[f.rank] ?? ''
    if (seen.has(text)) continue
    seen.add(text)
    out.push({ text, consumed: f.consumed })
  }
  return out
}
