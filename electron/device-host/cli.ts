import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { composeKiosk } from '../services/compose-kiosk'
import { loadTerminalConfig } from '../services/config'
import { createLogger, logDestination } from '../../node-common/logger'
import { LogRing, withLogRing } from '../../node-common/log-ring'
import { machineKeyFileProvider } from '../services/outbox'
import { startDeviceHost } from './server'
import { startTestControl } from './test-control'

const usage = `usage: npm run device-host -- [--config FILE] [--port N] [--renderer DIR]

Serves the kiosk UI and its devices to a local Chromium on 127.0.0.1 and prints KIOSK_URL.
  --config FILE     the terminal configuration (JSON; KIOSK_* environment variables override it)
  --port N          port (default 0: any free port)
  --renderer DIR    the built renderer (default out/renderer; npm run build:renderer)
Environment: KIOSK_IDLE_SECONDS, KIOSK_COUNTDOWN_SECONDS (idle check); KIOSK_LINK_PROBE_MS (how
often an unreachable centre is asked whether it is back, default 20000); KIOSK_TEST_CONTROL=1
(simulated devices and a development configuration only) also prints KIOSK_CONTROL_URL.
See docs/kiosk.md.`

function parse() {
  try {
    return parseArgs({
      options: {
        config: { type: 'string' },
        port: { type: 'string', default: '0' },
        renderer: { type: 'string', default: 'out/renderer' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values
  } catch (e) {
    process.stderr.write(
      `${e instanceof Error ? e.message : String(e)}; see: npm run device-host -- --help\n`,
    )
    process.exit(2)
  }
}
const values = parse()
if (values.help) {
  process.stdout.write(usage + '\n')
  process.exit(0)
}

// The recent lines are kept for the fleet console's "upload logs".
const logRing = new LogRing()
const log = createLogger('device-host', withLogRing(logDestination(2, true), logRing))
const config = loadTerminalConfig(process.env, values.config)
const pkg = JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { version: string }
const positive = (v: string | undefined) => (v && Number(v) > 0 ? Math.round(Number(v)) : undefined)
const idleSeconds = positive(process.env.KIOSK_IDLE_SECONDS)
const countdownSeconds = positive(process.env.KIOSK_COUNTDOWN_SECONDS)
const linkProbeMs = positive(process.env.KIOSK_LINK_PROBE_MS)
const kiosk = await composeKiosk({
  config,
  version: pkg.version,
  log,
  recentLogs: () => logRing.recent(),
  // The device host has no OS keyring: a 0600 key file next to the outbox.
  keyProvider: machineKeyFileProvider(join(resolve(config.dataDir), 'outbox.key')),
  logRing,
  ...(idleSeconds ? { idleSeconds } : {}),
  ...(countdownSeconds ? { countdownSeconds } : {}),
  ...(linkProbeMs ? { linkProbeMs } : {}),
})
const host = await startDeviceHost({
  services: kiosk.services,
  rendererDir: resolve(values.renderer),
  serverUrl: () => kiosk.identity.serverUrl(),
  port: Number(values.port),
  log,
})

// The one line scripts and technicians read: where the kiosk UI is.
process.stdout.write(`KIOSK_URL=${host.url}\n`)

if (process.env.KIOSK_TEST_CONTROL === '1') {
  if (config.devices !== 'sim' || config.production) {
    log.error({}, 'KIOSK_TEST_CONTROL needs devices=sim and a development config (KIOSK_DEV=1)')
    process.exit(2)
  }
  const control = await startTestControl(kiosk)
  log.warn({ url: control.url }, 'TEST CONTROL SURFACE ENABLED (simulated devices only)')
  process.stdout.write(`KIOSK_CONTROL_URL=${control.url}\n`)
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void host
      .close()
      .then(() => kiosk.close())
      .then(() => process.exit(0))
  })
}
