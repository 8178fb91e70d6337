import { clerkRequestChannels } from '../../common/bridge/clerk-channels'
import { clerkRequestSpec, type ClerkBridgeHandlers } from '../../common/bridge/clerk-contract'
import type { ClerkRequestChannel } from '../../common/bridge/clerk-channels'
import {
  BridgeEventHub,
  createContractDispatcher,
  type BridgeDispatcher,
} from './bridge/dispatcher'
import type { TerminalConfig } from './config'
import type { Logger } from '../../node-common/logger'

export interface ClerkServices {
  dispatcher: BridgeDispatcher
  /** The clerk contract has no events; the hub stays empty. */
  events: BridgeEventHub
  close(): Promise<void>
}

/**
 * The clerk console's main-process side: only where the centre is. The console talks to the
 * centre itself (login, staff socket) with the clerk's own session; no device, outbox, card or
 * terminal credential exists in this role.
 */
export function createClerkServices(opts: {
  config: TerminalConfig
  version: string
  log: Logger
}): ClerkServices {
  const handlers: ClerkBridgeHandlers = {
    'clerk:info': async () => ({
      serverUrl: opts.config.serverUrl,
      version: opts.version,
      defaultLocale: opts.config.defaultLocale,
    }),
  }
  return {
    dispatcher: createContractDispatcher(
      clerkRequestChannels,
      (channel) => clerkRequestSpec(channel as ClerkRequestChannel),
      handlers,
      opts.log,
    ),
    events: new BridgeEventHub(),
    async close() {},
  }
}
