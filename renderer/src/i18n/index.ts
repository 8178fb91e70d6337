import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import type { Locale } from '../../../common/domain/app-info'
import en from './locales/en.json'
import zhCN from './locales/zh-CN.json'

export const resources = { 'zh-CN': { translation: zhCN }, en: { translation: en } } as const

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof zhCN }
  }
}

/** Both bundles ship inside the app: a village terminal must not fetch its own words. */
export async function initI18n(lng: Locale = 'zh-CN'): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: 'zh-CN',
    interpolation: { escapeValue: false },
    returnNull: false,
  })
  document.documentElement.lang = lng
  i18next.on('languageChanged', (l) => {
    document.documentElement.lang = l
    document.documentElement.dir = i18next.dir(l)
  })
  return i18next
}
