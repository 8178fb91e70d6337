import { useEffect, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { findEntry } from '../../../common/catalog/schema'
import { speak } from '../ui/speech'
import type { PendingAction } from './co-actions'
import { actionDesk } from './desk'
import { useKiosk } from './store'
import { useLocalized } from './text'
import './clerk-request.css'

/**
 * A clerk's request during a shared call (co-service), over the resident's screen: large,
 * spoken, one decision. Nothing happens until the resident taps; 请把身份证放在读卡区 waits
 * for the card and offers only 取消.
 */
export function ClerkRequest({ request }: { request: PendingAction }): ReactElement {
  const { t, i18n } = useTranslation()
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  const l = useLocalized()
  const catalog = useKiosk((s) => s.catalog)
  const code = useKiosk((s) => s.code)
  const a = request.action
  const key = a.kind === 'print' ? a.document : a.kind
  const entryCode = a.kind === 'open-item' ? a.code : code
  const entry = catalog && entryCode ? findEntry(catalog, entryCode)?.entry : undefined
  const name =
    a.kind === 'photo'
      ? l(entry?.materials.find((m) => m.id === a.materialId)?.name ?? { 'zh-CN': a.materialId })
      : entry
        ? l(entry.name)
        : ''
  const text = t(`video.coService.request.${key}`, { name })
  const note = t(`video.coService.requestNote.${key}`)
  useEffect(() => {
    speak(`${text}。${note}`, lang)
    // Once per request.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [request.actionId])
  return (
    <div className="clerk-request-layer">
      <div
        className="clerk-request"
        role="alertdialog"
        aria-labelledby="clerk-request-text"
        data-testid="clerk-request"
        data-kind={a.kind}
      >
        <p className="clerk-request-from">{t('video.coService.fromClerk')}</p>
        <p id="clerk-request-text" className="clerk-request-text">
          {text}
        </p>
        <p className="lead">{note}</p>
        <div className="clerk-request-actions">
          {a.kind === 'read-card' ? (
            <button
              type="button"
              className="secondary-button big"
              onClick={() => void actionDesk.answer(false)}
            >
              {t('video.coService.cancel')}
            </button>
          ) : (
            <>
              <button
                type="button"
                className="secondary-button big"
                onClick={() => void actionDesk.answer(false)}
              >
                {t('video.coService.no')}
              </button>
              <button
                type="button"
                className="primary-button big"
                data-testid="clerk-request-yes"
                onClick={() => void actionDesk.answer(true)}
              >
                {t(`video.coService.yes.${key as 'photo'}`)}
              </button>
            </>
          )}
        </div>
      </div>
    </div>
  )
}
