import { createInstance } from 'i18next'
import { describe, expect, it } from 'vitest'
import {
  errorCodeOf,
  serverErrorCodes,
  serverErrorText,
} from '../../../../renderer/src/clerk/server-errors'
import en from '../../../../renderer/src/i18n/locales/en.json'
import zhCN from '../../../../renderer/src/i18n/locales/zh-CN.json'
import { SignalingError } from '../../../../renderer/src/video/shared/signaling-client'

async function translator(lng: 'zh-CN' | 'en') {
  const i18n = createInstance()
  await i18n.init({
    lng,
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    interpolation: { escapeValue: false },
  })
  return i18n.t
}

describe('server errors in words', () => {
  it('has a sentence in zh-CN and in en for every code the centre can answer', async () => {
    for (const lng of ['zh-CN', 'en'] as const) {
      const t = await translator(lng)
      for (const code of [...serverErrorCodes, 'unknown']) {
        const text = serverErrorText(t as never, code)
        expect(text, `${lng} ${code}`).not.toContain('clerk.serverError')
        expect(text, `${lng} ${code}`).not.toContain(code)
        expect(text.length, `${lng} ${code}`).toBeGreaterThan(5)
      }
    }
  })

  it('says forbidden in words and never echoes an unknown code', async () => {
    const t = await translator('zh-CN')
    const forbidden = serverErrorText(
      t as never,
      errorCodeOf(new SignalingError('forbidden', '没有权限 (forbidden)')),
    )
    expect(forbidden).toBe('您的账号没有这项操作的权限。如需办理，请联系系统管理员。')
    expect(serverErrorText(t as never, 'x_new_code')).toBe(t('clerk.serverError.unknown'))
  })
})
