import { existsSync } from 'node:fs'
import { useRunTempRoot } from '../support/temp-root'

/** Checks what the run needs; returns the teardown that removes the run's temp folder. */
export default function globalSetup(): () => void {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (!existsSync(chromium)) {
    throw new Error(
      `Chromium not found at ${chromium}: run "npm test" (it installs Debian's chromium) or set CHROMIUM_PATH`,
    )
  }
  if (!existsSync('out/renderer/kiosk.html')) {
    throw new Error('The renderer is not built: run "npm run build:renderer" first')
  }
  return useRunTempRoot('e2e-run-')
}
