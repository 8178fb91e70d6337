import { Ajv2020 } from 'ajv/dist/2020'
import { describe, expect, it } from 'vitest'
import {
  applyPrefill,
  Catalog,
  formFieldPaths,
  KioskWidget,
  localizeForm,
  missingTranslations,
  schemaAt,
  ServiceItem,
  type ServiceForm,
} from '../../../../common/catalog'
import { sampleCatalog, sampleCatalogInput } from '../../../../common/catalog/sample'
import { categoriesOf } from '../../../../electron/services/catalog/categories'

const forms: [string, ServiceForm][] = [
  ...sampleCatalog.items.map((i) => [i.code, i.form] as [string, ServiceForm]),
  ...sampleCatalog.bundles.map((b) => [b.code, b.form] as [string, ServiceForm]),
]

function newAjv() {
  const ajv = new Ajv2020({ strict: true, allErrors: true })
  // rjsf's validator registers ajv-formats; the sample uses only `date`.
  ajv.addFormat('date', /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)
  return ajv
}

const card = {
  name: '王秀英',
  gender: 'female',
  nation: '汉',
  birthDate: '1940-03-07',
  address: '示例省示例县青山镇石桥村3组12号',
  idNumber: '110101194003071248',
  issuer: '示例县公安局',
  validity: '长期',
}

