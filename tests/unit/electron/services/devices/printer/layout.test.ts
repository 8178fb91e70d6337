import { describe, expect, it } from 'vitest'
import { ReceiptData, paperColumns } from '../../../../../../common/devices/printer'
import { textColumns } from '../../../../../../electron/services/devices/printer/escpos'
import { parseEscPos } from '../../../../../../electron/services/devices/printer/escpos-parser'
import {
  labelled,
  layoutReceipt,
  layoutTestPage,
  wrapColumns,
} from '../../../../../../electron/services/devices/printer/layout'
import { sampleInput, sampleReceipt } from './fixtures'

const printed = (data: ReceiptData, paper: '58mm' | '80mm') => {
  const { receipts, errors } = parseEscPos(layoutReceipt(data, { paper }).bytes)
  expect(errors).toEqual([])
  expect(receipts).toHaveLength(1)
  return receipts[0]!
}

describe('column wrapping', () => {
  it('never exceeds the width and never splits or drops a character', () => {
    const s = '城乡居民基本养老保险参保登记ABC-123（补充）x'
    for (const cols of [5, 8, 16, 32]) {
      const lines = wrapColumns(s, cols)
      for (const l of lines) expect(textColumns(l)).toBeLessThanOrEqual(cols)
      expect(lines.join('')).toBe(s)
    }
  })

  it('moves a Chinese character that would straddle the edge to the next line', () => {
    expect(wrapColumns('a中文', 4)).toEqual(['a中', '文'])
    expect(wrapColumns('ab中文', 4)).toEqual(['ab中', '文'])
    expect(wrapColumns('abc中', 4)).toEqual(['abc', '中'])
  })

  it('indents continuation lines under the value', () => {
    const lines = labelled('事项名称：', '一二三四五六七八九十', 20)
    expect(lines).toEqual(['事项名称：一二三四五', '          六七八九十'])
  })
})

