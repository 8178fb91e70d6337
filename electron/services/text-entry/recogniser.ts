import { BridgeError } from '../../../common/bridge/errors'
import type { ParsedRecogniseRequest, RecogniseHint } from '../../../common/text-entry/strokes'
import { hintTables, rerank, RERANK_POOL, type HintTable } from './hints'
import { defaultNormalise, normaliseStrokes, type NormaliseOptions } from './normalise'
import { unjoinHypotheses } from './joined-strokes'
import { PrefixScores } from './prefix-scores'
import { OrderScorer, reorderedScores, reorderings, type ReorderOptions } from './stroke-order'
import {
  applyStrokePrior,
  defaultStrokePrior,
  strokeCountsOf,
  type StrokePrior,
} from './stroke-prior'
import {
  defaultShapeRerank,
  glyphRows,
  glyphShapes,
  shapeRerank,
  type GlyphShapes,
  type ShapeRerankOptions,
} from './shape-rerank'
import { zinniaFeatures, type ZinniaFeatures } from './zinnia-features'
import { ZinniaModel, ZinniaModelError, type Scored } from './zinnia-model'

/** Debian's `tegaki-zinnia-simplified-chinese`: the model the kiosk reads unless configured. */
export const DEBIAN_ZH_CN_MODEL = '/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model'

export interface UnjoinOptions {
  /** Corner tolerance, in Zinnia box units. */
  tolerance: number
  /** At most this many connectors tried. */
  limit: number
  /** Shorter pieces are not taken for connectors. */
  minLength: number
  /** Taken off a character's score when it only fits with a connector taken out. */
  penalty: number
}

/** Chosen on the tuning set: top-5 0.75 → 0.83 without hints (joined strokes in 1 of 6). */
export const defaultUnjoin: UnjoinOptions = {
  tolerance: 30,
  limit: 12,
  minLength: 60,
  penalty: 0.4,
}

/**
 * Chosen on the tuning set (tests/support/handwriting/tune-order.ts): one stroke moved by up to
 * two places (which covers every order of up to three strokes) gave hinted top-5 0.954 → 0.975;
 * by one place 0.962, by three 0.975 with a lower un-hinted top-1; every order of four or five
 * strokes on top added nothing. Moving by two costs most in long characters (more orders, more
 * terms): by one place only from six strokes on kept 0.972 (un-hinted top-1 0.704 instead of
 * 0.685) at about half the extra time. Penalty 0.5 of 0.3–1: the best hinted top-1 (0.909).
 */
export const defaultReorder: ReorderOptions = {
  allOrdersUpTo: 0,
  moveBy: 2,
  longFrom: 6,
  upTo: 6,
  penalty: 0.5,
}

export interface RecogniserOptions {
  normalise?: NormaliseOptions
  hints?: Record<RecogniseHint, HintTable | undefined>
  /** Also read the character with one pen-down connector taken out (false: Zinnia alone). */
  unjoin?: UnjoinOptions | false
  /**
   * Resume scorings from the sums of earlier ones with the same first strokes (prefix-scores.ts;
   * the same scores, less work). False: every reading scored afresh, as Zinnia does.
   */
  reuse?: boolean
  /** Scores moved by written against standard stroke count (false: Zinnia's scores alone). */
  strokePrior?: StrokePrior | false
  /** Also read the strokes in other orders (stroke-order.ts; false: only as written). */
  reorder?: ReorderOptions | false
  /**
   * Re-rank Zinnia's pool by the ink's shape against a font's glyphs (shape-rerank.ts; false:
   * Zinnia's order).
   */
  shape?: ShapeRerankOptions | false
}

/** Handwriting → candidate characters: normalisation, Zinnia's features and model, the hint. */
export class HandwritingRecogniser {
  private readonly normalise: NormaliseOptions
  private readonly hints: Record<RecogniseHint, HintTable | undefined>
  private readonly unjoin: UnjoinOptions | false
  private readonly prefix: PrefixScores | undefined
  private readonly strokePrior: StrokePrior | false
  private readonly strokeCounts: Uint8Array
  private readonly reorder: ReorderOptions | false
  private readonly orders: OrderScorer | undefined
  private readonly shape:
    { opts: ShapeRerankOptions; glyphs: GlyphShapes; rows: Int32Array } | undefined

  constructor(
    readonly model: ZinniaModel,
    opts: RecogniserOptions = {},
  ) {
    this.normalise = opts.normalise ?? defaultNormalise
    this.hints = opts.hints ?? hintTables()
    this.unjoin = opts.unjoin ?? defaultUnjoin
    this.prefix = opts.reuse === false ? undefined : new PrefixScores(model)
    this.strokePrior = opts.strokePrior ?? defaultStrokePrior
    this.strokeCounts = strokeCountsOf(model.characters)
    this.reorder = opts.reorder ?? defaultReorder
    // Like the prefix sums, terms carried from request to request change no score.
    this.orders = opts.reuse === false ? undefined : new OrderScorer(model)
    const shape = opts.shape ?? defaultShapeRerank
    const glyphs = shape ? glyphShapes() : undefined
    this.shape =
      shape && glyphs
        ? { opts: shape, glyphs, rows: glyphRows(model.characters, glyphs) }
        : undefined
  }

  static async load(modelPath: string, opts?: RecogniserOptions): Promise<HandwritingRecogniser> {
    return new HandwritingRecogniser(await ZinniaModel.load(modelPath), opts)
  }

