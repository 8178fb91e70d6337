import { z } from 'zod'
import { BridgeErrorShape } from './errors'

/** Frames of the device host's WebSocket transport. */
export const WsClientFrame = z.object({
  type: z.literal('request'),
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  channel: z.string().max(100),
  input: z.unknown().optional(),
})
export type WsClientFrame = z.infer<typeof WsClientFrame>

export const WsServerFrame = z.union([
  z.object({
    type: z.literal('response'),
    id: z.number().int(),
    ok: z.literal(true),
    value: z.unknown(),
  }),
  z.object({
    type: z.literal('response'),
    id: z.number().int(),
    ok: z.literal(false),
    error: BridgeErrorShape,
  }),
  z.object({ type: z.literal('event'), channel: z.string(), payload: z.unknown() }),
  /** A frame the server could not parse; `id` is absent because it could not be read. */
  z.object({ type: z.literal('error'), error: BridgeErrorShape }),
])
export type WsServerFrame = z.infer<typeof WsServerFrame>

export const deviceHostPaths = {
  websocket: '/bridge',
} as const
