import { test as base, expect } from '@playwright/test'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sampleCatalogInput } from '../../../common/catalog/sample'
import { Catalog } from '../../../common/catalog/schema'
import { DeviceHostProcess } from './device-host-process'
import { Link } from './link'
import { RealCentre } from './real-centre'

/** The receipt as the printer simulator parsed it from the ESC/POS bytes (`GET /receipts`). */
export interface ParsedReceipt {
  text: string
  qrCodes: string[]
}

/** The sample catalog under a version of the centre's own, so tests see which catalog is used. */
export const servedCatalog = Catalog.parse({
  ...structuredClone(sampleCatalogInput),
  version: '2025.06.7',
})

export interface Kiosk {
  centre: RealCentre
  link: Link
  host: DeviceHostProcess
}

export interface KioskOptions {
  /** What the centre serves (GET /api/v1/catalog); the sample catalog when absent. */
  catalog?: Catalog
  /** Extra environment for the device host, e.g. a longer idle check. */
  hostEnv?: Record<string, string>
}

/**
 * A Playwright `test` with a worker-scoped kiosk: the real centre, reached through a link the
 * test can hold or cut, and the kiosk's main process as a child device host with simulated
 * devices, started once the kiosk has cached the centre's catalog.
 *
 * Call it once in each spec file: every call registers a fixture of its own, so Playwright runs
 * each spec file in a worker of its own with a fresh centre (one centre shared across files
 * grew the resident's progress list past one screen).
 */
export function kioskTest(options: KioskOptions = {}) {
  return base.extend<object, { kiosk: Kiosk }>({
    kiosk: [
      // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from this pattern
      async ({}, use) => {
        const dir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-'))
        const centre = await RealCentre.create(join(dir, 'centre'), options.catalog)
        const link = new Link({ host: '127.0.0.1', port: centre.port })
        await link.start()
        const host = new DeviceHostProcess(
          join(dir, 'host'),
          link.url,
          options.hostEnv ?? {},
          centre.terminal,
        )
        await host.start()
        // The kiosk fetches the catalog at start and caches it before the first resident comes.
        await expect
          .poll(() => existsSync(join(host.dataDir, 'catalog.json')), { timeout: 15_000 })
          .toBe(true)
        await use({ centre, link, host })
        await host.kill('SIGTERM')
        await link.stop()
        await centre.stop()
        rmSync(dir, { recursive: true, force: true })
      },
      { scope: 'worker' },
    ],
  })
}

export { expect }
