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

    // Second pass: the postings, key by key, characters in file order.
    const postStart = new Uint32Array(perKey.length + 1)
    for (let d = 0; d < perKey.length; d++) postStart[d + 1] = postStart[d]! + perKey[d]!
    const fill = postStart.slice(0, perKey.length)
    const postChar = new Uint16Array(postStart[perKey.length]!)
    const postWeight = new Float32Array(postChar.length)
    for (let i = 0; i < count; i++) {
      for (let q = recordAt[i]!; ; q += 8) {
        const key = view.getInt32(q, true)
        if (key === -1) break
        const at = fill[denseKey.get(key)!]!++
        postChar[at] = i
        postWeight[at] = view.getFloat32(q + 4, true)
      }
    }
    return new ZinniaModel(characters, bias, denseKey, postStart, postChar, postWeight)
  }

  get size(): number {
    return this.characters.length
  }

  /** Every character's score for these features (Zinnia's classify before the sort). */
  /** Bytes of the typed arrays the model keeps (its weights), whatever the garbage collector does. */
  get heldBytes(): number {
    return (
      this.bias.byteLength +
      this.postStart.byteLength +
      this.postChar.byteLength +
      this.postWeight.byteLength
    )
  }

  scores(features: ZinniaFeatures): Float32Array {
    const { bias, postStart, postChar, postWeight } = this
    const fround = Math.fround
    const sum = new Float64Array(this.characters.length)
    let prevKey = Number.NaN
    for (let i = 0; i < features.index.length; i++) {
      const key = features.index[i]!
      // A repeated key only counts once (the first), as in Zinnia's dot().
      if (key === prevKey) continue
      prevKey = key
      const d = this.denseKey.get(key)
      if (d === undefined) continue
      const v = features.value[i]!
      for (let j = postStart[d]!, end = postStart[d + 1]!; j < end; j++) {
        sum[postChar[j]!]! += fround(postWeight[j]! * v)
      }
    }
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
  if (n > 32) {
    const all = Array.from(scores.keys())
    all.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0))
    return all.slice(0, n)
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
