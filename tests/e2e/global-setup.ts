import { existsSync } from 'node:fs'
import { useRunTempRoot } from '../support/temp-root'
import { bundleDeviceHost } from './support/device-host-bundle'

/** Checks what the run needs; returns the teardown that removes the run's temp folder. */
export default async function globalSetup(): Promise<() => void> {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (!existsSync(chromium)) {
    throw new Error(
      `Chromium not found at ${chromium}: run "npm test" (it installs Debian's chromium) or set CHROMIUM_PATH`,
    )
  }
  if (!existsSync('out/renderer/kiosk.html')) {
    throw new Error('The renderer is not built: run "npm run build:renderer" first')
  }
  // The workers inherit the environment: their device hosts start from the bundle.
  process.env.E2E_DEVICE_HOST_BUNDLE = await bundleDeviceHost()
  return useRunTempRoot('e2e-run-')
}
