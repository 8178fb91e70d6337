import { useEffect, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { speak } from '../ui/speech'
import { fieldNode } from './co-actions'
import { actionDesk } from './desk'
import { useKiosk } from './store'
import './clerk-request.css'

/**
 * The values a clerk proposed for this form page (co-service), highlighted above the form
 * (their fields are marked too): 确认 or 不用 for each, 全部确认 for the page. The clerk
 * never writes the form; only 确认 puts a value in it.
 */
export function Proposals({
  section,
  schema,
}: {
  section: string
  /** The localized form schema, for the fields' titles and choice labels. */
  schema: Record<string, unknown>
}): ReactElement | null {
  const { t, i18n } = useTranslation()
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  const all = useKiosk((s) => s.proposals)
  const here = Object.values(all).filter((p) => p.path.split('.')[0] === section)
  const ids = here.map((p) => p.actionId + p.path).join(' ')
  useEffect(() => {
    if (here.length > 0) speak(t('video.coService.proposalsSpoken', { count: here.length }), lang)
    // When new proposals arrive on this page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ids])
  if (here.length === 0) return null
  return (
    <section className="proposals" aria-labelledby="proposals-title" data-testid="proposals">
      <h3 id="proposals-title">{t('video.coService.proposals')}</h3>
      {here.map((p) => {
        const node = fieldNode(schema, p.path)
        const title = typeof node?.title === 'string' ? node.title : p.path
        const label = choiceLabel(node, p.text)
        return (
          <div className="proposal" key={p.path} data-testid="proposal" data-path={p.path}>
            <span className="proposal-text">
              {title}：<strong>{label}</strong>
            </span>
            <button
              type="button"
              className="secondary-button"
              onClick={() => actionDesk.confirm(p.path, false)}
            >
              {t('video.coService.reject')}
            </button>
            <button
              type="button"
              className="primary-button"
              aria-label={`${t('video.coService.confirm')} ${title}`}
              onClick={() => actionDesk.confirm(p.path)}
            >
              {t('video.coService.confirm')}
            </button>
          </div>
        )
      })}
      {here.length > 1 ? (
        <button
          type="button"
          className="primary-button proposals-all"
          onClick={() => actionDesk.confirmSection(section)}
        >
          {t('video.coService.confirmAll')}
        </button>
      ) : null}
    </section>
  )
}

/** A choice's label instead of its value (`alone` → 独居). */
function choiceLabel(node: Record<string, unknown> | null, text: string): string {
  const list = node?.oneOf ?? node?.anyOf
  if (Array.isArray(list))
    for (const o of list as { const?: unknown; title?: unknown }[])
      if (String(o.const) === text && typeof o.title === 'string') return o.title
  return text
}
