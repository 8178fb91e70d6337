import { z } from 'zod'

/**
 * What the handwriting pad sends to the recogniser in the main process: the strokes of one
 * character in the pad's own pixel coordinates (y down), and the pad's size. The main process
 * validates every request (the renderer is not trusted), so all sizes are bounded.
 */

/** Largest pad side, in pad pixels, the recogniser accepts. */
export const MAX_PAD_SIDE = 10_000

const coordinate = z
  .number()
  .finite()
  .min(-MAX_PAD_SIDE)
  .max(2 * MAX_PAD_SIDE)

/** One point of a stroke, `[x, y]` in pad pixels. */
export const StrokePoint = z.tuple([coordinate, coordinate])
export type StrokePoint = z.infer<typeof StrokePoint>

/** One stroke: the points from finger down to finger up. */
export const Stroke = z.array(StrokePoint).min(1).max(512)
export type Stroke = z.infer<typeof Stroke>

/** One character's strokes, in writing order. */
export const Strokes = z.array(Stroke).min(1).max(64)
export type Strokes = z.infer<typeof Strokes>

/** Which kind of field the resident is writing in: candidates are re-ranked toward it. */
export const RecogniseHint = z.enum(['name', 'address', 'text'])
export type RecogniseHint = z.infer<typeof RecogniseHint>

export const RecogniseRequest = z.object({
  strokes: Strokes,
  /** The pad's size in the same pixels as the strokes. */
  width: z.number().finite().positive().max(MAX_PAD_SIDE),
  height: z.number().finite().positive().max(MAX_PAD_SIDE),
  hint: RecogniseHint.optional(),
  /** How many candidates to return, best first. */
  max: z.number().int().min(1).max(20).default(10),
})
export type RecogniseRequest = z.input<typeof RecogniseRequest>
export type ParsedRecogniseRequest = z.output<typeof RecogniseRequest>

export const RecogniseResult = z.object({
  /** Single characters, best first; at most `max`. */
  candidates: z.array(z.string().min(1).max(4)).max(20),
})
export type RecogniseResult = z.infer<typeof RecogniseResult>

/**
 * `text:warm`: the writing pad opened, so the main process loads the model now (reading and
 * indexing it takes most of a second) instead of on the resident's first stroke. No input; the
 * answer comes once the model is ready (a missing model is `RECOGNISER_UNAVAILABLE`, as for
 * `text:recognise`).
 */
export const WarmRequest = z.void()
export const WarmResult = z.object({ ready: z.literal(true) })
export type WarmResult = z.infer<typeof WarmResult>
