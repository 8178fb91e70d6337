import type { TFunction } from 'i18next'
import type { CatalogIssue, EntryRef } from '../../../../common/catalog/publishing'

/** The parts of an entry the difference names, each with a label in both locale files. */
export const KNOWN_PARTS = [
  'code',
  'categoryId',
  'name',
  'summary',
  'keywords',
  'popular',
  'eligibility',
  'department',
  'legalBasis',
  'conditions',
  'materials',
  'fee',
  'timeLimits',
  'commitment',
  'output',
  'form',
  'reasons',
  'resultNotice',
  'fanOut',
  'icon',
  'order',
  'region',
  'sample',
  'schemaVersion',
] as const
type KnownPart = (typeof KNOWN_PARTS)[number]

export function partName(t: TFunction, part: string): string {
  return (KNOWN_PARTS as readonly string[]).includes(part)
    ? t(`clerk.catalog.part.${part as KnownPart}`)
    : part
}

/** `事项 高龄津贴申领 (CA-ELDERLY-ALLOWANCE)`; an entry without a name by its code alone. */
export function entryName(t: TFunction, e: EntryRef): string {
  return e.name
    ? t(`clerk.catalog.entry.${e.kind}`, { name: e.name, code: e.code })
    : t(`clerk.catalog.entryCode.${e.kind}`, { code: e.code })
}

/** `事项 高龄津贴申领 (CA-ELDERLY-ALLOWANCE) · 字段 materials[2].name：必填` */
export function issueLine(t: TFunction, i: CatalogIssue): string {
  const problem = t(`clerk.catalog.problem.${i.problem}`)
  return i.entry
    ? t('clerk.catalog.issueLine', { entry: entryName(t, i.entry), field: i.field, problem })
    : t('clerk.catalog.issueLineCatalog', { field: i.field, problem })
}
