// How this page reaches the main process, without the contract: Electron IPC through the preload,
// or the device host's WebSocket. Kept free of zod so the kiosk's boot chunk can open the
// connection and send the home screen's requests before the app's code is fetched; every output
// is still validated against the contract (platform/bridge.ts) before anything uses it.
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
      // The shape of a bridge failure (BridgeResult), without importing its schema here.
      if (!call) return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: channel } }
      return call(input)
    },
    subscribe(channel, listener) {
      const sub = ipc.subscribe[channel]
      return sub ? sub(listener) : () => {}
    },
  }
}

let instance: RawTransport | null | undefined

/** The page's one raw transport, or null where there is none (the clerk console in a browser). */
export function rawTransport(): RawTransport | null {
  if (instance !== undefined) return instance
  if (window.kioskIpc) return (instance = preloadTransport(window.kioskIpc))
  const token = document.querySelector<HTMLMetaElement>(`meta[name="${tokenMetaName}"]`)?.content
  if (!token) return null // not cached: the meta may be added later (tests)
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/bridge?token=${encodeURIComponent(token)}`
  return (instance = createWebSocketTransport(url))
}
