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
 * float, summed in double, the total rounded to float: as Zinnia does). The keys are remapped
 * once at load to a dense 0..K-1 range (K ≈ 4,700 for this model), so a query fills one small
 * table and the scoring loop is a straight pass over typed arrays.
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
    /** Offsets into keys/weights: character i owns [start[i], start[i + 1]). */
    private readonly start: Uint32Array,
    private readonly keys: Uint16Array,
    private readonly weights: Float32Array,
    /** Model key → dense key. */
    private readonly denseKey: Map<number, number>,
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
    if (count === 0 || count > size / (CHAR_BYTES + 12))
      throw broken(`bad character count ${count}`)

    // First pass: where each character's record starts, and how many weights it has.
    const decoder = new TextDecoder('utf-8', { fatal: true })
    const characters: string[] = []
    const bias = new Float32Array(count)
    const start = new Uint32Array(count + 1)
    const recordAt = new Uint32Array(count)
    let p = 12
    let total = 0
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
      start[i] = total
      let prev = -1
      for (;;) {
        if (p + 8 > size) throw broken('truncated weights')
        const key = view.getInt32(p, true)
        p += 8
        if (key === -1) break
        // Zinnia's merge in dot() assumes sorted keys; a file that breaks that is not one it wrote.
        if (key <= prev) throw broken(`keys of character ${i} are not sorted`)
        prev = key
        total++
      }
    }
    start[count] = total
    if (p !== size) throw broken('size of model file is invalid')

    // Second pass: dense keys and weights.
    const denseKey = new Map<number, number>()
    const keys = new Uint16Array(total)
    const weights = new Float32Array(total)
    let k = 0
    for (let i = 0; i < count; i++) {
      for (let q = recordAt[i]!; ; q += 8) {
        const key = view.getInt32(q, true)
        if (key === -1) break
        let dense = denseKey.get(key)
        if (dense === undefined) {
          dense = denseKey.size
          if (dense > 0xffff) throw broken('too many distinct feature keys')
          denseKey.set(key, dense)
        }
        const w = view.getFloat32(q + 4, true)
        if (!Number.isFinite(w)) throw broken(`weight of character ${i} is not finite`)
        keys[k] = dense
        weights[k++] = w
      }
    }
    return new ZinniaModel(characters, bias, start, keys, weights, denseKey)
  }

  get size(): number {
    return this.characters.length
  }

  /** Every character's score for these features (Zinnia's classify before the sort). */
  scores(features: ZinniaFeatures): Float32Array {
    const x = new Float32Array(this.denseKey.size)
    // Features are sorted; a repeated key only counts once (the first), as in Zinnia's dot().
    let prevKey = Number.NaN
    for (let i = 0; i < features.index.length; i++) {
      const key = features.index[i]!
      if (key === prevKey) continue
      prevKey = key
      const dense = this.denseKey.get(key)
      if (dense !== undefined) x[dense] = features.value[i]!
    }
    const { bias, start, keys, weights } = this
    const fround = Math.fround
    const out = new Float32Array(this.characters.length)
    for (let c = 0; c < out.length; c++) {
      let sum = 0
      for (let j = start[c]!, end = start[c + 1]!; j < end; j++)
        sum += fround(weights[j]! * x[keys[j]!]!)
      out[c] = bias[c]! + sum
    }
    return out
  }

  /**
   * The `nbest` best characters, best first. Ties go to the character stored later in the file,
   * as Zinnia's partial_sort over (score, pointer) pairs does.
   */
  classify(features: ZinniaFeatures, nbest: number): Scored[] {
    const scores = this.scores(features)
    return topN(scores, Math.min(nbest, scores.length)).map((i) => ({
      character: this.characters[i]!,
      score: scores[i]!,
    }))
  }
}

/** Indices of the n largest scores, best first (a small insertion list: n ≤ a few dozen). */
export function topN(scores: Float32Array, n: number): number[] {
  const best: number[] = []
  const better = (a: number, b: number) =>
    scores[a]! > scores[b]! || (scores[a] === scores[b] && a > b)
  for (let i = 0; i < scores.length; i++) {
    if (best.length === n && !better(i, best[n - 1]!)) continue
    let at = best.length === n ? n - 1 : best.length
    while (at > 0 && better(i, best[at - 1]!)) {
      best[at] = best[at - 1]!
      at--
    }
    best[at] = i
  }
  return best.slice(0, n)
}
