import { readFile } from 'node:fs/promises'
import type { ZinniaFeatures } from './zinnia-features'

/**
 * Reader and scorer for Zinnia's binary model (recognizer.cpp of Zinnia 0.06), as Debian's
 * `tegaki-zinnia-simplified-chinese` ships it.
 *
 * File layout, little-endian: magic (u32, XOR-ed with the file size), version (u32, 1), count
 * (u32); then per character: its UTF-8 text in 16 NUL-padded bytes, a bias (f32), and the
 * weights as (key i32, weight f32) pairs sorted by key, ended by key -1.
 *
 * The score of a character is bias + Σ weight·feature over the keys both share (products in
 * float, summed in double in ascending key order, the total rounded to float: as Zinnia does).
 * The weights are held inverted, per feature key (about 4,700 keys for this model), so a query
 * only touches the postings of the keys its strokes produced instead of all 3.3 million weights;
 * as the query's keys are visited in ascending order, each character's sum is built in exactly
 * the order of Zinnia's merge, and the scores are the same bit for bit.
 */

const MAGIC = 0x0ef71821
const VERSION = 1
const CHAR_BYTES = 16
/**
 * A key at least this share of the characters have is held as a full row of weights: walking a
 * row costs about 60 % of walking as many postings (measured on this model).
 */
const DENSE_SHARE = 0.6

export type ZinniaModelErrorCode = 'MODEL_MISSING' | 'MODEL_BROKEN'

export class ZinniaModelError extends Error {
  override readonly name = 'ZinniaModelError'
  constructor(
    readonly code: ZinniaModelErrorCode,
    message: string,
  ) {
    super(message)
  }
}

export interface Scored {
  character: string
  score: number
}

export class ZinniaModel {
  private constructor(
    /** The characters, in file order. */
    readonly characters: readonly string[],
    private readonly bias: Float32Array,
    /** Model key → its postings: [postStart[d], postStart[d + 1]) of postChar/postWeight. */
    private readonly denseKey: Map<number, number>,
    private readonly postStart: Uint32Array,
    private readonly postChar: Uint16Array,
    private readonly postWeight: Float32Array,
    /** Keys most characters have: row[d] ≥ 0 is their weight row in `rowWeight` (else -1). */
    private readonly row: Int32Array,
    private readonly rowWeight: Float32Array,
  ) {}

  static async load(path: string): Promise<ZinniaModel> {
    let file: Buffer
    try {
      file = await readFile(path)
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      throw new ZinniaModelError(
        'MODEL_MISSING',
        `cannot read the handwriting model ${path}: ${code ?? e}`,
      )
    }
    return ZinniaModel.parse(file, path)
  }

  static parse(file: Uint8Array, name = 'model'): ZinniaModel {
    const broken = (why: string) => new ZinniaModelError('MODEL_BROKEN', `${name}: ${why}`)
    const view = new DataView(file.buffer, file.byteOffset, file.byteLength)
    const size = file.byteLength
    if (size < 12 || size % 4 !== 0) throw broken('too short or not a whole number of words')
    if ((view.getUint32(0, true) ^ MAGIC) >>> 0 !== size) throw broken('bad magic number')
    const version = view.getUint32(4, true)
    if (version !== VERSION) throw broken(`incompatible version ${version}`)
    const count = view.getUint32(8, true)
    if (count === 0 || count > 0xffff || count > size / (CHAR_BYTES + 12)) {
      throw broken(`bad character count ${count}`)
    }

    // First pass: characters, biases, where each record's weights start, postings per key.
    const decoder = new TextDecoder('utf-8', { fatal: true })
    const characters: string[] = []
    const bias = new Float32Array(count)
    const recordAt = new Uint32Array(count)
    const denseKey = new Map<number, number>()
    const perKey: number[] = []
    let p = 12
    for (let i = 0; i < count; i++) {
      if (p + CHAR_BYTES + 4 + 8 > size) throw broken('truncated')
      const raw = file.subarray(p, p + CHAR_BYTES)
      const nul = raw.indexOf(0)
      try {
        characters.push(decoder.decode(raw.subarray(0, nul < 0 ? CHAR_BYTES : nul)))
      } catch {
        throw broken(`character ${i} is not UTF-8`)
      }
      bias[i] = view.getFloat32(p + CHAR_BYTES, true)
      p += CHAR_BYTES + 4
      recordAt[i] = p
      let prev = -1
      for (;;) {
        if (p + 8 > size) throw broken('truncated weights')
        const key = view.getInt32(p, true)
        if (key === -1) break
        // Zinnia's merge in dot() assumes sorted keys; a file that breaks that is not one it wrote.
        if (key <= prev) throw broken(`keys of character ${i} are not sorted`)
        if (!Number.isFinite(view.getFloat32(p + 4, true)))
          throw broken(`weight of character ${i} is not finite`)
        prev = key
        let d = denseKey.get(key)
        if (d === undefined) {
          denseKey.set(key, (d = perKey.length))
          perKey.push(0)
        }
        perKey[d]!++
        p += 8
      }
      p += 8
    }
    if (p !== size) throw broken('size of model file is invalid')

    // Second pass: the postings, key by key, characters in file order. A key most characters
    // have gets a full row instead (0 where a character lacks it: adding 0 leaves a sum as it
    // is), about as much memory, and scoring walks it without an index per weight.
    const row = new Int32Array(perKey.length).fill(-1)
    let rows = 0
    for (let d = 0; d < perKey.length; d++) if (perKey[d]! >= DENSE_SHARE * count) row[d] = rows++
    const postStart = new Uint32Array(perKey.length + 1)
    for (let d = 0; d < perKey.length; d++)
      postStart[d + 1] = postStart[d]! + (row[d]! < 0 ? perKey[d]! : 0)
    const fill = postStart.slice(0, perKey.length)
    const postChar = new Uint16Array(postStart[perKey.length]!)
    const postWeight = new Float32Array(postChar.length)
    const rowWeight = new Float32Array(rows * count)
    for (let i = 0; i < count; i++) {
      for (let q = recordAt[i]!; ; q += 8) {
        const key = view.getInt32(q, true)
        if (key === -1) break
        const d = denseKey.get(key)!
        const weight = view.getFloat32(q + 4, true)
        if (row[d]! >= 0) {
          rowWeight[row[d]! * count + i] = weight
        } else {
          const at = fill[d]!++
          postChar[at] = i
          postWeight[at] = weight
        }
      }
    }
    return new ZinniaModel(
      characters,
      bias,
      denseKey,
      postStart,
      postChar,
      postWeight,
      row,
      rowWeight,
    )
  }

