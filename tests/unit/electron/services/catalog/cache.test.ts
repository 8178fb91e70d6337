import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { sampleCatalog, sampleCatalogInput } from '../../../../../common/catalog/sample'
import {
  CatalogCache,
  compareCatalogVersions,
} from '../../../../../electron/services/catalog/cache'
import { silentLogger } from '../../../../../node-common/logger'

const dir = mkdtempSync(join(tmpdir(), 'catalog-cache-'))
afterEach(() => rmSync(join(dir, 'catalog.json'), { force: true }))

const withVersion = (version: string) => ({ ...structuredClone(sampleCatalogInput), version })

describe('catalog cache', () => {
  it('orders versions numerically', () => {
    expect(compareCatalogVersions('2025.06.10', '2025.06.9')).toBeGreaterThan(0)
    expect(compareCatalogVersions('2025.06.1', '2025.07.0')).toBeLessThan(0)
  })

  it('keeps a newer served catalog across a restart and ignores older or invalid ones', async () => {
    const path = join(dir, 'catalog.json')
    const cache = await CatalogCache.open(path, sampleCatalog, silentLogger())
    expect(cache.catalog.version).toBe(sampleCatalog.version)
    expect(await cache.offer(withVersion('2025.07.2'))).toBe(true)
    expect(await cache.offer(withVersion('2025.07.1'))).toBe(false)
    expect(await cache.offer({ ...withVersion('2026.01.1'), items: [] })).toBe(false)

    const reopened = await CatalogCache.open(path, sampleCatalog, silentLogger())
    expect(reopened.catalog.version).toBe('2025.07.2')
  })

  it("takes the centre's first catalog over the bundled sample whatever its version", async () => {
    const path = join(dir, 'catalog.json')
    const cache = await CatalogCache.open(path, sampleCatalog, silentLogger())
    expect(cache.source).toBe('bundled')
    // A centre whose last publication predates this build's sample still replaces the sample.
    expect(await cache.offer(withVersion('2025.05.1'))).toBe(true)
    expect(cache.source).toBe('centre')
    expect(await cache.offer(withVersion('2025.04.9'))).toBe(false)
    const reopened = await CatalogCache.open(path, sampleCatalog, silentLogger())
    expect(reopened.catalog.version).toBe('2025.05.1')
    expect(reopened.source).toBe('centre')
  })

  it('falls back to the bundled catalog when the cached file is damaged', async () => {
    const path = join(dir, 'catalog.json')
    writeFileSync(path, '{"schemaVersion":1,')
    const cache = await CatalogCache.open(path, sampleCatalog, silentLogger())
    expect(cache.catalog.version).toBe(sampleCatalog.version)
  })
})
