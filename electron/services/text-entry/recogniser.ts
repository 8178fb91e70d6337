import { BridgeError } from '../../../common/bridge/errors'
import type { ParsedRecogniseRequest, RecogniseHint } from '../../../common/text-entry/strokes'
import { hintTables, rerank, RERANK_POOL, type HintTable } from './hints'
import { defaultNormalise, normaliseStrokes, type NormaliseOptions } from './normalise'
import { zinniaFeatures } from './zinnia-features'
import { ZinniaModel, ZinniaModelError } from './zinnia-model'

/** Debian's `tegaki-zinnia-simplified-chinese`: the model the kiosk reads unless configured. */
export const DEBIAN_ZH_CN_MODEL = '/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model'

export interface RecogniserOptions {
  normalise?: NormaliseOptions
  hints?: Record<RecogniseHint, HintTable | undefined>
}

/** Handwriting → candidate characters: normalisation, Zinnia's features and model, the hint. */
export class HandwritingRecogniser {
  private readonly normalise: NormaliseOptions
  private readonly hints: Record<RecogniseHint, HintTable | undefined>

  constructor(
    readonly model: ZinniaModel,
    opts: RecogniserOptions = {},
  ) {
    this.normalise = opts.normalise ?? defaultNormalise
    this.hints = opts.hints ?? hintTables()
  }

  static async load(modelPath: string, opts?: RecogniserOptions): Promise<HandwritingRecogniser> {
    return new HandwritingRecogniser(await ZinniaModel.load(modelPath), opts)
  }

  recognise(
    req: Pick<ParsedRecogniseRequest, 'strokes' | 'width' | 'height' | 'hint' | 'max'>,
  ): string[] {
    const features = zinniaFeatures(normaliseStrokes(req.strokes, req, this.normalise))
    if (!features) return []
    const scored = this.model.classify(features, Math.max(RERANK_POOL, req.max))
    return rerank(scored, req.hint ? this.hints[req.hint] : undefined, req.max)
  }
}

/**
 * The recogniser as the kiosk's main process holds it: loaded on the first request (reading and
 * indexing the 26 MB model takes a few hundred ms, which the kiosk's start-up should not pay),
 * then kept. A missing or broken model is `RECOGNISER_UNAVAILABLE` (the panel then offers
 * pinyin); the next request tries again, so a model installed later is picked up.
 */
export class LazyRecogniser {
  private loading: Promise<HandwritingRecogniser> | undefined

  constructor(
    private readonly modelPath: string,
    private readonly opts?: RecogniserOptions,
  ) {}

  get(): Promise<HandwritingRecogniser> {
    if (!this.loading) {
      this.loading = HandwritingRecogniser.load(this.modelPath, this.opts).catch((e: unknown) => {
        this.loading = undefined
        const why = e instanceof ZinniaModelError ? `${e.code}: ${e.message}` : String(e)
        throw new BridgeError('RECOGNISER_UNAVAILABLE', why)
      })
    }
    return this.loading
  }

  async recognise(req: ParsedRecogniseRequest): Promise<{ candidates: string[] }> {
    return { candidates: (await this.get()).recognise(req) }
  }
}
