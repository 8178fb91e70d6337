import { decodeResultPayload, payloadOf, type ResultFields } from '../../../common/results/payload'
import {
  chinaDate,
  checkResultPayload,
  ResultKeyList,
  ResultStatus,
  resultTexts,
  type InvalidReason,
  type RevokedReason,
} from '../../../common/results/verify'
import './verify.css'

/**
 * The public verify page a result notice's QR code opens (`/v/<payload>`): checks the centre's
 * signature here, in the phone's browser (WebCrypto Ed25519), against the centre's key list,
 * which it keeps (localStorage) so it works again without the centre; then, when the centre
 * answers, asks whether that notice was revoked. Chinese first, English under it.
 */

const KEYS_STORAGE = 'village-kiosk/result-keys'
type Text = { 'zh-CN': string; en: string }

function both(t: Text): DocumentFragment {
  const f = document.createDocumentFragment()
  f.append(t['zh-CN'])
  const en = document.createElement('span')
  en.className = 'en'
  en.lang = 'en'
  en.textContent = t.en
  f.append(en)
  return f
}

function el(tag: string, className: string | null, ...children: (Node | string)[]): HTMLElement {
  const e = document.createElement(tag)
  if (className) e.className = className
  e.append(...children)
  return e
}

async function fetchJson(url: string): Promise<unknown> {
  const res = await fetch(url, { cache: 'no-store' })
  if (!res.ok) throw new Error(`HTTP ${res.status}`)
  return res.json()
}

/** The centre's key list, fresh when it answers, else the copy kept from the last visit. */
async function keyList(): Promise<{ list: ResultKeyList | null; fresh: boolean }> {
  try {
    const list = ResultKeyList.parse(await fetchJson('/api/v1/result-keys'))
    try {
      localStorage.setItem(KEYS_STORAGE, JSON.stringify(list))
    } catch {
      // Storage full or disabled: the check still runs, only not offline next time.
    }
    return { list, fresh: true }
  } catch {
    try {
      const kept = localStorage.getItem(KEYS_STORAGE)
      const parsed = kept ? ResultKeyList.safeParse(JSON.parse(kept)) : null
      return { list: parsed?.success ? parsed.data : null, fresh: false }
    } catch {
      return { list: null, fresh: false }
    }
  }
}

