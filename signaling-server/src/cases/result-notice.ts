import type { ResultDecision } from '../../../common/results/payload'
import {
  DEFAULT_RESULT_NOTICE,
  type Catalog,
  type ReasonCode,
  type ServiceItem,
} from '../../../common/catalog/schema'
import { maskName } from '../../../common/privacy/mask'
import type { ResultNotice, SignedResult } from '../results/service'
import { chinaDay } from './days'
import type { Reason } from './machine'

/*
 * The result notice (结果通知书) of a decision: the item's template (catalog `resultNotice`)
 * filled with the case, the decision, its date and the masked name, then signed by the results
 * service (docs/result-verification.md). Pure but for `sign`; the text is kept with the case
 * exactly as signed, so a reprint prints the same words and the same QR code.
 */

/** What the case keeps of a signed notice (sealed in the decision's event). */
export interface KeptResult {
  decision: ResultDecision
  decidedAt: number
  noticeText: string
  payload: string
  url: string
  qrText: string
}

export interface ResultSigner {
  sign(notice: ResultNotice): Promise<SignedResult>
}

const DECISION_TEXT: Record<ResultDecision, string> = {
  approved: '准予',
  rejected: '不予许可',
}

/** The reasons as the resident reads them: the codes' catalog texts, then the clerk's words. */
export function reasonText(reason: Reason | undefined, list: readonly ReasonCode[]): string {
  if (!reason) return ''
  const texts = reason.codes.map((c) => list.find((r) => r.code === c)?.text['zh-CN'] ?? c)
  if (reason.text) texts.push(reason.text)
  return texts.join('；')
}

/** Fills `{placeholder}`s; an unknown one stays as written (the schema refuses those). */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (all, key: string) => values[key] ?? all)
}

export function noticeText(
  item: ServiceItem | undefined,
  itemCode: string,
  c: {
    caseNumber: string
    decision: ResultDecision
    decidedAt: number
    applicantName: string
    reason?: Reason | undefined
  },
): string {
  const template = (item?.resultNotice ?? DEFAULT_RESULT_NOTICE)[c.decision]
  return fillTemplate(template, {
    caseNumber: c.caseNumber,
    itemName: item?.name['zh-CN'] ?? itemCode,
    decision: DECISION_TEXT[c.decision],
    date: chinaDay(c.decidedAt),
    name: maskName(c.applicantName) || '申请人',
    department: item?.department['zh-CN'] ?? '县政务服务中心',
    reason: reasonText(c.reason, item?.reasons.rejection ?? []) || '见审批意见',
  })
}

/** Fills and signs the notice of an approval or rejection. */
export async function signDecision(
  signer: ResultSigner,
  catalog: Catalog,
  c: {
    caseNumber: string
    itemCode: string
    decision: ResultDecision
    decidedAt: number
    applicantName: string
    reason?: Reason | undefined
  },
): Promise<KeptResult> {
  const item = catalog.items.find((i) => i.code === c.itemCode)
  const text = noticeText(item, c.itemCode, c)
  const signed = await signer.sign({
    caseNumber: c.caseNumber,
    itemCode: c.itemCode,
    decision: c.decision,
    decidedAt: c.decidedAt,
    applicantName: c.applicantName,
    noticeText: text,
  })
  return {
    decision: c.decision,
    decidedAt: c.decidedAt,
    noticeText: text,
    payload: signed.payload,
    url: signed.url,
    qrText: signed.qrText,
  }
}