  get size(): number {
    return this.characters.length
  }

  /** Bytes of the typed arrays the model keeps (its weights), whatever the garbage collector does. */
  get heldBytes(): number {
    return (
      this.bias.byteLength +
      this.postStart.byteLength +
      this.postChar.byteLength +
      this.postWeight.byteLength +
      this.row.byteLength +
      this.rowWeight.byteLength
    )
  }

  /** Every character's score for these features (Zinnia's classify before the sort). */
  scores(features: ZinniaFeatures): Float32Array {
    const sum = new Float64Array(this.characters.length)
    this.accumulate(sum, features, 0)
    return this.finish(sum)
  }

  /**
   * Adds the features from position `from` on to the running sums (one per character), in
   * Zinnia's order. Sums after the first `from` features are the same for any two feature lists
   * that agree on those (PrefixScores resumes from them).
   */
  accumulate(
    sum: Float64Array,
    features: ZinniaFeatures,
    from: number,
    to = features.index.length,
  ) {
    const { postStart, postChar, postWeight, row, rowWeight } = this
    const n = sum.length
    const fround = Math.fround
    let prevKey = from > 0 ? features.index[from - 1]! : Number.NaN
    for (let i = from; i < to; i++) {
      const key = features.index[i]!
      // A repeated key only counts once (the first), as in Zinnia's dot().
      if (key === prevKey) continue
      prevKey = key
      const d = this.denseKey.get(key)
      if (d === undefined) continue
      const v = features.value[i]!
      if (row[d]! >= 0) {
        for (let c = 0, j = row[d]! * n; c < n; c++, j++) sum[c]! += fround(rowWeight[j]! * v)
      } else {
        for (let j = postStart[d]!, end = postStart[d + 1]!; j < end; j++) {
          sum[postChar[j]!]! += fround(postWeight[j]! * v)
        }
      }
    }
  }

  /** Every character's score from its sum: bias + sum, rounded to float as Zinnia does. */
  finish(sum: Float64Array): Float32Array {
    const { bias } = this
    const out = new Float32Array(sum.length)
    for (let c = 0; c < out.length; c++) out[c] = bias[c]! + sum[c]!
    return out
  }

  /**
   * The `nbest` best characters, best first. Ties go to the character stored later in the file,
   * as Zinnia's partial_sort over (score, pointer) pairs does.
   */
  classify(features: ZinniaFeatures, nbest: number): Scored[] {
    return this.best(this.scores(features), nbest)
  }

  /** The `nbest` best of a score per character (from `scores`, or several combined). */
  best(scores: Float32Array, nbest: number): Scored[] {
    return topN(scores, Math.min(nbest, scores.length)).map((i) => ({
      character: this.characters[i]!,
      score: scores[i]!,
    }))
  }
}

/**
 * Indices of the n largest scores, best first; ties to the higher index (Zinnia's order). An
 * insertion list for a few, a sort for many.
 */
export function topN(scores: Float32Array, n: number): number[] {
  const better = (a: number, b: number) =>
    scores[a]! > scores[b]! || (scores[a] === scores[b] && a > b)
  if (n <= 0) return []
  if (n > 32) {
    // Only what can be among the n best is sorted: scores from the n-th largest up (a native
    // numeric sort finds it; sorting all 6,763 with the comparator took most of the time).
    const threshold =
      n >= scores.length ? -Infinity : Float32Array.from(scores).sort()[scores.length - n]!
    const top: number[] = []
    for (let i = 0; i < scores.length; i++) if (scores[i]! >= threshold) top.push(i)
    top.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0))
    return top.slice(0, n)
  }
  const best: number[] = []
  for (let i = 0; i < scores.length; i++) {
    if (best.length === n && !better(i, best[n - 1]!)) continue
    let at = best.length === n ? n - 1 : best.length
    while (at > 0 && better(i, best[at - 1]!)) {
      best[at] = best[at - 1]!
      at--
    }
    best[at] = i
  }
  return best
}
