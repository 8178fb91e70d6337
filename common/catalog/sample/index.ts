import { Catalog, type CatalogInput } from '../schema'
import { newbornBundle } from './bundles'
import {
  birthHukou,
  birthRegistration,
  homestead,
  medicalEnrol,
  pensionClaim,
  pensionEnrol,
  socialCardApply,
  socialCardReissue,
} from './items-social'
import {
  dibao,
  disabilitySubsidies,
  elderCard,
  elderlyAllowance,
  extremeHardship,
  temporaryAssistance,
} from './items-welfare'
import { t } from './fields'

/**
 * SAMPLE CONTENT. A realistic village catalog for development, tests and demonstrations; it is
 * not an official catalog and `sample: true` makes the kiosk say so. Kept as TS data under
 * common/ so the kiosk main process, the device host, the signaling server and the renderer all
 * import the same object without a build step, and the authoring helpers keep each form's JSON
 * Schema, UI schema and English text together.
 */
export const sampleCatalogInput: CatalogInput = {
  schemaVersion: 1,
  version: '2025.06.1',
  publishedAt: '2025-06-01T08:00:00+08:00',
  region: t('示例县（样例内容）', 'Sample County (sample content)'),
  sample: true,
  categories: [
    { id: 'social-security', name: t('社会保障', 'Social security'), icon: 'shield', order: 1 },
    { id: 'medical-insurance', name: t('医疗保障', 'Medical insurance'), icon: 'heart', order: 2 },
    { id: 'elderly-care', name: t('养老服务', 'Elderly care'), icon: 'elder', order: 3 },
    { id: 'civil-affairs', name: t('民政救助', 'Social assistance'), icon: 'hands', order: 4 },
    { id: 'family', name: t('生育登记', 'Births and family'), icon: 'baby', order: 5 },
    { id: 'housing', name: t('宅基地建房', 'Rural housing'), icon: 'house', order: 6 },
  ],
  items: [
    pensionEnrol,
    pensionClaim,
    socialCardReissue,
    socialCardApply,
    medicalEnrol,
    elderlyAllowance,
    elderCard,
    disabilitySubsidies,
    dibao,
    temporaryAssistance,
    extremeHardship,
    birthRegistration,
    birthHukou,
    homestead,
  ],
  bundles: [newbornBundle],
}

/** The sample catalog, parsed (defaults applied). Throws at import if the data is invalid. */
export const sampleCatalog: Catalog = Catalog.parse(sampleCatalogInput)

/** Item codes the end-to-end tests rely on. */
export const SAMPLE_CODES = {
  elderlyAllowance: elderlyAllowance.code,
  newbornBundle: newbornBundle.code,
} as const
