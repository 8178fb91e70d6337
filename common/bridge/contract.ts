import { z } from 'zod'
import { AppInfo } from '../domain/app-info'
import { ServiceCategory } from '../domain/catalog'
import { DeviceHealth } from '../domain/device-health'
import type { EventChannel, RequestChannel } from './channels'

/**
 * The renderer ↔ main contract. Each request has an input and output schema; each event a
 * payload schema. Both transports (Electron IPC and the device host's WebSocket) parse input
 * on the receiving side and parse output before sending, so neither side trusts the other.
 */
export const requests = {
  'app:info': { input: z.void(), output: AppInfo },
  'catalog:categories': { input: z.void(), output: z.array(ServiceCategory) },
  'devices:health': { input: z.void(), output: z.array(DeviceHealth) },
  /** Wipe everything of the current resident in the main process. */
  'session:reset': {
    input: z.object({ reason: z.enum(['idle', 'card-removed', 'finished', 'user']) }),
    output: z.object({ wiped: z.literal(true) }),
  },
  /** How the renderer reaches the centre's signaling server as this terminal (video help). */
  'terminal:signaling': {
    input: z.void(),
    output: z.object({
      serverUrl: z.string().url(),
      terminalId: z.string().min(1).max(64),
      credential: z.string().min(16).max(200),
    }),
  },
} as const satisfies Record<RequestChannel, { input: z.ZodType; output: z.ZodType }>

export const events = {
  'devices:health-changed': z.array(DeviceHealth),
  'session:reset-requested': z.object({ reason: z.enum(['idle', 'card-removed', 'remote']) }),
} as const satisfies Record<EventChannel, z.ZodType>

// Compile-time check that channels.ts lists exactly the contract's keys.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
const requestKeysMatch: Exact<keyof typeof requests, RequestChannel> = true
const eventKeysMatch: Exact<keyof typeof events, EventChannel> = true
void requestKeysMatch
void eventKeysMatch

export type RequestInput<C extends RequestChannel> = z.input<(typeof requests)[C]['input']>
export type RequestOutput<C extends RequestChannel> = z.output<(typeof requests)[C]['output']>
export type EventPayload<E extends EventChannel> = z.output<(typeof events)[E]>

/** What the renderer sees, whichever transport carries it. */
export interface KioskBridge {
  request<C extends RequestChannel>(channel: C, input: RequestInput<C>): Promise<RequestOutput<C>>
  subscribe<E extends EventChannel>(
    event: E,
    listener: (payload: EventPayload<E>) => void,
  ): () => void
}

/** The implementation behind the contract in the main process (or the device host). */
export type BridgeHandlers = {
  [C in RequestChannel]: (
    input: z.output<(typeof requests)[C]['input']>,
  ) => Promise<RequestOutput<C>>
}
