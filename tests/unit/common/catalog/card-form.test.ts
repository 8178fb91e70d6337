import { Ajv2020 } from 'ajv/dist/2020'
import { describe, expect, it } from 'vitest'
import { Application } from '../../../../common/applications/schema'
import { CaseLookupRequestAccepted } from '../../../../common/applications/api'
import {
  applyPrefill,
  findEntry,
  formForCard,
  localizeForm,
  lockedFieldPaths,
  schemaAt,
} from '../../../../common/catalog'
import { sampleCatalog } from '../../../../common/catalog/sample'
import { CardType } from '../../../../common/devices/id-card'
import { birthDateOfNumber, cardTypeOfNumber } from '../../../../common/devices/id-number'
import { demoCards } from '../../../../electron/services/devices/id-reader/sim-cards'
import { maskIdNumbersIn } from '../../../../common/privacy/mask'
import { makeApplication } from '../../../support/applications'

const card = findEntry(sampleCatalog, 'SI-CARD-APPLY')!.entry.form

function valuesOf(type: CardType) {
  const c = demoCards[type]
  return {
    name: c.name,
    gender: c.gender === '男' ? 'male' : 'female',
    ...(c.nation ? { nation: c.nation } : {}),
    birthDate: c.birthDate,
    ...(c.address ? { address: c.address } : {}),
    idNumber: c.idNumber,
  } as const
}

function validate(form: typeof card, data: unknown) {
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/)
  const fn = ajv.compile(form.schema)
  return fn(data) ? [] : (fn.errors ?? []).map((e) => `${e.instancePath} ${e.message}`)
}

describe('formForCard: a catalog form adapted to the card type', () => {
  it('leaves the resident ID card form as written', () => {
    expect(formForCard(card, 'resident')).toBe(card)
  })

  it.each(CardType.options)(
    'a %s holder can complete the form from the card plus a phone',
    (type) => {
      const form = formForCard(card, type)
      const data = applyPrefill(form, valuesOf(type))
      const applicant = data.applicant as Record<string, unknown>
      applicant.phone = '13800138000'
      // What the card lacks and is needed is asked: the foreigner types an address in China.
      if (!demoCards[type].address) applicant.address = '示例县青山镇石桥村5号'
      expect(validate(form, data)).toEqual([])
      // The number as read is what the form holds, and the form refuses another card type's.
      expect(applicant.idNumber).toBe(demoCards[type].idNumber)
      for (const other of CardType.options) {
        if (demoCards[other].idNumber === demoCards[type].idNumber) continue
        const wrong = { ...data, applicant: { ...applicant, idNumber: demoCards[other].idNumber } }
        if (type !== 'resident') expect(validate(form, wrong)).not.toEqual([])
      }
    },
  )

  it('drops 民族 for cards without it and asks the foreigner for an address, editable', () => {
    const permit = formForCard(card, 'hk-mo-tw-residence')
    expect(schemaAt(permit.schema, 'applicant.nation')).toBeUndefined()
    expect((schemaAt(permit.schema, 'applicant') as { required: string[] }).required).not.toContain(
      'nation',
    )
    expect(lockedFieldPaths(permit)).toContain('applicant.address')
    const foreign = formForCard(card, 'foreign-permanent')
    expect(schemaAt(foreign.schema, 'applicant.nation')).toBeUndefined()
    expect(lockedFieldPaths(foreign)).not.toContain('applicant.address')
    const ui = foreign.uiSchema.applicant as Record<string, Record<string, unknown>>
    expect(ui.address!['ui:widget']).toBe('text')
    expect(ui['ui:order']).not.toContain('nation')
    expect((schemaAt(foreign.schema, 'applicant') as { required: string[] }).required).toContain(
      'address',
    )
    expect(foreign.translations.en['applicant.nation']).toBeUndefined()
  })

  it('names the document the resident holds, in both languages', () => {
    const title = (type: CardType, lang: 'zh-CN' | 'en', path: string) =>
      schemaAt(localizeForm(formForCard(card, type), lang).schema, path)?.title
    expect(title('resident', 'zh-CN', 'applicant.idNumber')).toBe('公民身份号码')
    expect(title('hk-mo-tw-residence', 'zh-CN', 'applicant.idNumber')).toBe('港澳台居民居住证号码')
    expect(title('foreign-permanent', 'zh-CN', 'applicant.idNumber')).toBe(
      '外国人永久居留身份证号码',
    )
    expect(title('foreign-permanent-2023', 'en', 'applicant.idNumber')).toBe(
      'Foreign permanent resident ID card number',
    )
    expect(title('hk-mo-tw-residence', 'zh-CN', 'applicant.address')).toBe('居住地址')
    expect(title('foreign-permanent', 'zh-CN', 'applicant.address')).toBe('在华居住地址')
  })

  it('memoizes per form and card type (validators compiled for it are reused)', () => {
    expect(formForCard(card, 'foreign-permanent')).toBe(formForCard(card, 'foreign-permanent'))
  })
})

describe('document numbers: every format the reader decodes', () => {
  it('tells the card type and the birth date from the number', () => {
    for (const type of CardType.options) {
      expect(cardTypeOfNumber(demoCards[type].idNumber)).toBe(type)
      expect(birthDateOfNumber(demoCards[type].idNumber, '2026-12-01')).toBe(
        demoCards[type].birthDate,
      )
    }
    // The old foreigner card's two-digit year: the century that is not in the future.
    expect(birthDateOfNumber('GBR110012050619', '2026-12-01')).toBe('2012-05-06')
    expect(birthDateOfNumber('GBR110030050619', '2026-12-01')).toBe('1930-05-06')
    expect(birthDateOfNumber('12345', '2026-12-01')).toBeUndefined()
  })

  it('the application and lookup schemas accept the 15-character foreigner card number', () => {
    for (const type of CardType.options) {
      const idNumber = demoCards[type].idNumber
      const app = makeApplication({ applicant: { name: demoCards[type].name, idNumber } })
      expect(Application.safeParse(app).success).toBe(true)
      expect(CaseLookupRequestAccepted.parse({ idNumber })).toEqual({ idNumber })
      expect(CaseLookupRequestAccepted.parse({ applicant: { idNumber } })).toEqual({ idNumber })
    }
    expect(demoCards['foreign-permanent'].idNumber).toHaveLength(15)
    for (const bad of ['12345X', 'gbr110080050619', 'GBR11008005061', '011010119900307123'])
      expect(CaseLookupRequestAccepted.safeParse({ idNumber: bad }).success).toBe(false)
  })

  it('masks every format in free text (log lines), the 15-character one too', () => {
    const line = Object.values(demoCards)
      .map((c) => `read ${c.idNumber} ok`)
      .join('; ')
    const masked = maskIdNumbersIn(line)
    for (const c of Object.values(demoCards)) expect(masked).not.toContain(c.idNumber)
    expect(masked).toContain('GBR110*****0619')
    expect(maskIdNumbersIn('case LS-20261201-ab12cd34, order ABC12')).toBe(
      'case LS-20261201-ab12cd34, order ABC12',
    )
  })
})
