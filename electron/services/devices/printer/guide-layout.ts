import type { Material, ServiceBundle, ServiceItem } from '../../../../common/catalog/schema'
import { paperColumns, type PaperWidth } from '../../../../common/devices/printer'
import { EscPosBuilder } from './escpos'
import { centered, labelled, rule, wrapColumns } from './layout'

/*
 * The item's 一次告知单 on the receipt printer: what the guide screen says, on paper, so a
 * resident (or the relative who helps them) takes home the conditions, the materials, the fee
 * and the time limits. Printed at the clerk's request during a video call (co-service).
 */

export interface GuideNoticePrint {
  itemName: string
  itemCode: string
  conditions: string[]
  materials: { name: string; note: string }[]
  fee: string
  timeLimit: string
  department: string
  hallName: string
}

function materialNote(m: Material): string {
  if (m.capture === 'data-sharing') return '不用带，读身份证即可'
  if (m.requirement.kind === 'deferrable')
    return `可以以后补交（${m.requirement.deadlineDays} 天内）`
  if (m.requirement.kind === 'optional') return '需要时才提供'
  return m.pages > 1 ? `需要，共 ${m.pages} 页` : '需要'
}

/** The notice's text from the catalog entry, in Chinese (the printer's language). */
export function guideNoticeOf(
  entry: ServiceItem | ServiceBundle,
  hallName: string,
): GuideNoticePrint {
  const t = entry.timeLimits
  return {
    itemName: entry.name['zh-CN'],
    itemCode: entry.code,
    conditions: entry.conditions.map((c) => c['zh-CN']),
    materials: entry.materials.map((m) => ({ name: m.name['zh-CN'], note: materialNote(m) })),
    fee:
      entry.fee.kind === 'free'
        ? '不收费'
        : entry.fee.items
            .map((f) => `${f.name['zh-CN']} ${(f.amountFen / 100).toFixed(2)} 元`)
            .join('；'),
    timeLimit:
      (t.promisedWorkingDays === 0 ? '当场办结' : `承诺 ${t.promisedWorkingDays} 个工作日内办结`) +
      (t.statutoryWorkingDays !== null ? `（法定 ${t.statutoryWorkingDays} 个工作日）` : ''),
    department: entry.department['zh-CN'],
    hallName,
  }
}

/** Control characters could smuggle ESC/POS commands: catalog text keeps only printable ones. */
const printable = (s: string) =>
  Array.from(s)
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)
    .join('')

export function layoutGuideNotice(
  n: GuideNoticePrint,
  opts: { paper: PaperWidth },
): { bytes: Uint8Array; preview: string[] } {
  const cols = paperColumns[opts.paper]
  const b = new EscPosBuilder().init().chineseMode(true)
  const preview: string[] = []
  const body = (lines: string[]) => {
    for (const l of lines) {
      b.line(l)
      preview.push(l)
    }
  }
  b.align('center').bold(true).size(2, 2)
  b.line('一次告知单')
  preview.push(centered('一次告知单', cols / 2))
  b.size(1, 1)
  for (const l of wrapColumns(printable(n.itemName), cols)) {
    b.line(l)
    preview.push(centered(l, cols))
  }
  b.bold(false).align('left')
  body([rule(cols)])
  body(labelled('事项编码：', n.itemCode, cols))
  body(labelled('办理部门：', printable(n.department), cols))
  body([rule(cols)])
  body(['办理条件：'])
  n.conditions.forEach((c, i) => body(labelled(`  ${i + 1}. `, printable(c), cols)))
  body(['需要准备的材料：'])
  n.materials.forEach((m, i) =>
    body(labelled(`  ${i + 1}. `, `${printable(m.name)}（${printable(m.note)}）`, cols)),
  )
  body([rule(cols)])
  body(labelled('收费：', printable(n.fee), cols))
  body(labelled('办理时限：', printable(n.timeLimit), cols))
  body([rule(cols)])
  body(wrapColumns(`打印：${printable(n.hallName)}`, cols))
  body(wrapColumns('材料备齐后可在本机或政务服务中心办理。', cols))
  b.feed(3).cut({ partial: true })
  return { bytes: b.bytes(), preview }
}
