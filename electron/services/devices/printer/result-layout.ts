import { paperColumns, type PaperWidth } from '../../../../common/devices/printer'
import { EscPosBuilder } from './escpos'
import { centered, rule, wrapColumns } from './layout'

/*
 * The result notice (结果通知书) as the receipt printer prints it: the centre's signed text line
 * by line (exactly the words whose hash the QR code carries), then the QR code of the verify
 * page. docs/result-verification.md has the payload; docs/printer.md the paper.
 */

export interface ResultNoticePrint {
  caseNumber: string
  /** As the centre signed it; lines split on \n and wrapped to the paper. */
  noticeText: string
  /** The QR code's text (the verify page's address). */
  qrText: string
  hallName: string
}

/** Control characters could smuggle ESC/POS commands: each line keeps only printable ones. */
const printable = (s: string) =>
  Array.from(s)
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)
    .join('')

export function layoutResultNotice(
  n: ResultNoticePrint,
  opts: { paper: PaperWidth; qrSize?: number },
): { bytes: Uint8Array; preview: string[] } {
  const cols = paperColumns[opts.paper]
  const b = new EscPosBuilder().init().chineseMode(true)
  const preview: string[] = []
  const [title, ...rest] = n.noticeText.split('\n').map(printable)
  b.align('center').bold(true).size(2, 2)
  for (const l of wrapColumns(title ?? '', Math.floor(cols / 2))) {
    b.line(l)
    preview.push(centered(l, cols / 2))
  }
  b.size(1, 1).bold(false).align('left')
  const body = (lines: string[]) => {
    for (const l of lines) {
      b.line(l)
      preview.push(l)
    }
  }
  body([rule(cols)])
  for (const line of rest) body(wrapColumns(line, cols))
  b.align('center').line()
  b.qr(n.qrText, { size: opts.qrSize ?? 6, level: 'M' })
  b.line()
  preview.push('', `[QR ${n.qrText}]`, '')
  b.line('扫码核验真伪')
  preview.push(centered('扫码核验真伪', cols))
  b.align('left')
  body(wrapColumns(`出件：${printable(n.hallName)}`, cols))
  b.feed(3).cut({ partial: true })
  return { bytes: b.bytes(), preview }
}
