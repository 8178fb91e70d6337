import type { ServiceCategory } from '../../../common/domain/catalog'

/**
 * The categories on the kiosk home screen. A stand-in until the versioned catalog is served by
 * the centre and cached on the terminal; labelled as sample content in the docs.
 */
export const sampleCategories: ServiceCategory[] = [
  {
    id: 'social-security',
    name: { 'zh-CN': '社会保障', en: 'Social security' },
    icon: 'shield',
    itemCount: 3,
  },
  {
    id: 'medical-insurance',
    name: { 'zh-CN': '医疗保障', en: 'Medical insurance' },
    icon: 'heart',
    itemCount: 1,
  },
  {
    id: 'elderly-care',
    name: { 'zh-CN': '养老服务', en: 'Elderly care' },
    icon: 'elder',
    itemCount: 2,
  },
  {
    id: 'civil-affairs',
    name: { 'zh-CN': '民政救助', en: 'Social assistance' },
    icon: 'hands',
    itemCount: 3,
  },
  {
    id: 'family',
    name: { 'zh-CN': '生育登记', en: 'Births and family' },
    icon: 'baby',
    itemCount: 2,
  },
  {
    id: 'housing',
    name: { 'zh-CN': '宅基地建房', en: 'Rural housing' },
    icon: 'house',
    itemCount: 1,
  },
]
