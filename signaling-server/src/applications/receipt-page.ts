import { createHash } from 'node:crypto'
import type { PublicCase, ReceiptProgress } from '../../../common/applications/api'
import { caseStatusText } from '../../../common/applications/schema'
import type { LocalizedText } from '../../../common/catalog/schema'

/**
 * The page a receipt's QR code opens on a resident's phone (`GET /p/{token}`, and for a
 * reprinted receipt the case-number link): Chinese first with
 * English under it, phone-sized, one self-contained HTML document (no script, no external
 * asset; the style is allowed by its hash in the page's own CSP). It shows the service, case
 * numbers, status, dates and still-missing materials: no name, no ID number, no clerk's note.
 */

const css = `
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;
font-size:20px;line-height:1.5;color:#1a1a1a;background:#f4f6f8}
main{max-width:40rem;margin:0 auto;padding:16px}
header{background:#0b5cad;color:#fff;padding:16px;border-radius:12px}
h1{font-size:26px;margin:0}
h2{font-size:22px;margin:0 0 8px}
.en{display:block;font-size:16px;color:#444}
header .en{color:#e6eefc}
section{background:#fff;border-radius:12px;padding:16px;margin-top:16px;border:1px solid #d5dbe1}
section>:first-child{margin-top:0}
.status{font-size:24px;font-weight:700;color:#0b5cad}
.waiting{border-left:8px solid #c77700}
.waiting .status{color:#8a5300}
dl{margin:0}
dt{font-size:16px;color:#555;margin-top:8px}
dd{margin:0;font-weight:600;word-break:break-all}
ul{margin:8px 0 0;padding-left:24px}
footer{font-size:16px;color:#444;margin:16px 4px}
`

/** The page's Content-Security-Policy: nothing but its own inline style. */
export const receiptPageCsp = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(css).digest('base64')}'`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

const escape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )

/** Chinese, then English on its own line (the English falls back to the Chinese). */
function both(zh: string, en: string | undefined): string {
  return `${escape(zh)}<span class="en" lang="en">${escape(en ?? zh)}</span>`
}
const text = (t: LocalizedText) => both(t['zh-CN'], t.en)

/** `2025-06-10 09:31` in China Standard Time, the time on the receipt and the clerk's screen. */
export function chinaTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
}

function caseSection(c: PublicCase, part?: { n: number; of: number }): string {
  const status = caseStatusText[c.status]
  const missing = c.missing.length
    ? `<dt>${both('还需补交的材料', 'Documents still to bring')}</dt><dd><ul>${c.missing
        .map(
          (m) => `<li>${text(m.name)}${both(`请于 ${m.dueDate} 前补交`, `by ${m.dueDate}`)}</li>`,
        )
        .join('')}</ul></dd>`
    : ''
  return `<section aria-label="${escape(c.name['zh-CN'])}">
<h2>${part ? both(`第 ${part.n} 项（共 ${part.of} 项）`, `Part ${part.n} of ${part.of}`) : ''}${text(c.name)}</h2>
<p class="status">${text(status)}</p>
<dl>
<dt>${both('办件编号', 'Case number')}</dt><dd>${escape(c.caseNumber)}</dd>
<dt>${both('提交时间', 'Submitted')}</dt><dd>${chinaTime(c.submittedAt)}</dd>
<dt>${both('最近更新', 'Last updated')}</dt><dd>${chinaTime(c.updatedAt)}</dd>
${missing}
</dl>
</section>`
}

/**
 * One case as a page: what a reprinted receipt's QR code (the case-number progress link,
 * `GET /api/v1/progress/{n}?t=…` asked for by a browser) opens. Null: no such case, or a link
 * not from a receipt; the page says so without telling which.
 */
export function renderCasePage(c: PublicCase | null): string {
  return page(
    c
      ? caseSection(c)
      : `<section class="waiting">
<p class="status">${both('没有找到这个办件', 'Case not found')}</p>
<p>${both(
          '请核对回执上的二维码是否完整、清楚，或者在村便民服务站的自助终端上刷身份证查询。',
          'Check that the code on the receipt is whole and clear, or look the case up with your ID card at the kiosk in your village hall.',
        )}</p>
</section>`,
  )
}

export function renderReceiptPage(progress: ReceiptProgress): string {
  let body: string
  if (!progress.received) {
    body = `<section class="waiting">
<p class="status">${both('尚未收到', 'Not received yet')}</p>
<p>${both(
      '县政务服务中心还没有收到这份申请。请放心：申请已经安全地保存在村里的自助终端上，网络恢复后终端会自动发送，您不需要再做什么。',
      'The county service centre has not received this application yet. Do not worry: it is stored safely on the kiosk in your village hall, which sends it by itself as soon as its connection is back. There is nothing you need to do.',
    )}</p>
<p>${both(
      '请过一段时间再扫一次这个二维码，就能看到办件编号和办理进度。',
      'Scan this code again a little later to see your case number and progress.',
    )}</p>
</section>`
  } else {
    const parts = progress.cases.length
    const bundle = progress.kind === 'bundle'
    const [only] = progress.cases
    // One item, one case: its own section says it all.
    if (!bundle && only) body = caseSection(only)
    else
      body = `<section>
<h2>${text(progress.name)}</h2>
<dl>
<dt>${both(bundle ? '一件事编号' : '办件编号', bundle ? 'Reference' : 'Case number')}</dt><dd>${escape(progress.caseNumber)}</dd>
<dt>${both('中心收到时间', 'Received by the centre')}</dt><dd>${chinaTime(progress.receivedAt)}</dd>
${bundle ? `<dt>${both('包含事项', 'Parts')}</dt><dd>${both(`共 ${parts} 项，每项单独办理`, `${parts} cases, each handled on its own`)}</dd>` : ''}
</dl>
</section>
${progress.cases.map((c, i) => caseSection(c, bundle ? { n: i + 1, of: parts } : undefined)).join('\n')}`
  }
  return page(body)
}

/** The document around a page's sections: header, the sections, the privacy footer. */
function page(body: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>办理进度 Application progress</title>
<style>${css}</style>
</head>
<body>
<main>
<header><h1>${both('办理进度查询', 'Application progress')}</h1></header>
${body}
<footer>${both(
    '凭回执上的办件编号，也可以在村便民服务站的自助终端上查询进度。本页不显示个人信息。',
    'You can also look up your case with the number on the receipt at the kiosk in your village hall. This page shows no personal details.',
  )}</footer>
</main>
</body>
</html>`
}
