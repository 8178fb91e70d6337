import { describe, expect, it } from 'vitest'
import { sampleCatalog } from '../../../../../../common/catalog/sample'
import { findEntry } from '../../../../../../common/catalog/schema'
import { textColumns } from '../../../../../../electron/services/devices/printer/escpos'
import {
  guideNoticeOf,
  layoutGuideNotice,
} from '../../../../../../electron/services/devices/printer/guide-layout'

const entry = findEntry(sampleCatalog, 'CA-ELDERLY-ALLOWANCE')!.entry

describe('the 一次告知单 on the receipt printer', () => {
  it('lists the item’s conditions, materials, fee and time limits, within the paper', () => {
    const { preview } = layoutGuideNotice(guideNoticeOf(entry, '示范村便民服务站'), {
      paper: '58mm',
    })
    // Wrapped to the paper: compared without the line breaks and indents.
    const text = preview.join('').replace(/\s/g, '')
    expect(text).toContain('一次告知单')
    expect(text).toContain('高龄津贴申领')
    for (const c of entry.conditions) expect(text).toContain(c['zh-CN'].replace(/\s/g, ''))
    for (const m of entry.materials) expect(text).toContain(m.name['zh-CN'].replace(/\s/g, ''))
    expect(text).toContain('不用带，读身份证即可')
    expect(text).toContain(`承诺${entry.timeLimits.promisedWorkingDays}个工作日内办结`)
    expect(text).toMatch(/收费：(不收费|.+元)/)
    expect(Math.max(...preview.map(textColumns))).toBeLessThanOrEqual(32)
  })

  it('prints no control characters from the catalog', () => {
    const n = guideNoticeOf(entry, '示范村\x1b@便民服务站')
    const { preview } = layoutGuideNotice(
      { ...n, conditions: ['年满\x1bd80周岁'] },
      { paper: '80mm' },
    )
    expect(preview.join('')).not.toContain('\x1b')
  })
})