  recognise(
    req: Pick<ParsedRecogniseRequest, 'strokes' | 'width' | 'height' | 'hint' | 'max'>,
  ): string[] {
    return this.rank(this.pool(req, req.max), req.hint, req.max)
  }

  /** The field's re-ranking of a pool from `pool`. */
  rank(pool: readonly Scored[], hint: RecogniseHint | undefined, max: number): string[] {
    return rerank(pool, hint ? this.hints[hint] : undefined, max)
  }

  /**
   * Zinnia's best few hundred characters for the strokes, with their scores, before any hint
   * (re-ranked by shape unless `shape: false`).
   */
  pool(req: Pick<ParsedRecogniseRequest, 'strokes' | 'width' | 'height'>, max = 10): Scored[] {
    const character = normaliseStrokes(req.strokes, req, this.normalise)
    const features = zinniaFeatures(character)
    if (!features) return []
    const prefix = this.prefix
    prefix?.next()
    const score = (f: ZinniaFeatures, written: boolean) =>
      prefix ? prefix.scores(f, written) : this.model.scores(f)
    const scores = score(features, true)
    if (this.unjoin) {
      // Each character keeps its best reading: as written, or with one connector taken out.
      const { penalty } = this.unjoin
      for (const h of unjoinHypotheses(character, this.unjoin)) {
        const alt = score(zinniaFeatures(h.character)!, false)
        for (let c = 0; c < scores.length; c++) {
          const s = alt[c]! - penalty
          if (s > scores[c]!) scores[c] = s
        }
      }
    }
    if (this.reorder) {
      // The same for other stroke orders (the un-join readings keep the written order).
      const orders = reorderings(character.strokes.length, this.reorder)
      this.orders?.next()
      const alt = this.orders
        ? this.orders.scores(character, orders)
        : reorderedScores(this.model, character, orders)
      if (alt) {
        const { penalty } = this.reorder
        for (let c = 0; c < scores.length; c++) {
          const s = alt[c]! - penalty
          if (s > scores[c]!) scores[c] = s
        }
      }
    }
    if (this.strokePrior) {
      applyStrokePrior(scores, this.strokeCounts, character.strokes.length, this.strokePrior)
    }
    const keep = Math.max(RERANK_POOL, max)
    if (!this.shape) return this.model.best(scores, keep)
    const { glyphs, rows, opts } = this.shape
    return shapeRerank(scores, this.model.characters, rows, character, glyphs, opts, keep)
  }
}

/**
 * A made-up six-stroke character (a box, a cross inside, a hook), written twice stroke by stroke
 * as the pad asks: enough for V8 to optimise the scoring loops.
 */
const WARM_UP: ParsedRecogniseRequest[] = (() => {
  const strokes: Array<Array<[number, number]>> = [
    [
      [100, 100],
      [100, 400],
    ],
    [
      [100, 100],
      [400, 100],
      [380, 400],
    ],
    [
      [150, 250],
      [350, 250],
    ],
    [
      [250, 120],
      [250, 380],
    ],
    [
      [110, 390],
      [390, 390],
    ],
    [
      [200, 420],
      [250, 470],
      [300, 430],
    ],
  ]
  const prefixes = strokes.map((_, n) => ({
    strokes: strokes.slice(0, n + 1),
    width: 500,
    height: 500,
    hint: 'name' as const,
    max: 8,
  }))
  return [...prefixes, ...prefixes]
})()

/**
 * The recogniser as the kiosk's main process holds it: loaded when the writing pad first opens
 * (`warm`, bridge `text:warm`) or else on the first request (reading and indexing the 26 MB model
 * takes a few hundred ms, which neither the kiosk's start-up nor the resident's first stroke
 * should pay), then kept. A missing or broken model is `RECOGNISER_UNAVAILABLE` (the panel then
 * offers pinyin); the next request tries again, so a model installed later is picked up.
 */
export class LazyRecogniser {
  private loading: Promise<HandwritingRecogniser> | undefined
  private warmedUp = false

  constructor(
    private readonly modelPath: string,
    private readonly opts?: RecogniserOptions,
    /** How the model is read (tests count the loads). */
    private readonly load: typeof HandwritingRecogniser.load = (path, o) =>
      HandwritingRecogniser.load(path, o),
  ) {}

  get(): Promise<HandwritingRecogniser> {
    if (!this.loading) {
      this.loading = this.load(this.modelPath, this.opts).catch((e: unknown) => {
        this.loading = undefined
        const why = e instanceof ZinniaModelError ? `${e.code}: ${e.message}` : String(e)
        throw new BridgeError('RECOGNISER_UNAVAILABLE', why)
      })
    }
    return this.loading
  }

  /**
   * Starts loading (if not loaded yet) and, the first time, runs a few recognitions of a made-up
   * character, so the scoring loops are compiled before the resident's first stroke (the first
   * requests otherwise run 2–10× slower); resolves once ready. A real request may come in
   * between two of them.
   */
  async warm(): Promise<{ ready: true }> {
    const rec = await this.get()
    if (!this.warmedUp) {
      this.warmedUp = true
      for (const req of WARM_UP) {
        rec.recognise(req)
        await new Promise((resolve) => setImmediate(resolve))
      }
    }
    return { ready: true }
  }

  async recognise(req: ParsedRecogniseRequest): Promise<{ candidates: string[] }> {
    return { candidates: (await this.get()).recognise(req) }
  }
}
