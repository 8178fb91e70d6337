// The result notice a decision fills (signaling-server/src/cases/result-notice.ts): every
// placeholder of the sample catalog's templates filled, the name masked, short enough for a
// 58 mm receipt, and templates with unknown placeholders refused by the catalog schema.
import { describe, expect, it } from 'vitest'
import { sampleCatalog } from '../../../../common/catalog/sample'
import { DEFAULT_RESULT_NOTICE, ResultNoticeTemplate } from '../../../../common/catalog/schema'
import { noticeText, reasonText } from '../../../../signaling-server/src/cases/result-notice'
import { wrapColumns } from '../../../../electron/services/devices/printer/layout'

const decidedAt = Date.parse('2026-10-08T02:00:00Z') // 10:00 in China

describe('result notice', () => {
  it('fills every sample item’s templates: no placeholder left, the name masked', () => {
    for (const item of sampleCatalog.items) {
      for (const decision of ['approved', 'rejected'] as const) {
        const text = noticeText(item, item.code, {
          caseNumber: '20261008-000042',
          decision,
          decidedAt,
          applicantName: '欧阳娜娜',
          reason: { codes: ['conditions-not-met'], text: '材料不全' },
        })
        expect(text, item.code).not.toMatch(/\{\w+\}/)
        expect(text).toContain('20261008-000042')
        expect(text).toContain(item.name['zh-CN'])
        expect(text).toContain('欧**娜')
        expect(text).not.toContain('欧阳娜娜')
        expect(text).toContain('2026-10-08')
        expect(text).toContain(decision === 'approved' ? '准予' : '不予许可')
        // 58 mm paper: 32 columns; the notice stays a short slip above its QR code.
        const lines = text.split('\n').flatMap((l) => wrapColumns(l, 32))
        expect(lines.length, `${item.code} ${decision}`).toBeLessThanOrEqual(16)
      }
    }
  })

  it('gives a rejection the codes’ texts and the clerk’s words', () => {
    const item = sampleCatalog.items.find((i) => i.code === 'CA-ELDERLY-ALLOWANCE')!
    expect(reasonText({ codes: ['under-age'], text: '差两个月' }, item.reasons.rejection)).toBe(
      '未满80周岁；差两个月',
    )
    const text = noticeText(item, item.code, {
      caseNumber: '20261008-000042',
      decision: 'rejected',
      decidedAt,
      applicantName: '张三',
      reason: { codes: ['under-age'] },
    })
    expect(text).toContain('理由：未满80周岁')
    expect(text).toContain('张*')
  })

  it('refuses a template with an unknown placeholder', () => {
    expect(ResultNoticeTemplate.safeParse(DEFAULT_RESULT_NOTICE).success).toBe(true)
    const bad = { ...DEFAULT_RESULT_NOTICE, approved: '{name} 的 {idNumber}' }
    expect(ResultNoticeTemplate.safeParse(bad).success).toBe(false)
  })
})
