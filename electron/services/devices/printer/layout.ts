import {
  paperColumns,
  type DeferredMaterial,
  type PaperWidth,
  type ReceiptData,
} from '../../../../common/devices/printer'
import { EscPosBuilder, charColumns, textColumns } from './escpos'

/**
 * Lays out the application receipt (受理回执) for 58 mm (32 columns) or 80 mm (48 columns)
 * paper. Widths are counted as the printer prints them: one column per single-byte character,
 * two per double-byte (Chinese) character.
 */

/** Splits text into lines of at most `columns` columns; never splits a character. */
export function wrapColumns(s: string, columns: number): string[] {
  if (columns < 2) throw new RangeError('columns must be at least 2')
  const out: string[] = []
  let current = ''
  let width = 0
  for (const ch of s) {
    const w = charColumns(ch)
    if (width + w > columns) {
      out.push(current)
      current = ''
      width = 0
    }
    current += ch
    width += w
  }
  if (current.length > 0 || out.length === 0) out.push(current)
  return out
}

/**
 * `label` then `value`, wrapped; continuation lines are indented to the value column so the
 * labels stay readable. Falls back to no indent when the label takes over half the line.
 */
export function labelled(label: string, value: string, columns: number): string[] {
  const labelWidth = textColumns(label)
  if (labelWidth > columns / 2) return wrapColumns(label + value, columns)
  const lines = wrapColumns(value, columns - labelWidth)
  return lines.map((l, i) => (i === 0 ? label : ' '.repeat(labelWidth)) + l)
}

export function centered(s: string, columns: number): string {
  const pad = Math.max(0, Math.floor((columns - textColumns(s)) / 2))
  return ' '.repeat(pad) + s
}

export const rule = (columns: number, ch = '-') => ch.repeat(columns)

/** `2024-05-01T09:30:00+08:00` → `2024-05-01 09:30`: the wall time of the given offset. */
export function formatLocal(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso)
  return m ? `${m[1]} ${m[2]}` : iso
}

const uploadLine: Record<ReceiptData['uploadStatus'], string> = {
  uploaded: '已提交，已上传至审批系统',
  queued: '已提交，等待上传（网络恢复后自动上传）',
  rejected: '上传未被接受，请联系工作人员',
}

function deferredText(d: DeferredMaterial): { name: string; deadline?: string } {
  return typeof d === 'string' ? { name: d } : d
}

export interface LayoutOptions {
  paper: PaperWidth
  /** QR module size in dots; 6 gives a ~30 mm symbol for a typical URL. */
  qrSize?: number
}

/** One receipt as plain lines (what the layout prints), for previews and tests. */
export function receiptLines(data: ReceiptData, paper: PaperWidth): string[] {
  return layoutReceipt(data, { paper }).preview
}

/** Builds the receipt's ESC/POS bytes (without the trailing cut's status marker). */
export function layoutReceipt(
  data: ReceiptData,
  opts: LayoutOptions,
): { bytes: Uint8Array; preview: string[]; qrPayload: string } {
  const cols = paperColumns[opts.paper]
  const b = new EscPosBuilder().init().chineseMode(true)
  const preview: string[] = []
  const body = (lines: string[]) => {
    for (const l of lines) {
      b.line(l)
      preview.push(l)
    }
  }

  // Header: title in double size (half the columns), hall and terminal centred.
  b.align('center').bold(true).size(2, 2)
  for (const l of wrapColumns(data.title, Math.floor(cols / 2))) {
    b.line(l)
    preview.push(centered(l, cols / 2))
  }
  b.size(1, 1).bold(false)
  for (const l of wrapColumns(data.hallName, cols)) {
    b.line(l)
    preview.push(centered(l, cols))
  }
  b.line(`终端 ${data.terminalId}`)
  preview.push(centered(`终端 ${data.terminalId}`, cols))
  b.align('left')
  body([rule(cols)])

  body(labelled('事项名称：', data.itemName, cols))
  if (data.itemCode) body(labelled('事项编码：', data.itemCode, cols))
  b.bold(true)
  body(labelled('办件编号：', data.caseNumber, cols))
  b.bold(false)
  if (data.parts.length > 0) {
    body(['本次一并办理：'])
    data.parts.forEach((part, i) => {
      body(labelled(`  ${i + 1}. `, part.name, cols))
      body(labelled('     办件编号：', part.caseNumber ?? '上传后生成', cols))
    })
  }
  body(labelled('受理时间：', formatLocal(data.submittedAt), cols))
  body(labelled('申请人：', data.applicant.name, cols))
  if (data.applicant.idNumber) body(labelled('证件号码：', data.applicant.idNumber, cols))
  body([rule(cols)])

  body(['已提交材料：'])
  if (data.submittedMaterials.length === 0) body(['  无'])
  data.submittedMaterials.forEach((m, i) => body(labelled(`  ${i + 1}. `, m, cols)))

  if (data.deferredMaterials.length > 0) {
    b.bold(true)
    body(['以后补交材料：'])
    b.bold(false)
    data.deferredMaterials.forEach((d, i) => {
      const { name, deadline } = deferredText(d)
      body(labelled(`  ${i + 1}. `, name, cols))
      if (deadline) body(labelled('     ', `补交期限：${deadline}`, cols))
    })
  }
  body([rule(cols)])

  body(labelled('承诺时限：', `${data.promisedDays} 个工作日`, cols))
  body(labelled('办理状态：', uploadLine[data.uploadStatus], cols))

  const qrPayload = data.queryUrl ?? data.caseNumber
  b.align('center')
  b.line()
  b.qr(qrPayload, { size: opts.qrSize ?? 6, level: 'M' })
  b.line()
  preview.push('', `[QR ${qrPayload}]`, '')
  b.line('扫码查询办理进度')
  preview.push(centered('扫码查询办理进度', cols))
  b.align('left')

  if (data.hallPhone) body(labelled('咨询电话：', data.hallPhone, cols))
  for (const f of data.footer) body(wrapColumns(f, cols))
  body(wrapColumns('请妥善保管本回执，凭办件编号查询或领取结果。', cols))
  b.feed(3).cut({ partial: true })
  return { bytes: b.bytes(), preview, qrPayload }
}

/** A test page: ruler, Chinese sample, sizes, bold, QR and CODE128, so a technician sees it all. */
export function layoutTestPage(paper: PaperWidth, now: Date): Uint8Array {
  const cols = paperColumns[paper]
  const ruler = Array.from({ length: cols }, (_, i) => String((i + 1) % 10)).join('')
  return new EscPosBuilder()
    .init()
    .chineseMode(true)
    .align('center')
    .size(2, 2)
    .line('打印测试')
    .size(1, 1)
    .line('PRINT TEST')
    .align('left')
    .line(ruler)
    .line(`纸宽 ${paper}，每行 ${cols} 个字符（${cols / 2} 个汉字）`)
    .line('中文：村级便民服务终端 受理回执')
    .bold(true)
    .line('粗体 Bold')
    .bold(false)
    .size(2, 1)
    .line('倍宽 Wide')
    .size(1, 2)
    .line('倍高 Tall')
    .size(1, 1)
    .line(`时间 ${now.toISOString()}`)
    .align('center')
    .qr('https://example.invalid/print-test', { size: 5 })
    .line()
    .code128('20240501')
    .line()
    .align('left')
    .feed(3)
    .cut({ partial: true })
    .bytes()
}
