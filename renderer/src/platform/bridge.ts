// The one module that knows how the renderer reaches the main process. Components call
// `bridge().request(...)` and never learn whether Electron IPC or the device host carries it.
import {
  events,
  requests,
  type EventPayload,
  type KioskBridge,
  type RequestInput,
  type RequestOutput,
} from '../../../common/bridge/contract'
import type { EventChannel, RequestChannel } from '../../../common/bridge/channels'
import { BridgeError, BridgeResult } from '../../../common/bridge/errors'
import { createWebSocketTransport, type RawTransport } from './ws-transport'

/** What the Electron preload exposes as `window.kioskIpc`. */
interface PreloadIpc {
  request: Record<string, (input: unknown) => Promise<unknown>>
  subscribe: Record<string, (listener: (payload: unknown) => void) => () => void>
}

declare global {
  interface Window {
    kioskIpc?: PreloadIpc
  }
}

const tokenMetaName = 'kiosk-bridge-token'

function preloadTransport(ipc: PreloadIpc): RawTransport {
  return {
    async request(channel, input) {
      const call = ipc.request[channel]
      if (!call) throw new BridgeError('UNKNOWN_CHANNEL', channel)
      return call(input)
    },
    subscribe(channel, listener) {
      const sub = ipc.subscribe[channel]
      return sub ? sub(listener) : () => {}
    },
  }
}

/** Wraps a raw transport with the contract: outputs and event payloads are validated here too. */
export function createBridge(transport: RawTransport): KioskBridge {
  return {
    async request<C extends RequestChannel>(
      channel: C,
      input: RequestInput<C>,
    ): Promise<RequestOutput<C>> {
      const result = BridgeResult.safeParse(await transport.request(channel, input))
      if (!result.success) throw new BridgeError('INVALID_OUTPUT', `malformed result on ${channel}`)
      if (!result.data.ok) throw new BridgeError(result.data.error.code, result.data.error.message)
      const output = requests[channel].output.safeParse(result.data.value)
      if (!output.success) throw new BridgeError('INVALID_OUTPUT', `invalid output on ${channel}`)
      return output.data as RequestOutput<C>
    },
    subscribe<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void) {
      return transport.subscribe(event, (raw) => {
        const parsed = events[event].safeParse(raw)
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
  if (window.kioskIpc) {
    instance = createBridge(preloadTransport(window.kioskIpc))
    return instance
  }
  const token = document.querySelector<HTMLMetaElement>(`meta[name="${tokenMetaName}"]`)?.content
  if (token) {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/bridge?token=${encodeURIComponent(token)}`
    instance = createBridge(createWebSocketTransport(url))
    return instance
  }
  return null
}
