// What the kiosk benchmarks and the pad-set script drive: the real centre (applications API,
// case numbers, as the e2e specs use it), the kiosk's main process as a device host with
// simulated devices, and Debian's Chromium, all on loopback in a temp folder.
import { chromium, type Browser } from '@playwright/test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromiumArgs } from '../../../playwright.config'
import { DeviceHostProcess } from './device-host-process'
import { RealCentre } from './real-centre'

export interface BenchKiosk {
  centre: RealCentre
  host: DeviceHostProcess
  browser: Browser
  /** Closes the browser, ends the device host and the centre, and removes the temp folder. */
  stop(): Promise<void>
}

export async function startBenchKiosk(name: string): Promise<BenchKiosk> {
  const dir = mkdtempSync(join(tmpdir(), `bench-${name}-`))
  const centre = await RealCentre.create(join(dir, 'centre'))
  const host = new DeviceHostProcess(
    join(dir, 'host'),
    `http://127.0.0.1:${centre.port}`,
    {},
    centre.terminal,
  )
  await host.start()
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: chromiumArgs,
  })
  return {
    centre,
    host,
    browser,
    async stop() {
      await browser.close()
      await host.kill('SIGTERM')
      await centre.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
