// The one module that knows how the renderer reaches the main process. Components call
// `bridge().request(...)` and never learn whether Electron IPC or the device host carries it.
import {
  eventSchema,
  requestSpec,
  type EventPayload,
  type KioskBridge,
  type RequestInput,
  type RequestOutput,
} from '../../../common/bridge/contract'
import type { EventChannel, RequestChannel } from '../../../common/bridge/channels'
import { BridgeError, BridgeResult } from '../../../common/bridge/errors'
import { rawTransport } from './transport'
import type { RawTransport } from './ws-transport'

/**
 * A raw transport answer checked against the contract: the value on success (validated against
 * the channel's output schema), else a BridgeError. Nothing reaches the app unchecked.
 */
export function checkedOutput<C extends RequestChannel>(
  channel: C,
  raw: unknown,
): RequestOutput<C> {
  const result = BridgeResult.safeParse(raw)
  if (!result.success) throw new BridgeError('INVALID_OUTPUT', `malformed result on ${channel}`)
  if (!result.data.ok) throw new BridgeError(result.data.error.code, result.data.error.message)
  const output = requestSpec(channel).output.safeParse(result.data.value)
  if (!output.success) throw new BridgeError('INVALID_OUTPUT', `invalid output on ${channel}`)
  return output.data as RequestOutput<C>
}

/** Wraps a raw transport with the contract: outputs and event payloads are validated here too. */
export function createBridge(transport: RawTransport): KioskBridge {
  return {
    async request<C extends RequestChannel>(
      channel: C,
      input: RequestInput<C>,
    ): Promise<RequestOutput<C>> {
      return checkedOutput(channel, await transport.request(channel, input))
    },
    subscribe<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void) {
      return transport.subscribe(event, (raw) => {
        const parsed = eventSchema(event).safeParse(raw)
        if (parsed.success) listener(parsed.data as EventPayload<E>)
        else console.warn(`dropped invalid ${event} event`)
      })
    },
  }
}

let instance: KioskBridge | null = null

/** The bridge for this page, or null where there is none (the clerk console in a browser). */
export function bridge(): KioskBridge | null {
  if (instance) return instance
  const transport = rawTransport()
  return transport ? (instance = createBridge(transport)) : null
}
