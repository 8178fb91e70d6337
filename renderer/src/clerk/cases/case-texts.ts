import type { TFunction } from 'i18next'
import { caseStatusText } from '../../../../common/applications/schema'
import { localized, type CatalogItem } from './cases-api'

/** Every error code the case screens can meet, each with a sentence under `caseInbox.error`. */
export const caseErrorCodes = [
  'offline',
  'internal',
  'unauthorized',
  'forbidden',
  'not_found',
  'claimed',
  'invalid_transition',
  'invalid_body',
  'unknown_reason',
  'rate_limited',
] as const
/** The machine's rules (signaling-server/src/cases/machine.ts), under `caseInbox.rule`. */
export const caseRules = [
  'reason-required',
  'materials-required',
  'supplement-once',
  'notice-period-over',
  'due-date-past',
  'unknown-material',
  'already-supplied',
  'extension-pending',
  'extension-days',
  'no-extension-pending',
  'four-eyes',
  'materials-outstanding',
] as const

/** The sentence for a case API error (`rule:<name>` for a broken rule); never the code itself. */
export function caseErrorText(t: TFunction, code: string): string {
  if (code.startsWith('rule:')) {
    const rule = code.slice(5) as (typeof caseRules)[number]
    return caseRules.includes(rule) ? t(`caseInbox.rule.${rule}`) : t('caseInbox.error.internal')
  }
  const known = code as (typeof caseErrorCodes)[number]
  return caseErrorCodes.includes(known)
    ? t(`caseInbox.error.${known}`)
    : t('caseInbox.error.internal')
}

export function statusText(status: string, lang: string): string {
  const s = caseStatusText[status as keyof typeof caseStatusText]
  return s ? localized(s, lang) : status
}

export function itemName(items: CatalogItem[], code: string, lang: string): string {
  const i = items.find((x) => x.code === code)
  return i ? localized(i.name, lang) : code
}

/** 2026-12-01 09:30 in China Standard Time, the day the resident and the clerk see. */
export function dayTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000).toISOString()
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`
}
