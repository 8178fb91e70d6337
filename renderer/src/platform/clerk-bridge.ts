// The clerk window's bridge (Electron only: `window.clerkIpc` from electron/preload/clerk.ts).
// In a browser the console is served by the centre and has no bridge at all.
import type { ClerkRequestChannel } from '../../../common/bridge/clerk-channels'
import { clerkRequestSpec, type ClerkRequestOutput } from '../../../common/bridge/clerk-contract'
import { BridgeError, BridgeResult } from '../../../common/bridge/errors'

interface ClerkPreloadIpc {
  request: Record<string, (input: unknown) => Promise<unknown>>
}

declare global {
  interface Window {
    clerkIpc?: ClerkPreloadIpc
  }
}

/** A request to the clerk window's main process, its answer checked against the contract. */
export async function clerkRequest<C extends ClerkRequestChannel>(
  channel: C,
): Promise<ClerkRequestOutput<C> | null> {
  const call = window.clerkIpc?.request[channel]
  if (!call) return null
  const result = BridgeResult.safeParse(await call(undefined))
  if (!result.success) throw new BridgeError('INVALID_OUTPUT', `malformed result on ${channel}`)
  if (!result.data.ok) throw new BridgeError(result.data.error.code, result.data.error.message)
  const output = clerkRequestSpec(channel).output.safeParse(result.data.value)
  if (!output.success) throw new BridgeError('INVALID_OUTPUT', `invalid output on ${channel}`)
  return output.data as ClerkRequestOutput<C>
}