describe('application receipt layout', () => {
  it.each(['58mm', '80mm'] as const)('fits every line into %s paper', (paper) => {
    const long = sampleReceipt({
      itemName: '城乡居民基本养老保险参保登记及待遇领取资格认证（含补充材料说明）'.repeat(2),
      submittedMaterials: ['居民身份证原件及复印件（正反面复印在同一页A4纸上）'],
    })
    const r = printed(long, paper)
    for (const line of r.lines) {
      expect(textColumns(line.text) * line.width, line.text).toBeLessThanOrEqual(
        paperColumns[paper],
      )
    }
    expect(r.lines.length).toBeGreaterThan(10)
  })

  it('80 mm paper takes fewer lines than 58 mm for the same receipt', () => {
    const data = sampleReceipt()
    expect(printed(data, '80mm').lines.length).toBeLessThan(printed(data, '58mm').lines.length)
  })

  it('shows what the resident needs: case number, masked applicant, deferred materials, QR', () => {
    const r = printed(sampleReceipt(), '58mm')
    expect(r.lines[0]).toMatchObject({
      text: '受理回执',
      align: 'center',
      bold: true,
      width: 2,
      height: 2,
    })
    expect(r.text).toContain('青山镇便民服务中心')
    expect(r.text).toContain('终端 QS-KIOSK-01')
    const caseLine = r.lines.find((l) => l.text.includes('QS20240501-0007'))
    expect(caseLine).toMatchObject({ text: '办件编号：QS20240501-0007', bold: true, align: 'left' })
    expect(r.text).toContain('受理时间：2024-05-01 09:30')
    expect(r.text).toContain('申请人：张*')
    expect(r.text).toContain('证件号码：110101********123X')
    expect(r.text).toMatch(/1\. 居民身份证\n/)
    expect(r.text).toMatch(
      /以后补交材料：\n {2}1\. 银行卡复印件\n +补交期限：2024-05-10\n {2}2\. 一寸免冠照片/,
    )
    expect(r.text).toContain('承诺时限：5 个工作日')
    expect(r.text).toContain('已提交，等待上传')
    expect(r.qrCodes).toEqual(['https://zw.example.cn/progress?case=QS20240501-0007'])
    expect(r.text).toContain('咨询电话：0571-12345678')
    expect(r.cut).toBe('partial')
  })

  it('omits the deferred section when nothing is deferred and says when uploaded', () => {
    const r = printed(sampleReceipt({ deferredMaterials: [], uploadStatus: 'uploaded' }), '80mm')
    expect(r.text).not.toContain('以后补交')
    expect(r.text).toContain('已上传至审批系统')
    expect(r.text).not.toContain('等待上传')
  })

  it('says an upload the centre refused is not accepted, not that it waits', () => {
    const r = printed(sampleReceipt({ uploadStatus: 'rejected' }), '80mm')
    expect(r.text).toContain('上传未被接受，请联系工作人员')
    expect(r.text).not.toContain('等待上传')
  })

  it('lists each part of a bundle with its case number, or that it comes after the upload', () => {
    const parts = [
      { name: '出生登记（新生儿落户）', caseNumber: 'QS20240501-0007-1' },
      { name: '城乡居民基本医疗保险参保登记', caseNumber: 'QS20240501-0007-2' },
    ]
    const r = printed(sampleReceipt({ parts }), '58mm')
    const lines = r.text.split('\n').map((l) => l.trim())
    expect(lines).toContain('1. 出生登记（新生儿落户）')
    expect(lines).toContain('办件编号：QS20240501-0007-1')
    expect(lines).toContain('办件编号：QS20240501-0007-2')
    const offline = printed(sampleReceipt({ parts: [{ name: parts[0]!.name }] }), '80mm')
    expect(offline.text).toContain('办件编号：上传后生成')
    expect(printed(sampleReceipt(), '80mm').text).not.toContain('一并办理')
  })

  it('falls back to the case number as QR payload without a query URL', () => {
    const input = sampleInput()
    delete input.queryUrl
    expect(printed(ReceiptData.parse(input), '58mm').qrCodes).toEqual(['QS20240501-0007'])
  })

  it('test page parses cleanly with a QR code and a CODE128 barcode', () => {
    const { receipts, errors } = parseEscPos(
      layoutTestPage('80mm', new Date('2024-05-01T00:00:00Z')),
    )
    expect(errors).toEqual([])
    expect(receipts[0]!.barcodes).toEqual([{ symbology: 'CODE128', data: '20240501' }])
    expect(receipts[0]!.qrCodes).toHaveLength(1)
    expect(receipts[0]!.text).toContain('每行 48 个字符')
  })
})

describe('receipt data schema', () => {
  it('accepts the sample file', () => {
    expect(ReceiptData.safeParse(sampleInput()).success).toBe(true)
  })

  it.each([
    ['an unmasked ID number', { applicant: { name: '张*', idNumber: '11010119900307123X' } }],
    ['an unmasked name', { applicant: { name: '张三' } }],
    ['an escape character in a field', { itemName: '养老\x1b@登记' }],
    ['a case number with spaces', { caseNumber: 'QS 2024' }],
    ['a date without offset', { submittedAt: '2024-05-01 09:30' }],
    ['negative promised days', { promisedDays: -1 }],
    ['a deadline that is not a date', { deferredMaterials: [{ name: '照片', deadline: '下周' }] }],
  ])('rejects %s', (_name, override) => {
    expect(ReceiptData.safeParse(sampleInput(override as never)).success).toBe(false)
  })
})

describe('reading back a stream', () => {
  it('reports a stream cut inside a command as truncated', () => {
    const bytes = layoutReceipt(sampleReceipt(), { paper: '58mm' }).bytes
    const qrAt = bytes.findIndex((b, i) => b === 0x1d && bytes[i + 1] === 0x28)
    const { errors, receipts } = parseEscPos(bytes.subarray(0, qrAt + 3))
    expect(errors.map((e) => e.code)).toEqual(['TRUNCATED'])
    expect(receipts[0]).toMatchObject({ interrupted: true, cut: null })
  })
})
