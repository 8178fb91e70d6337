import { describe, expect, it } from 'vitest'
import { sampleCatalog } from '../../../../../../common/catalog/sample'
import { findEntry, type ServiceItem } from '../../../../../../common/catalog/schema'
import { chinaDayPlus } from '../../../../../../common/domain/china-day'
import { FormValidator } from '../../../../../../electron/services/bridge/handlers/form-validate'
import { ResidentSession } from '../../../../../../electron/services/bridge/handlers/session'
import { sampleApplicant } from '../../../../../support/sample-applicant'

const allowance = findEntry(sampleCatalog, 'CA-ELDERLY-ALLOWANCE')!.entry as ServiceItem
const card = {
  cardType: 'resident' as const,
  name: '王秀英',
  gender: '女' as const,
  genderCode: '2',
  birthDate: '1940-03-07',
  idNumber: '110101194003071249',
  validFrom: '2010-01-01',
  validUntil: '长期' as const,
}

describe('form validation in the main process', () => {
  const v = new FormValidator()
  const applicant = sampleApplicant

  it('says in words what to fill in, with the field title and its help', () => {
    const errors = v.validate(allowance.form, { applicant }, 'applicant')
    expect(errors).toEqual([
      {
        path: 'applicant.phone',
        message: {
          'zh-CN': '请填写“联系电话”。请输入 11 位手机号码',
          en: 'Please fill in “Phone number”. Enter an 11-digit mobile number',
        },
      },
    ])
  })

  it('explains a wrong format and accepts a right one', () => {
    const wrong = v.validate(
      allowance.form,
      { applicant: { ...applicant, phone: '12345' } },
      'applicant',
    )
    expect(wrong[0]?.message['zh-CN']).toBe('“联系电话”的格式不对。请输入 11 位手机号码')
    expect(
      v.validate(
        allowance.form,
        { applicant: { ...applicant, phone: '13800138000' } },
        'applicant',
      ),
    ).toEqual([])
  })

  it('reports only the section asked for', () => {
    expect(v.validate(allowance.form, {}, 'living').map((e) => e.path)).toEqual(['living'])
  })
})

describe('form compile ahead of use', () => {
  it('compiles every form of the catalog in the background, without blocking the caller', async () => {
    const v = new FormValidator()
    const forms = [...sampleCatalog.items, ...sampleCatalog.bundles].map((e) => e.form)
    v.warm(forms)
    // Nothing compiled synchronously: the bridge answer goes out first.
    expect(forms.some((f) => v.isCompiled(f))).toBe(false)
    await expect.poll(() => forms.every((f) => v.isCompiled(f)), { timeout: 10_000 }).toBe(true)
  })
})

describe('resident session', () => {
  it('assembles photo pieces in order and forgets everything on wipe', () => {
    const s = new ResidentSession()
    s.placeCard(card)
    s.putPage('hukou-book', 0, 0, false, { mediaType: 'image/jpeg', data: 'AAAA' })
    expect(s.putPage('hukou-book', 0, 1, true, { mediaType: 'image/jpeg', data: 'BBBB' })).toBe(1)
    expect(s.pagesOf('hukou-book')).toEqual([{ mediaType: 'image/jpeg', base64: 'AAAABBBB' }])
    expect(() =>
      s.putPage('hukou-book', 1, 1, true, { mediaType: 'image/jpeg', data: 'CC' }),
    ).toThrow()
    s.wipe()
    expect(s.card).toBeNull()
    expect(s.dump()).not.toContain(card.name)
    expect(s.pagesOf('hukou-book')).toEqual([])
  })

  it('a different card ends the previous resident’s session', () => {
    const s = new ResidentSession()
    s.placeCard(card)
    s.putPage('hukou-book', 0, 0, true, { mediaType: 'image/jpeg', data: 'AAAA' })
    expect(s.placeCard({ ...card, name: '赵桂兰', idNumber: '11010119381102002X' })).toBe(true)
    expect(s.pagesOf('hukou-book')).toEqual([])
    expect(s.dump()).not.toContain('王秀英')
  })
})

it('due dates count calendar days in China time, whatever the machine’s zone', () => {
  // 10:00 in Beijing on 20 June; and 01:00 on 21 June in Beijing, still the 20th in UTC.
  expect(chinaDayPlus(Date.UTC(2025, 5, 20, 2), 15)).toBe('2025-07-05')
  expect(chinaDayPlus(Date.UTC(2025, 5, 20, 17), 15)).toBe('2025-07-06')
})
