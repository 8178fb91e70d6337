import { readFileSync } from 'node:fs'
import { createInstance } from 'i18next'
import { describe, expect, it } from 'vitest'
import { ApiErrorCode } from '../../../../common/applications/api'
import { CaseActionType, Queue } from '../../../../common/cases/api'
import {
  caseErrorCodes,
  caseErrorText,
  caseRules,
} from '../../../../renderer/src/clerk/cases/case-texts'
import en from '../../../../renderer/src/i18n/locales/en.json'
import zhCN from '../../../../renderer/src/i18n/locales/zh-CN.json'

async function translator(lng: 'zh-CN' | 'en') {
  const i18n = createInstance()
  await i18n.init({
    lng,
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    interpolation: { escapeValue: false },
  })
  return i18n.t
}

describe('the case screens in words', () => {
  it('names every rule the state machine can break', () => {
    const source = readFileSync('signaling-server/src/cases/machine.ts', 'utf8')
    const used = new Set([...source.matchAll(/rule\('([a-z-]+)'\)/g)].map((m) => m[1]))
    expect([...used].sort()).toEqual([...caseRules].sort())
  })

  it('says every error, rule, queue and action in zh-CN and en, never as its code', async () => {
    for (const lng of ['zh-CN', 'en'] as const) {
      const t = await translator(lng)
      for (const code of [...caseErrorCodes, ...caseRules.map((r) => `rule:${r}`), 'weird']) {
        const text = caseErrorText(t as never, code)
        expect(text, `${lng} ${code}`).not.toContain('caseInbox.')
        expect(text.length, `${lng} ${code}`).toBeGreaterThan(3)
      }
      for (const q of Queue.options) expect(t(`caseInbox.queue.${q}`)).not.toContain('caseInbox')
      expect(t('caseInbox.action.submit')).not.toContain('caseInbox')
      for (const a of CaseActionType.options) {
        expect(t(`caseInbox.action.${a}`), `${lng} ${a}`).not.toContain('caseInbox')
        expect(t(`caseInbox.actionHelp.${a}`), `${lng} ${a}`).not.toContain('caseInbox')
      }
    }
    // Codes the case API answers are all among those the screens know (or the generic one).
    for (const c of caseErrorCodes)
      if (c !== 'offline' && c !== 'internal') expect(ApiErrorCode.options).toContain(c)
  })
})
