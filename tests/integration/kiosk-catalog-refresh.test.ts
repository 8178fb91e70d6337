// The kiosk's composition root against the real centre: the catalog the centre serves reaches
// the kiosk's bridge answers (`catalog:get`, `catalog:categories`) at start and on the periodic
// refresh, and at once when asked (`refreshCatalog`, the remote command's entry), announced to
// the renderer; a centre that is down leaves the cached catalog in use, also across a restart.
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { sampleCatalog, sampleCatalogInput } from '../../common/catalog/sample'
import { Catalog } from '../../common/catalog/schema'
import type { ServiceCategory } from '../../common/domain/catalog'
import { composeKiosk, type KioskComposition } from '../../electron/services/compose-kiosk'
import { TerminalConfig } from '../../electron/services/config'
import { silentLogger } from '../../node-common/logger'
import { machineKeyFileProvider } from '../../electron/services/outbox'
import { freePort } from '../support/free-port'
import { centreFiles, startCentre as startHarnessCentre } from './applications-harness'
import { cleanupsAfterEach } from './support/cleanups'

const cleanups = cleanupsAfterEach()

function mktemp(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** A catalog the centre publishes: the sample with another version and a changed category. */
function publish(version: string, elderlyName: string): Catalog {
  const input = structuredClone(sampleCatalogInput)
  input.version = version
  input.categories = input.categories.map((c) =>
    c.id === 'elderly-care' ? { ...c, name: { 'zh-CN': elderlyName, en: 'Elderly care' } } : c,
  )
  return Catalog.parse(input)
}

/** The harness centre serving `catalog` on `port`; resolves with its stop. */
async function startCentre(port: number, catalog: Catalog): Promise<() => Promise<void>> {
  const centre = await startHarnessCentre(centreFiles(), { port, catalog })
  cleanups.push(() => centre.close())
  return () => centre.close()
}

async function startKiosk(dataDir: string, serverUrl: string): Promise<KioskComposition> {
  const config = TerminalConfig.parse({
    serverUrl,
    devices: 'sim',
    dataDir,
    credentialFile: join(dataDir, 'terminal.json'),
    production: false,
  })
  const kiosk = await composeKiosk({
    config,
    version: 'test',
    log: silentLogger(),
    keyProvider: machineKeyFileProvider(join(dataDir, 'outbox.key')),
    // Short periods instead of 30 min; the schedule itself is tested in tests/unit/catalog.
    catalogRefresh: { intervalMs: 300, retryMs: 100 },
  })
  let open = true
  const close = async () => {
    if (!open) return
    open = false
    await kiosk.close()
  }
  cleanups.push(close)
  return Object.assign(kiosk, { close })
}

/** What the renderer gets over the bridge. */
async function bridge(kiosk: KioskComposition) {
  const get = await kiosk.services.dispatcher.dispatch('catalog:get', undefined)
  const cats = await kiosk.services.dispatcher.dispatch('catalog:categories', undefined)
  if (!get.ok || !cats.ok) throw new Error('bridge request failed')
  const catalog = get.value as Catalog
  const elderly = (cats.value as ServiceCategory[]).find((c) => c.id === 'elderly-care')
  return { version: catalog.version, elderly: elderly?.name['zh-CN'] }
}

describe('kiosk catalog from the centre', () => {
  it('a new catalog version on the centre reaches the bridge; a centre that is down leaves the cached one', async () => {
    const port = await freePort()
    const url = `http://127.0.0.1:${port}`
    const dataDir = mktemp('catalog-kiosk-')
    let stopCentre = await startCentre(port, publish('2025.07.1', '养老服务（七月版）'))

    // At start: the centre's catalog replaces the bundled sample, and is cached on disk.
    let kiosk = await startKiosk(dataDir, url)
    await expect
      .poll(() => bridge(kiosk), { timeout: 15_000 })
      .toEqual({
        version: '2025.07.1',
        elderly: '养老服务（七月版）',
      })
    expect(kiosk.catalog.source).toBe('centre')
    expect(existsSync(join(dataDir, 'catalog.json'))).toBe(true)

    // The centre publishes a new version: the periodic refresh brings it without a restart.
    await stopCentre()
    stopCentre = await startCentre(port, publish('2025.08.1', '养老服务（八月版）'))
    await expect
      .poll(() => bridge(kiosk), { timeout: 15_000 })
      .toEqual({
        version: '2025.08.1',
        elderly: '养老服务（八月版）',
      })

    // The centre goes down: several refreshes fail, the cached catalog stays in use.
    await stopCentre()
    await new Promise((r) => setTimeout(r, 800))
    expect(await bridge(kiosk)).toEqual({ version: '2025.08.1', elderly: '养老服务（八月版）' })

    // A restart while offline starts at once, from the cache.
    await kiosk.close()
    const started = Date.now()
    kiosk = await startKiosk(dataDir, url)
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(await bridge(kiosk)).toEqual({ version: '2025.08.1', elderly: '养老服务（八月版）' })
    expect(kiosk.catalog.source).toBe('centre')
  })

  it('a version published on the running centre reaches the kiosk at once by refreshCatalog, announced to the renderer', async () => {
    const port = await freePort()
    const centre = await startHarnessCentre(centreFiles(), { port })
    cleanups.push(() => centre.close())
    const kiosk = await startKiosk(mktemp('catalog-kiosk-'), `http://127.0.0.1:${port}`)
    await expect.poll(() => kiosk.catalog.source, { timeout: 15_000 }).toBe('centre')
    const announced: unknown[] = []
    kiosk.services.events.listen((channel, payload) => {
      if (channel === 'catalog:changed') announced.push(payload)
    })
    const draft = structuredClone(sampleCatalogInput)
    draft.categories = draft.categories.map((c) =>
      c.id === 'elderly-care' ? { ...c, name: { 'zh-CN': '养老服务（新版）' } } : c,
    )
    const published = await centre.service.catalogs.publish(draft, { id: 'u1', name: '管理员' })
    if (!published.ok) throw new Error('not published')
    const version = published.published.version

    expect(await kiosk.refreshCatalog()).toEqual({ kind: 'updated', version })
    expect(announced).toEqual([{ version }])
    expect(await bridge(kiosk)).toEqual({ version, elderly: '养老服务（新版）' })
    // Asked again: nothing new, nothing announced.
    expect(await kiosk.refreshCatalog()).toEqual({ kind: 'unchanged', version })
    expect(announced).toHaveLength(1)
  })

  it('without a cache and without the centre, the kiosk starts on the bundled sample', async () => {
    const url = `http://127.0.0.1:${await freePort()}`
    const kiosk = await startKiosk(mktemp('catalog-kiosk-'), url)
    await new Promise((r) => setTimeout(r, 300))
    expect(await bridge(kiosk)).toEqual({ version: sampleCatalog.version, elderly: '养老服务' })
    expect(kiosk.catalog.source).toBe('bundled')
  })
})
