// The catalog-versions part of the applications store contract (catalog/store.ts), directly and
// through the service that holds the rules (catalog/service.ts): append-only versions with who
// published them when, the latest appended is the one in force (also when a restore appends an
// older content), a version number is taken once (two nodes publishing at once: one wins, the
// other numbers after it), and everything survives a reopen. Implementation-agnostic.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sampleCatalog, sampleCatalogInput } from '../../../common/catalog/sample'
import type { RecordsStore } from '../../../signaling-server/src/applications/records'
import { createCatalogService } from '../../../signaling-server/src/catalog/service'
import type { StoredCatalogVersion } from '../../../signaling-server/src/catalog/store'
import { silentLogger } from '../../../node-common/logger'
import type { StoreFactory, StoreSite } from './factory'

const NOW = Date.parse('2026-07-01T09:00:00+08:00')
const admin = { id: 'u-admin', name: '管理员' }

const row = (version: string, over: Partial<StoredCatalogVersion> = {}): StoredCatalogVersion => ({
  version,
  publishedAt: NOW,
  publishedBy: admin,
  restoredFrom: null,
  entries: 1,
  body: JSON.stringify({ ...sampleCatalog, version }),
  ...over,
})

/** The sample with one more popular item, as an admin would upload it. */
function withNewItem(): unknown {
  const draft = structuredClone(sampleCatalogInput) as unknown as {
    items: { code: string; name: { 'zh-CN': string } }[]
  }
  const first = structuredClone(draft.items[0]!)
  draft.items.unshift({ ...first, code: 'SI-NEW-ITEM', name: { 'zh-CN': '新事项' } })
  return draft
}

export function catalogVersionsContract(factory: StoreFactory): void {
  describe(`catalog versions store contract: ${factory.name}`, () => {
    let site: StoreSite
    let records: RecordsStore
    beforeEach(async () => {
      site = await factory.site()
      records = await site.records()
    })
    afterEach(async () => {
      await records.close()
      await site.dispose()
    })

    it('keeps versions append-only: a number once, the latest appended in force, newest first', async () => {
      expect(await records.latestCatalogVersion()).toBeNull()
      expect(await records.addCatalogVersion(row('2026.07.1'))).toBe(true)
      expect(await records.addCatalogVersion(row('2026.07.1', { entries: 9 }))).toBe(false)
      // A restore appends older content under a newer number: the latest appended is in force.
      expect(
        await records.addCatalogVersion(
          row('2026.07.2', { restoredFrom: '2025.06.1', publishedBy: { id: 'u2', name: '李' } }),
        ),
      ).toBe(true)
      expect(await records.latestCatalogVersion()).toMatchObject({
        version: '2026.07.2',
        restoredFrom: '2025.06.1',
        publishedBy: { id: 'u2', name: '李' },
      })
      expect(await records.catalogVersions(10)).toEqual([
        {
          version: '2026.07.2',
          publishedAt: NOW,
          publishedBy: { id: 'u2', name: '李' },
          restoredFrom: '2025.06.1',
          entries: 1,
        },
        {
          version: '2026.07.1',
          publishedAt: NOW,
          publishedBy: admin,
          restoredFrom: null,
          entries: 1,
        },
      ])
      expect(await records.catalogVersions(1)).toHaveLength(1)
      expect((await records.catalogVersion('2026.07.1'))?.body).toBe(row('2026.07.1').body)
      expect(await records.catalogVersion('2030.01.1')).toBeNull()

      await records.close()
      records = await site.records()
      expect((await records.latestCatalogVersion())?.version).toBe('2026.07.2')
      expect(await records.catalogVersions(10)).toHaveLength(2)
    })

    it('starts from the sample, publishes, restores and audits, and a reopened centre serves the latest', async () => {
      const open = () =>
        createCatalogService({
          store: records,
          initial: sampleCatalog,
          log: silentLogger(),
          now: () => NOW,
        })
      let service = open()
      await service.ready
      expect(service.current().version).toBe(sampleCatalog.version)
      expect(
        (await service.versions()).map((v) => [v.version, v.publishedBy.id, v.current]),
      ).toEqual([[sampleCatalog.version, 'system', true]])
      const published = await service.publish(withNewItem(), admin)
      expect(published).toMatchObject({
        ok: true,
        published: { version: '2026.07.1', current: true },
      })
      expect(service.current().items[0]!.code).toBe('SI-NEW-ITEM')
      const restored = await service.restore(sampleCatalog.version, admin)
      expect(restored).toMatchObject({ version: '2026.07.2', restoredFrom: sampleCatalog.version })
      expect(service.current().items.map((i) => i.code)).toEqual(
        sampleCatalog.items.map((i) => i.code),
      )
      // The application filled in from the version before still finds its catalog.
      expect((await service.atVersion('2026.07.1'))?.items[0]!.code).toBe('SI-NEW-ITEM')
      const audit = await records.auditLog({ limit: 10 })
      expect(audit.rows.map((e) => [e.action, e.userId, e.detail])).toEqual([
        ['catalog-restore', 'u-admin', `version 2026.07.2 from ${sampleCatalog.version}`],
        ['catalog-publish', 'u-admin', 'version 2026.07.1'],
      ])
      service.close()

      await records.close()
      records = await site.records()
      service = open()
      await service.ready
      expect(service.current().version).toBe('2026.07.2')
      expect(await service.versions()).toHaveLength(3)
      service.close()
    })

    it.runIf(factory.concurrentWriters)(
      'two nodes publishing at once both publish, under different numbers, and each learns the other’s',
      async () => {
        const other = await site.records()
        try {
          const open = (r: RecordsStore) =>
            createCatalogService({
              store: r,
              initial: sampleCatalog,
              log: silentLogger(),
              now: () => NOW,
            })
          const a = open(records)
          const b = open(other)
          await Promise.all([a.ready, b.ready])
          const [pa, pb] = await Promise.all([
            a.publish(withNewItem(), admin),
            b.publish(withNewItem(), { id: 'u-b', name: '乙' }),
          ])
          const numbers = [pa, pb].map((p) => (p.ok ? p.published.version : null)).sort()
          expect(numbers).toEqual(['2026.07.1', '2026.07.2'])
          await Promise.all([a.sync(), b.sync()])
          expect(a.current().version).toBe('2026.07.2')
          expect(b.current().version).toBe('2026.07.2')
          a.close()
          b.close()
        } finally {
          await other.close()
        }
      },
    )
  })
}
