import { useTranslation } from 'react-i18next'

type Localized = { 'zh-CN': string; en?: string | undefined }

/** Picks the resident's language from a catalog text (zh-CN when there is no English). */
export function useLocalized(): (t: Localized | undefined) => string {
  const { i18n } = useTranslation()
  const en = i18n.language === 'en'
  return (t) => (t ? ((en ? t.en : undefined) ?? t['zh-CN']) : '')
}
