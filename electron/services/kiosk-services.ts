import type { BridgeHandlers } from '../../common/bridge/contract'
import type { DeviceHealth } from '../../common/domain/device-health'
import { BridgeEventHub, createBridgeDispatcher, type BridgeDispatcher } from './bridge/dispatcher'
import { sampleCategories } from './catalog/categories'
import type { TerminalConfig } from './config'
import type { Logger } from './logger'
import { readTerminalCredential } from './terminal-identity'

export interface KioskServices {
  dispatcher: BridgeDispatcher
  events: BridgeEventHub
  /** Called by the device manager whenever a device's health changes. */
  reportDeviceHealth(health: DeviceHealth[]): void
  close(): Promise<void>
}

/**
 * Everything behind the bridge contract, as plain Node. Both the Electron main process and the
 * device host build exactly this; they differ only in the transport in front of it.
 */
export function createKioskServices(opts: {
  config: TerminalConfig
  version: string
  log: Logger
}): KioskServices {
  const { config, log } = opts
  const events = new BridgeEventHub()
  let deviceHealth: DeviceHealth[] = []

  const handlers: BridgeHandlers = {
    'app:info': async () => ({
      role: config.role,
      version: opts.version,
      terminalName: config.terminalName,
      hallName: config.hallName,
      defaultLocale: config.defaultLocale,
      serverUrl: config.serverUrl,
      devices: config.devices,
    }),
    'catalog:categories': async () => sampleCategories,
    'devices:health': async () => deviceHealth,
    'session:reset': async ({ reason }) => {
      log.info({ reason }, 'resident session wiped')
      return { wiped: true }
    },
    'terminal:signaling': async () => {
      const { terminalId, credential } = await readTerminalCredential(config.credentialFile)
      return { serverUrl: config.serverUrl, terminalId, credential }
    },
  }

  return {
    dispatcher: createBridgeDispatcher(handlers, log),
    events,
    reportDeviceHealth(health) {
      deviceHealth = health
      events.emit('devices:health-changed', health)
    },
    async close() {},
  }
}
