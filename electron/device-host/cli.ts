import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { loadTerminalConfig } from '../services/config'
import { createKioskServices } from '../services/kiosk-services'
import { createLogger } from '../services/logger'
import { startDeviceHost } from './server'

/**
 * `npm run device-host -- [--config FILE] [--port N] [--renderer DIR]`
 * Serves the kiosk UI to a local Chromium with the same services the Electron main process has.
 */
const { values } = parseArgs({
  options: {
    config: { type: 'string' },
    port: { type: 'string', default: '0' },
    renderer: { type: 'string', default: 'out/renderer' },
  },
})

const log = createLogger('device-host')
const config = loadTerminalConfig(process.env, values.config)
const pkg = JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { version: string }
const services = createKioskServices({ config, version: pkg.version, log })
const host = await startDeviceHost({
  services,
  rendererDir: resolve(values.renderer),
  serverUrl: config.serverUrl,
  port: Number(values.port),
  log,
})

// The one line scripts and technicians read: where the kiosk UI is.
process.stdout.write(`KIOSK_URL=${host.url}\n`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void host
      .close()
      .then(() => services.close())
      .then(() => process.exit(0))
  })
}
