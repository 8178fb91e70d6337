import { describe, expect, it } from 'vitest'
import {
  diffCatalogs,
  nextCatalogVersion,
  parseDraft,
  stampDraft,
} from '../../../../common/catalog/publishing'
import { sampleCatalog, sampleCatalogInput } from '../../../../common/catalog/sample'
import { Catalog } from '../../../../common/catalog/schema'

type Draft = { items: Record<string, unknown>[]; bundles: Record<string, unknown>[] }
const draft = () => structuredClone(sampleCatalogInput) as unknown as Draft
const check = (d: unknown) => parseDraft(stampDraft(d, '2026.07.1', '2026-07-01T09:00:00+08:00'))

describe('catalog versions', () => {
  it('numbers a publication after the version in force, in the month of China time', () => {
    // 1 July 00:30 in China is still 30 June in UTC.
    const julyInChina = Date.parse('2026-06-30T16:30:00Z')
    expect(nextCatalogVersion('2025.06.1', julyInChina)).toBe('2026.07.1')
    expect(nextCatalogVersion('2026.07.1', julyInChina)).toBe('2026.07.2')
    expect(nextCatalogVersion('2026.07.9', julyInChina)).toBe('2026.07.10')
    // A version in force from a later month (a clock set back): still newer.
    expect(nextCatalogVersion('2026.09.3', julyInChina)).toBe('2026.09.4')
    expect(nextCatalogVersion(null, julyInChina)).toBe('2026.07.1')
  })
})

describe('a draft’s issues', () => {
  it('name the item and the field of a missing, a mistyped and a duplicate value', () => {
    const d = draft()
    const elderly = d.items.find((i) => i.code === 'CA-ELDERLY-ALLOWANCE')!
    delete (elderly.materials as Record<string, unknown>[])[2]!.name
    const pension = d.items.find((i) => i.code === 'SI-PENSION-ENROL')!
    pension.popular = 'yes'
    d.items[3] = { ...d.items[3]!, code: 'SI-PENSION-ENROL' }
    const r = check(d)
    expect(r.ok).toBe(false)
    if (r.ok) return
    // The catalog-wide rules (duplicates, references) run once every entry parses.
    expect(r.issues.map((i) => [i.entry?.code, i.entry?.name, i.field, i.problem])).toEqual([
      ['SI-PENSION-ENROL', '城乡居民基本养老保险参保登记', 'popular', 'invalid_type'],
      ['CA-ELDERLY-ALLOWANCE', '高龄津贴申领', 'materials[2].name', 'required'],
    ])
    pension.popular = true
    ;(elderly.materials as Record<string, unknown>[])[2]!.name = { 'zh-CN': '户口簿' }
    const again = check(d)
    if (again.ok) throw new Error('expected issues')
    expect(again.issues.map((i) => [i.entry?.code, i.entry?.name, i.field, i.problem])).toEqual([
      ['SI-PENSION-ENROL', '社会保障卡申领', 'code', 'duplicate'],
      // The newborn bundle fans out to 社会保障卡申领, whose code was overwritten.
      ['OT-NEWBORN', '新生儿出生“一件事”', 'fanOut[2].itemCode', 'unknown_reference'],
    ])
  })

  it('name a bundle’s unknown item, an unknown category and the catalog’s own fields', () => {
    const d = draft() as Draft & Record<string, unknown>
    const bundle = d.bundles[0]!
    ;(bundle.fanOut as { itemCode: string }[])[0]!.itemCode = 'XX-NOPE'
    d.items[0] = { ...d.items[0]!, categoryId: 'nowhere' }
    delete d.region
    const r = check(d)
    if (r.ok) throw new Error('expected issues')
    expect(r.issues.map((i) => [i.entry?.kind ?? null, i.field, i.problem])).toEqual([
      [null, 'region', 'required'],
    ])
    d.region = sampleCatalogInput.region
    const again = check(d)
    if (again.ok) throw new Error('expected issues')
    expect(again.issues.map((i) => [i.entry?.kind, i.entry?.code, i.field, i.problem])).toEqual([
      ['item', 'SI-PENSION-ENROL', 'categoryId', 'unknown_reference'],
      ['bundle', bundle.code, 'fanOut[0].itemCode', 'unknown_reference'],
    ])
  })

  it('takes the sample as it is, under the version it is stamped with', () => {
    const r = check(draft())
    expect(r.ok && r.catalog.version).toBe('2026.07.1')
  })
})

describe('the difference between two catalogs', () => {
  it('lists entries added, removed and changed with their parts, and the catalog’s own fields', () => {
    const d = draft() as Draft & Record<string, unknown>
    d.items = d.items.filter((i) => i.code !== 'CA-TEMP-ASSIST')
    const card = d.items.find((i) => i.code === 'CA-ELDER-CARD')!
    card.summary = { 'zh-CN': '新的简介' }
    card.popular = false
    d.items.push({ ...structuredClone(card), code: 'CA-NEW', name: { 'zh-CN': '新事项' } })
    d.sample = false
    const next = Catalog.parse({ ...d, version: '2026.07.1' })
    const diff = diffCatalogs(sampleCatalog, next)
    expect(diff.added).toEqual([{ kind: 'item', code: 'CA-NEW', name: '新事项' }])
    expect(diff.removed).toEqual([{ kind: 'item', code: 'CA-TEMP-ASSIST', name: '临时救助申请' }])
    expect(diff.changed).toEqual([
      {
        entry: { kind: 'item', code: 'CA-ELDER-CARD', name: '老年人优待证办理' },
        parts: ['summary', 'popular'],
      },
    ])
    expect(diff.catalogParts).toEqual(['sample'])
    const entries = sampleCatalog.categories.length + sampleCatalog.items.length
    expect(diff.unchanged).toBe(entries + sampleCatalog.bundles.length - 2)
    // Version and time alone are no change.
    expect(diffCatalogs(sampleCatalog, { ...sampleCatalog, version: '2030.01.1' })).toEqual({
      added: [],
      removed: [],
      changed: [],
      catalogParts: [],
      unchanged: entries + sampleCatalog.bundles.length,
    })
  })
})
