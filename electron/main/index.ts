// Composition root of the Electron main process: the only file that loads the real `electron`
// module. Everything it wires is tested without Electron (tests/unit/electron-main).
import * as electron from 'electron'
import { join } from 'node:path'
import { loadTerminalConfig } from '../services/config'
import { createKioskServices } from '../services/kiosk-services'
import { createLogger } from '../services/logger'
import { startApp } from './app'

const log = createLogger('kiosk-main')
const config = loadTerminalConfig(process.env, process.env.KIOSK_CONFIG)
// One profile per role, so a kiosk and a clerk console on one machine do not share a session
// or the single-instance lock.
electron.app.setPath(
  'userData',
  join(electron.app.getPath('appData'), `village-kiosk-${config.role}`),
)
const services = createKioskServices({ config, version: electron.app.getVersion(), log })

startApp({
  electron,
  config,
  services,
  log,
  rendererDir: join(__dirname, '..', 'renderer'),
  preloadPath: join(__dirname, 'preload.cjs'),
})