/** The centre's own answer (its register of issued and revoked notices), or null offline. */
async function centreStatus(payload: string): Promise<ResultStatus | null> {
  try {
    const parsed = ResultStatus.safeParse(
      await fetchJson(`/api/v1/result-status/${encodeURIComponent(payload)}`),
    )
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

function fieldList(
  f: ResultFields,
  items: ResultKeyList['items'],
  revokedAt?: string,
): HTMLElement {
  const name = items[f.itemCode]
  type Row = [Text, string | Text]
  const rows: Row[] = [[{ 'zh-CN': '申请人', en: 'Applicant' }, f.maskedName]]
  rows.push([{ 'zh-CN': '办件编号', en: 'Case number' }, f.caseNumber])
  if (name)
    rows.push([
      { 'zh-CN': '办理事项', en: 'Service' },
      { 'zh-CN': name['zh-CN'], en: name.en ?? '' },
    ])
  rows.push([{ 'zh-CN': '事项编码', en: 'Service code' }, f.itemCode])
  rows.push([{ 'zh-CN': '办理结果', en: 'Decision' }, resultTexts.decisions[f.decision]])
  rows.push([{ 'zh-CN': '决定日期', en: 'Decision date' }, f.decisionDate])
  if (revokedAt) rows.push([{ 'zh-CN': '撤销时间', en: 'Revoked on' }, chinaDate(revokedAt)])
  rows.push([{ 'zh-CN': '签名密钥', en: 'Signing key' }, f.kid])
  const dl = document.createElement('dl')
  for (const [label, value] of rows) {
    dl.append(el('dt', null, both(label)))
    dl.append(el('dd', null, typeof value === 'string' ? value : both(value)))
  }
  return dl
}

type Shown =
  | { outcome: 'valid'; fields: ResultFields }
  | { outcome: 'revoked'; reason: RevokedReason; fields: ResultFields; revokedAt: string }
  | { outcome: 'invalid'; reason: InvalidReason }
  | { outcome: 'unchecked'; why: Text }

const NEEDS_KEYS: Text = {
  'zh-CN': '需要连接一次县政务服务中心，取得签名密钥名单。请连上网络后刷新本页。',
  en: "This page needs the county service centre's list of signing keys once. Connect to the internet and reload.",
}
const NO_LOCAL_CHECK: Text = {
  'zh-CN':
    '这个浏览器不能在手机上核对签名，需要联网由县政务服务中心核对。请连上网络后刷新本页，或换用其他浏览器。',
  en: 'This browser cannot check the signature on the phone; the county service centre has to check it online. Connect to the internet and reload, or use another browser.',
}
const CHECKED_BY_CENTRE: Text = {
  'zh-CN': '这个浏览器不能在手机上核对签名，以上结果由县政务服务中心联网核对。',
  en: 'This browser cannot check the signature on the phone; the result above was checked online by the county service centre.',
}

/** The centre's answer for a result whose fields the page has decoded. */
function fromStatus(status: ResultStatus, fields: ResultFields): Shown {
  if (status.outcome === 'valid') return { outcome: 'valid', fields }
  if (status.outcome === 'revoked') return { ...status, fields }
  return status
}

function render(shown: Shown, notes: Text[], items: ResultKeyList['items'] = {}): void {
  const section = document.getElementById('outcome')!
  section.replaceChildren()
  section.dataset.outcome = shown.outcome
  if (shown.outcome === 'unchecked') {
    section.append(
      el('p', 'status', both({ 'zh-CN': '暂时无法核验', en: 'Cannot check yet' })),
      el('p', 'reason', both(shown.why)),
    )
  } else {
    section.append(el('p', 'status', both(resultTexts[shown.outcome])))
    if (shown.outcome === 'valid') {
      section.append(
        el(
          'p',
          'reason',
          both({
            'zh-CN': '签名正确：这份结果由县政务服务中心签发，内容未被改动。',
            en: 'The signature holds: the county service centre issued this result and it has not been altered.',
          }),
        ),
      )
    } else section.append(el('p', 'reason', both(resultTexts.reasons[shown.reason])))
    // Only a genuine (valid or revoked) result's contents are shown: an altered code's are not
    // to be believed.
    if (shown.outcome !== 'invalid')
      section.append(
        fieldList(shown.fields, items, shown.outcome === 'revoked' ? shown.revokedAt : undefined),
      )
  }
  const main = document.getElementById('root')!
  main.querySelectorAll('.note, .origin, footer').forEach((n) => n.remove())
  for (const note of notes) main.append(el('section', 'note', el('p', null, both(note))))
  // A forged code can point to a forged site: the address to compare with the notice's.
  main.append(
    el(
      'section',
      'origin',
      el(
        'p',
        null,
        both({
          'zh-CN': `本页网址：${location.host}（应与结果通知书上印的核验网址一致）`,
          en: `This page's address: ${location.host} (it should match the verification address printed on the notice)`,
        }),
      ),
    ),
  )
  main.append(
    el(
      'footer',
      null,
      both({
        'zh-CN':
          '本页在您的手机上核对县政务服务中心的电子签名。二维码中只有打码的姓名，不含身份证号等个人信息。',
        en: "This page checks the county service centre's electronic signature on your phone. The code holds only a masked name, no ID number or other personal details.",
      }),
    ),
  )
}

const OFFLINE_NOTE: Text = {
  'zh-CN':
    '现在连不上县政务服务中心：签名已用保存的密钥名单核对，但是否已被撤销需要联网后才能确认。',
  en: 'The county service centre cannot be reached: the signature was checked with the saved key list, but whether the result has been revoked can only be confirmed online.',
}

/** Registers the service worker for a scope; true once it is active (its copies made). */
async function keepOffline(scope: string): Promise<boolean> {
  if (!('serviceWorker' in navigator)) return false
  try {
    const reg = await navigator.serviceWorker.register(`${scope}sw.js`, { scope })
    const sw = reg.installing ?? reg.waiting ?? reg.active
    if (!sw) return false
    if (sw.state === 'activated') return true
    return await new Promise<boolean>((resolve) => {
      sw.addEventListener('statechange', () => {
        if (sw.state === 'activated') resolve(true)
        if (sw.state === 'redundant') resolve(false)
      })
    })
  } catch {
    return false
  }
}

async function main(): Promise<void> {
  const raw = payloadOf(location.href) ?? ''
  // The service worker keeps this page for use without the centre (secure contexts only). The
  // QR's address is upper case (/V/), a typed one lower case: a worker for each.
  const worker = Promise.all(['/v/', '/V/'].map(keepOffline)).then((r) => r.every(Boolean))
  const { list, fresh } = await keyList()
  const notes: Text[] = []
  const readable = decodeResultPayload(raw).ok
  let shown: Shown
  if (!list)
    shown = readable
      ? { outcome: 'unchecked', why: NEEDS_KEYS }
      : { outcome: 'invalid', reason: 'malformed' }
  else {
    const check = await checkResultPayload(raw, list)
    // Only the centre knows whether this one notice was revoked, or whether it issued it at all;
    // and a browser without Ed25519 leaves the whole check to it.
    const asks = fresh && (check.outcome === 'valid' || check.outcome === 'unavailable')
    const status = asks ? await centreStatus(raw) : null
    if (check.outcome === 'unavailable') {
      shown = status
        ? fromStatus(status, check.fields)
        : { outcome: 'unchecked', why: NO_LOCAL_CHECK }
      if (status) notes.push(CHECKED_BY_CENTRE)
    } else {
      shown = check.outcome === 'valid' && status ? fromStatus(status, check.fields) : check
      if (check.outcome === 'valid' && !status) notes.push(OFFLINE_NOTE)
    }
  }
  render(shown, notes, list?.items)
  document.body.dataset.checked = fresh ? 'online' : 'offline'
  // Tells (tests, and anyone curious) when the page would open again without the centre.
  void worker.then((r) => {
    if (r && localStorage.getItem(KEYS_STORAGE)) document.body.dataset.offlineReady = 'true'
  })
}

main().catch(() => {
  // Never a blank page: whatever failed, the resident is told the code could not be checked.
  render({ outcome: 'invalid', reason: 'malformed' }, [])
})
