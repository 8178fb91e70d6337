// Composition root of the Electron main process: the only file that loads the real `electron`
// module. Everything it wires is tested without Electron (tests/unit/electron/main).
import * as electron from 'electron'
import { autoUpdater } from 'electron-updater'
import { join } from 'node:path'
import { createClerkServices } from '../services/clerk-services'
import { composeKiosk, lazyServices } from '../services/compose-kiosk'
import { loadTerminalConfig, type TerminalConfig } from '../services/config'
import { createLogger, logDestination, type Logger } from '../../node-common/logger'
import { LogRing, withLogRing } from '../../node-common/log-ring'
import { fileWrappedKeyStore, safeStorageKeyProvider, type KeyProvider } from '../services/outbox'
import { startApp } from './app'
import { terminalBearer } from '../services/centre-api'
import { fileInstallNote } from '../services/updates/install-note'
import { createUpdateReporter, enrolledFeedUrl } from '../services/updates/report'
import { startKioskUpdates } from './updates'

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

/** The centre the pages may reach (CSP): the enrolled one once the kiosk's services are up. */
let centreUrl = () => config.serverUrl

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
  const updates = config.updates.enabled && config.production && electron.app.isPackaged
  const composition = composeKiosk({
    config,
    updaterStarts: updates,
    version: electron.app.getVersion(),
    log,
    keyProvider,
    logRing,
    recentLogs: () => logRing.recent(),
    ...(process.env.KIOSK_IDLE_SECONDS
      ? { idleSeconds: Number(process.env.KIOSK_IDLE_SECONDS) }
      : {}),
  })
  electron.app.on('will-quit', () => void composition.then((c) => c.close()))
  void composition.then(
    (c) => (centreUrl = () => c.identity.serverUrl()),
    () => undefined,
  )
  const services = lazyServices(
    composition.then((c) => c.services),
    log,
  )
  // Staged updates follow the centre's feed; a development run never updates itself.
  if (updates) {
    const credential = terminalBearer(config.credentialFile)
    // After the composition: the feed and the reports go to the enrolled centre's address
    // (the identity's, read again before each check), the configured one only before enrolment.
    void Promise.all([electron.app.whenReady(), composition]).then(
      ([, c]) => {
        const centre = () => c.identity.serverUrl()
        startKioskUpdates({
          updater: autoUpdater,
          config: config.updates,
          version: electron.app.getVersion(),
          feedUrl: enrolledFeedUrl(c.identity),
          credential,
          // No resident session: no card read, none lying on the reader.
          isIdle: () => services.session.card === null && !services.session.isCardPresent,
          report: createUpdateReporter({ serverUrl: centre, credential }),
          note: fileInstallNote(join(electron.app.getPath('userData'), 'update-install.json')),
          // The centre counts the update only after a self-test newer than it passed: the
          // renderer runs one unattended once nobody uses the kiosk (selftest:due).
          startedOnNewVersion: () =>
            void c.postUpdate.startedOn(electron.app.getVersion(), Date.now()),
          log,
        })
        c.postUpdate.updaterStarted()
      },
      () => undefined,
    )
  }
  return services
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
  centreUrl: () => centreUrl(),
  rendererDir: join(__dirname, '..', 'renderer'),
  preloadPath: join(__dirname, `preload-${config.role}.cjs`),
})