describe('sample catalog', () => {
  it('is labelled as sample content and parses against the catalog schema', () => {
    const parsed = Catalog.safeParse(sampleCatalogInput)
    expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 3))).toBe(true)
    expect(sampleCatalog.sample).toBe(true)
    expect(sampleCatalog.region['zh-CN']).toContain('样例')
  })

  it('has at least 12 village items, including those the issue names, and the newborn bundle', () => {
    expect(sampleCatalog.items.length).toBeGreaterThanOrEqual(12)
    const names = sampleCatalog.items.map((i) => i.name['zh-CN'])
    for (const wanted of [
      '城乡居民基本养老保险参保登记',
      '城乡居民基本医疗保险参保',
      '高龄津贴申领',
      '困难残疾人生活补贴和重度残疾人护理补贴',
      '最低生活保障申请',
      '临时救助申请',
      '生育登记',
      '老年人优待证',
      '农村宅基地和建房',
      '社会保障卡补换',
    ]) {
      expect(
        names.some((n) => n.includes(wanted)),
        wanted,
      ).toBe(true)
    }
    expect(sampleCatalog.bundles.map((b) => b.name['zh-CN']).join()).toContain('新生儿出生')
  })

  it('has unique item codes, and the schema rejects a duplicate', () => {
    const codes = [...sampleCatalog.items, ...sampleCatalog.bundles].map((e) => e.code)
    expect(new Set(codes).size).toBe(codes.length)
    const dup = structuredClone(sampleCatalogInput)
    dup.items[1] = { ...dup.items[1]!, code: dup.items[0]!.code }
    expect(Catalog.safeParse(dup).success).toBe(false)
  })

  it('compiles every form schema with Ajv (draft 2020-12, strict)', () => {
    for (const [code, form] of forms) {
      expect(() => newAjv().compile(form.schema), code).not.toThrow()
    }
  })

  it('maps every prefill to a real form field and validates a card-prefilled form', () => {
    for (const [code, form] of forms) {
      const paths = new Set(formFieldPaths(form.schema))
      for (const m of form.prefill) expect(paths.has(m.to), `${code}: ${m.to}`).toBe(true)
    }
    const item = sampleCatalog.items.find((i) => i.code === 'CA-ELDERLY-ALLOWANCE')!
    const validate = newAjv().compile(item.form.schema)
    const prefilled = applyPrefill(item.form, card)
    expect(prefilled.applicant).toMatchObject({ name: card.name, idNumber: card.idNumber })
    // Only what the card cannot know is left for the resident.
    expect(validate(prefilled)).toBe(false)
    const complete = {
      ...prefilled,
      applicant: { ...(prefilled.applicant as object), phone: '13800138000' },
      living: { arrangement: 'alone' },
      payout: { bank: 'rcc', accountNumber: '6230123412341234123' },
    }
    expect(validate(complete), JSON.stringify(validate.errors)).toBe(true)
    expect(validate({ ...complete, payout: { bank: 'rcc', accountNumber: '12ab' } })).toBe(false)
  })

  it('uses only kiosk widgets, and its UI schemas name only real fields', () => {
    for (const [code, form] of forms) {
      const walk = (ui: Record<string, unknown>, schemaPath: string) => {
        for (const [key, value] of Object.entries(ui)) {
          if (key === 'ui:widget') {
            expect(KioskWidget.safeParse(value).success, `${code} ${schemaPath}: ${value}`).toBe(
              true,
            )
          } else if (key === 'items') {
            walk(value as Record<string, unknown>, schemaPath)
          } else if (!key.startsWith('ui:')) {
            const path = schemaPath ? `${schemaPath}.${key}` : key
            expect(schemaAt(form.schema, path), `${code}: ui for ${path}`).toBeDefined()
            walk(value as Record<string, unknown>, path)
          }
        }
      }
      walk(form.uiSchema, '')
    }
  })

  it('has English for every text a resident sees', () => {
    for (const [code, form] of forms) {
      expect(missingTranslations(form), code).toEqual([])
      const paths = new Set(['', ...formFieldPaths(form.schema)])
      for (const key of Object.keys(form.translations.en)) {
        expect(paths.has(key), `${code}: translation for ${key}`).toBe(true)
      }
    }
    const missing: string[] = []
    const walk = (v: unknown, where: string) => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${where}[${i}]`))
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>
        if ('zh-CN' in o && !o.en) missing.push(where)
        for (const [k, x] of Object.entries(o)) walk(x, `${where}.${k}`)
      }
    }
    walk(sampleCatalog, 'catalog')
    expect(missing).toEqual([])
  })

  it('localizes a form for English and locks card fields', () => {
    const item = sampleCatalog.items.find((i) => i.code === 'CA-ELDERLY-ALLOWANCE')!
    const zh = localizeForm(item.form, 'zh-CN')
    const en = localizeForm(item.form, 'en')
    expect(schemaAt(zh.schema, 'applicant.name')?.title).toBe('姓名')
    expect(schemaAt(en.schema, 'applicant.name')?.title).toBe('Name')
    const bank = schemaAt(en.schema, 'payout.bank')?.oneOf as { const: string; title: string }[]
    expect(bank.find((o) => o.const === 'psbc')?.title).toBe('Postal Savings Bank of China')
    expect(
      (en.uiSchema.applicant as Record<string, Record<string, unknown>>).idNumber,
    ).toMatchObject({
      'ui:readonly': true,
    })
    // The catalog itself is not changed by localizing.
    expect(schemaAt(item.form.schema, 'applicant.name')?.title).toBe('姓名')
  })

  it('gives 高龄津贴申领 a photographed material, a deferrable one and a commitment', () => {
    const item = sampleCatalog.items.find((i) => i.name['zh-CN'] === '高龄津贴申领')!
    expect(
      item.materials.some((m) => m.capture === 'photo' && m.requirement.kind === 'required'),
    ).toBe(true)
    const deferrable = item.materials.find((m) => m.requirement.kind === 'deferrable')
    expect(deferrable?.requirement).toMatchObject({ deadlineDays: expect.any(Number) })
    expect(item.commitment.applies && item.commitment.text['zh-CN']).toContain('承诺')
  })

  it('fans the newborn bundle out to real items and real fields', () => {
    const bundle = sampleCatalog.bundles[0]!
    const paths = new Set(formFieldPaths(bundle.form.schema))
    const materialIds = new Set(bundle.materials.map((m) => m.id))
    for (const part of bundle.fanOut) {
      expect(sampleCatalog.items.some((i) => i.code === part.itemCode)).toBe(true)
      for (const p of part.formPaths) expect(paths.has(p), p).toBe(true)
      for (const id of part.materialIds) expect(materialIds.has(id)).toBe(true)
    }
  })

  it('rejects deferrable materials without a commitment, and promises beyond the statute', () => {
    const input = sampleCatalogInput.items.find((i) => i.code === 'CA-ELDERLY-ALLOWANCE')!
    expect(ServiceItem.safeParse(input).success).toBe(true)
    expect(ServiceItem.safeParse({ ...input, commitment: { applies: false } }).success).toBe(false)
    expect(
      ServiceItem.safeParse({
        ...input,
        timeLimits: { statutoryWorkingDays: 10, promisedWorkingDays: 15 },
      }).success,
    ).toBe(false)
  })

  it('derives the home-screen categories with their entry counts', () => {
    const tiles = categoriesOf(sampleCatalog)
    expect(tiles.map((c) => c.id)).toEqual(sampleCatalog.categories.map((c) => c.id))
    const total = tiles.reduce((n, c) => n + c.itemCount, 0)
    expect(total).toBe(sampleCatalog.items.length + sampleCatalog.bundles.length)
    expect(tiles.find((c) => c.id === 'family')?.itemCount).toBe(3)
  })
})

describe('reason codes (不予受理, 补正, 不予许可)', () => {
  it('every item offers reasons of each kind, with English', () => {
    for (const item of sampleCatalog.items) {
      for (const list of [
        item.reasons.notAccepted,
        item.reasons.supplement,
        item.reasons.rejection,
      ]) {
        expect(list.length, item.code).toBeGreaterThan(0)
        for (const r of list) expect(r.text.en, `${item.code} ${r.code}`).toBeTruthy()
      }
    }
    const allowance = sampleCatalog.items.find((i) => i.code === 'CA-ELDERLY-ALLOWANCE')!
    expect(allowance.reasons.rejection.map((r) => r.code)).toContain('under-age')
  })

  it('refuses an item listing one reason code twice', () => {
    const input = structuredClone(sampleCatalogInput)
    const item = input.items[0]!
    item.reasons = {
      notAccepted: [],
      supplement: [
        { code: 'unclear', text: { 'zh-CN': '不清晰', en: 'Unclear' } },
        { code: 'unclear', text: { 'zh-CN': '看不清', en: 'Cannot read' } },
      ],
      rejection: [],
    }
    expect(Catalog.safeParse(input).success).toBe(false)
  })
})
