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
  /** Run once on the new kiosk before the file's first test (e.g. earlier applications). */
  prepare?: (kiosk: Kiosk) => Promise<void>
}

/**
 * The real centre, reached through a link the test can hold or cut, and the kiosk's main
 * process as a child device host with simulated devices, started once the kiosk has cached the
 * centre's catalog.
 */
async function startKiosk(options: KioskOptions): Promise<{ kiosk: Kiosk; stop(): Promise<void> }> {
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
  const kiosk = { centre, link, host }
  await options.prepare?.(kiosk)
  return {
    kiosk,
    async stop() {
      await host.kill('SIGTERM')
      await link.stop()
      await centre.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A worker's kiosk: the one of the spec file it runs now, a new one for the next file. */
export interface KioskSlot {
  for(file: string, options: KioskOptions): Promise<Kiosk>
  close(): Promise<void>
}

class FileKioskSlot implements KioskSlot {
  private current: { file: string; kiosk: Kiosk; stop(): Promise<void> } | null = null

  async for(file: string, options: KioskOptions): Promise<Kiosk> {
    if (this.current?.file === file) return this.current.kiosk
    await this.close()
    this.current = { file, ...(await startKiosk(options)) }
    return this.current.kiosk
  }

  async close(): Promise<void> {
    const c = this.current
    this.current = null
    await c?.stop()
  }
}

// One test object for every kiosk spec file: Playwright sees the same worker fixtures and runs
// the next kiosk file in the same worker (and Chromium) instead of starting a new worker. The
// kiosk itself is still one per spec file (one centre shared across files grew the resident's
// progress list past one screen): the slot starts a fresh one when the file changes.
export const kioskBase = base.extend<
  { kioskOptions: KioskOptions; kiosk: Kiosk },
  { kioskSlot: KioskSlot }
>({
  kioskOptions: [{}, { option: true }],
  kioskSlot: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from this pattern
    async ({}, use) => {
      const slot: KioskSlot = new FileKioskSlot()
      await use(slot)
      await slot.close()
    },
    { scope: 'worker' },
  ],
  kiosk: async ({ kioskSlot, kioskOptions }, use, testInfo) => {
    await use(await kioskSlot.for(testInfo.file, kioskOptions))
  },
})

/**
 * A Playwright `test` with a kiosk for the spec file (see startKiosk), shared by the file's
 * tests in a worker. Call it once, at the top of each spec file: it sets the file's options.
 */
export function kioskTest(options: KioskOptions = {}) {
  kioskBase.use({ kioskOptions: options })
  return kioskBase
}

export { expect }
