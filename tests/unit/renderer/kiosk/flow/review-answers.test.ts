import { describe, expect, it } from 'vitest'
import { localizeForm } from '../../../../../common/catalog/form'
import { sampleCatalog } from '../../../../../common/catalog/sample'
import { findEntry } from '../../../../../common/catalog/schema'
import {
  answerGroups,
  formatDate,
  formatDigits,
  type AnswerWords,
} from '../../../../../renderer/src/kiosk/flow/review-answers'
import { sampleApplicant } from '../../../../support/sample-applicant'

const words: AnswerWords = {
  locale: 'zh-CN',
  yes: '是',
  no: '否',
  empty: '未填写',
  separator: '、',
  masked: (path, v) => (path === 'applicant.idNumber' ? `${v.slice(0, 6)}****` : undefined),
}

describe('the review screen’s answers', () => {
  const allowance = findEntry(sampleCatalog, 'CA-ELDERLY-ALLOWANCE')!.entry
  const data = {
    applicant: { ...sampleApplicant, phone: '13800138000' },
    living: { arrangement: 'alone' },
    payout: { bank: 'rcc', accountNumber: '6230123412341234123' },
  }

  it('shows every answer by step, with labels, option labels and formatted values', () => {
    const { schema, uiSchema } = localizeForm(allowance.form, 'zh-CN')
    const groups = answerGroups(schema, uiSchema, data, words)
    expect(groups.map((g) => [g.key, g.page, g.title])).toEqual([
      ['applicant', 0, '申请人'],
      ['living', 1, '居住情况'],
      ['payout', 2, '发放账户'],
      ['agent', 3, '代办人（没有可不填）'],
    ])
    expect(groups[0]!.rows.map((r) => `${r.label}=${r.value}`)).toEqual([
      '姓名=王秀英',
      '性别=女',
      '民族=汉',
      '出生日期=1940年3月7日',
      '公民身份号码=110101****',
      '户籍地址=示例省示例县青山镇石桥村3组12号',
      '联系电话=138 0013 8000',
    ])
    expect(groups[1]!.rows).toEqual([
      { path: 'living.arrangement', label: '居住情况', value: '独居' },
    ])
    expect(groups[2]!.rows.map((r) => r.value)).toEqual([
      '农村商业银行（信用社）',
      '6230 1234 1234 1234 123',
    ])
    // An optional section left empty is one line.
    expect(groups[3]!.rows).toEqual([{ path: 'agent', label: '', value: '未填写' }])
  })

  it('uses the English labels in English', () => {
    const { schema, uiSchema } = localizeForm(allowance.form, 'en')
    const groups = answerGroups(schema, uiSchema, data, { ...words, locale: 'en' })
    expect(groups[1]!.rows[0]!.value).toBe('Alone')
    expect(groups[0]!.rows.find((r) => r.path === 'applicant.birthDate')?.value).toBe(
      'March 7, 1940',
    )
  })

  it('formats dates and digits', () => {
    expect(formatDate('2025-05-20', 'zh-CN')).toBe('2025年5月20日')
    expect(formatDigits('13900139000')).toBe('139 0013 9000')
    expect(formatDigits('123456')).toBe('123456')
  })
})
