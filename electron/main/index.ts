// Composition root of the Electron main process: the only file that loads the real `electron`
// module. Everything it wires is tested without Electron (tests/unit/electron/main).
import * as electron from 'electron'
import { join } from 'node:path'
import { createClerkServices } from '../services/clerk-services'
import { composeKiosk, lazyServices } from '../services/compose-kiosk'
import { loadTerminalConfig, type TerminalConfig } from '../services/config'
import { createLogger, logDestination, type Logger } from '../../node-common/logger'
import { LogRing, withLogRing } from '../../node-common/log-ring'
import { fileWrappedKeyStore, safeStorageKeyProvider, type KeyProvider } from '../services/outbox'
import { startApp } from './app'

// The recent lines are kept for the fleet console's "upload logs".
const logRing = new LogRing()
const log = createLogger(
  `${process.env.KIOSK_ROLE === 'clerk' ? 'clerk' : 'kiosk'}-main`,
  withLogRing(logDestination(2, true), logRing),
)
const config = loadTerminalConfig(process.env, process.env.KIOSK_CONFIG)
// One profile per role, so a kiosk and a clerk console on one machine do not share a session
// or the single-instance lock.
electron.app.setPath(
  'userData',
  join(electron.app.getPath('appData'), `village-kiosk-${config.role}`),
)

/** The kiosk's devices, outbox, catalog and terminal identity: built in the kiosk role only. */
function kioskServices(config: TerminalConfig, log: Logger) {
  // safeStorage works only once the app is ready; the outbox refuses a plaintext keyring.
  const keyProvider: KeyProvider = {
    description: 'safeStorage',
    async getKey() {
      await electron.app.whenReady()
      const wrapped = fileWrappedKeyStore(join(electron.app.getPath('userData'), 'outbox.key'))
      return safeStorageKeyProvider(electron.safeStorage, wrapped).getKey()
    },
  }
  const composition = composeKiosk({
    config,
    version: electron.app.getVersion(),
    log,
    keyProvider,
    recentLogs: () => logRing.recent(),
    ...(process.env.KIOSK_IDLE_SECONDS
      ? { idleSeconds: Number(process.env.KIOSK_IDLE_SECONDS) }
      : {}),
  })
  electron.app.on('will-quit', () => void composition.then((c) => c.close()))
  return lazyServices(
    composition.then((c) => c.services),
    log,
  )
}

startApp({
  electron,
  config,
  // The clerk console gets where the centre is, and nothing of the kiosk's.
  services:
    config.role === 'kiosk'
      ? kioskServices(config, log)
      : createClerkServices({ config, version: electron.app.getVersion(), log }),
  log,
  rendererDir: join(__dirname, '..', 'renderer'),
  preloadPath: join(__dirname, `preload-${config.role}.cjs`),
})
