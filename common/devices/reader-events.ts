import { z } from 'zod'
import { IdCard } from './id-card'
import { ReaderErrorShape } from './reader-errors'

export const ReaderState = z.enum([
  'stopped',
  'waiting-card',
  'reading',
  'card-present',
  'error',
  'disconnected',
])
export type ReaderState = z.infer<typeof ReaderState>

/** What the reader loop tells the rest of the kiosk. The photo never travels in an event. */
export const ReaderEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('card-present'), card: IdCard, at: z.string().datetime() }),
  z.object({ type: z.literal('card-removed'), at: z.string().datetime() }),
  z.object({ type: z.literal('error'), error: ReaderErrorShape, at: z.string().datetime() }),
  z.object({ type: z.literal('state'), state: ReaderState, at: z.string().datetime() }),
])
export type ReaderEvent = z.infer<typeof ReaderEvent>
