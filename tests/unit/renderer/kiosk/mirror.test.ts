import { describe, expect, it } from 'vitest'
import { sampleCatalog } from '../../../../common/catalog/sample'
import { findEntry } from '../../../../common/catalog/schema'
import { Mirror } from '../../../../common/signaling'
import { fieldLabels } from '../../../../renderer/src/clerk/field-labels'
import { flattenForm, mirrorOf } from '../../../../renderer/src/kiosk/mirror'
import { useKiosk } from '../../../../renderer/src/kiosk/store'

const code = 'CA-ELDERLY-ALLOWANCE'

describe('the co-service mirror of the kiosk application', () => {
  it('carries the item, the step, the form as text with ID numbers masked, materials, signature', () => {
    const s = {
      ...useKiosk.getState(),
      catalog: sampleCatalog,
      code,
      screen: 'form' as const,
      formData: {
        applicant: { name: '王秀英', idNumber: '110101194003071249', phone: '13800138000' },
        living: { arrangement: 'alone' },
        payout: { bank: undefined },
      },
      materials: {
        'hukou-book': { kind: 'photographed' as const, previews: ['blob:1', 'blob:2'] },
      },
    }
    const m = mirrorOf(s, '填写申请表 第 1 步，共 4 步：申请人')
    expect(Mirror.safeParse(m).success).toBe(true)
    expect(m.item).toEqual({ code, title: '高龄津贴申领' })
    expect(m.fields).toEqual({
      'applicant.name': '王秀英',
      'applicant.idNumber': '110101********1249',
      'applicant.phone': '13800138000',
      'living.arrangement': 'alone',
    })
    expect(JSON.stringify(m)).not.toContain('110101194003071249')
    expect(m.materials).toEqual([
      { id: 'hukou-book', name: '居民户口簿', status: 'photographed', pages: 2 },
    ])
    expect(m.signed).toBe(false)
  })

  it('bounds what it sends, and drops keys that are not field names', () => {
    const many = Object.fromEntries(
      Array.from({ length: 500 }, (_, i) => [`f${i}`, 'x'.repeat(900)]),
    )
    const flat = flattenForm({ ...many, 'bad key': 'x', list: ['a', 'b'] })
    expect(Object.keys(flat).length).toBeLessThanOrEqual(120)
    expect(Math.max(...Object.values(flat).map((v) => v.length))).toBeLessThanOrEqual(400)
    expect(flat['bad key']).toBeUndefined()
  })

  it('is shown on the console under the item’s own labels and choice names', () => {
    const form = findEntry(sampleCatalog, code)!.entry.form
    const zh = fieldLabels(form.schema as Record<string, unknown>)
    const phone = zh.find((l) => l.path === 'applicant.phone')
    expect(phone?.title).toBe('联系电话')
    const living = zh.find((l) => l.path === 'living.arrangement')
    expect(living?.options.alone).toBe('独居')
    const en = fieldLabels(form.schema as Record<string, unknown>, form.translations.en)
    expect(en.find((l) => l.path === 'living.arrangement')?.options.alone).toBe('Alone')
  })
})
