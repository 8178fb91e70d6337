import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { SubmissionView } from '../../../../common/cases/view'
import { ConsoleTable } from '../console-parts'
import { dayTime } from './case-texts'

/**
 * 键对键记录: what clerks asked in the visit's video calls and what the resident did, as the
 * kiosk submitted it with the application (a proposed value masked like the answers).
 */
export function CaseCoService({ sub }: { sub: SubmissionView }): ReactElement | null {
  const { t, i18n } = useTranslation()
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  const list = sub.coService ?? []
  if (list.length === 0) return null
  const label = (path: string) => {
    const a = sub.answers.find((x) => x.path === path)
    return a ? (lang === 'en' ? (a.label.en ?? a.label['zh-CN']) : a.label['zh-CN']) : path
  }
  const material = (id: string) => {
    const m = sub.itemMaterials.find((x) => x.materialId === id)
    return m ? (lang === 'en' ? (m.name.en ?? m.name['zh-CN']) : m.name['zh-CN']) : id
  }
  return (
    <section className="console-panel" aria-labelledby="cosvc-history-title">
      <h3 id="cosvc-history-title">{t('caseInbox.coService.title')}</h3>
      <ConsoleTable
        testId="case-cosvc"
        columns={[
          t('caseInbox.coService.at'),
          t('caseInbox.coService.clerk'),
          t('caseInbox.coService.action'),
          t('caseInbox.coService.outcome'),
        ]}
      >
        {list.map((e, i) => (
          <tr key={i} data-testid="case-cosvc-entry">
            <td>{dayTime(e.at)}</td>
            <td>{e.clerkId}</td>
            <td>
              {t(`clerk.coService.kind.${e.kind as 'propose'}`)}
              {e.path ? ` · ${label(e.path)}${e.value ? `：${e.value}` : ''}` : ''}
              {e.materialId ? ` · ${material(e.materialId)}` : ''}
              {e.code ? ` · ${e.code}` : ''}
              {e.document
                ? ` · ${t(e.document === 'notice' ? 'clerk.coService.printNotice' : 'clerk.coService.printReceipt')}`
                : ''}
            </td>
            <td>
              {e.outcome === 'refused'
                ? t('clerk.coService.outcome.refused', {
                    reason: t(`clerk.coService.refused.${(e.reason ?? 'wrong_screen') as 'busy'}`),
                  })
                : t(`clerk.coService.outcome.${e.outcome as 'accepted'}`)}
            </td>
          </tr>
        ))}
      </ConsoleTable>
    </section>
  )
}
