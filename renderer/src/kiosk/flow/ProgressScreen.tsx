import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { caseStatusText } from '../../../../common/applications/schema'
import { BridgeError } from '../../../../common/bridge/errors'
import { bridge } from '../../platform/bridge'
import { Screen } from '../../ui/Screen'
import { useKiosk } from '../store'
import { useLocalized } from '../text'

/** Progress lookup: the signed-in resident's cases, their status and what is still missing. */
export default function ProgressScreen(): ReactElement {
  const { t, i18n } = useTranslation()
  const l = useLocalized()
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  const cases = useKiosk((s) => s.cases)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    void bridge()
      ?.request('progress:lookup', undefined)
      .then(
        (r) => useKiosk.getState().set({ cases: r.cases }),
        (e: unknown) =>
          setError(
            t(`errors.${e instanceof BridgeError ? e.code : 'INTERNAL'}` as 'errors.INTERNAL'),
          ),
      )
  }, [t])
  const title = error
    ? t('progress.failed')
    : cases === null
      ? t('progress.loading')
      : cases.length === 0
        ? t('progress.none')
        : t('progress.title', { count: cases.length })
  return (
    <Screen id="progress" title={title}>
      {error ? (
        <p className="notice" role="alert">
          {error}
        </p>
      ) : null}
      <ul className="list" role="list">
        {(cases ?? []).map((c) => (
          <li key={c.caseNumber} className="case">
            <p className="list-name">{l(c.name)}</p>
            <p>
              {t('receipt.caseNumber')}：{c.caseNumber}
            </p>
            <p className="status">{caseStatusText[c.status][lang]}</p>
            {c.missing.length > 0 ? (
              <p>
                {t('progress.missing')}
                {c.missing
                  .map((m) => `${l(m.name)}（${t('receipt.due', { date: m.dueDate })}）`)
                  .join('；')}
              </p>
            ) : null}
            {c.note ? <p>{l(c.note)}</p> : null}
          </li>
        ))}
      </ul>
    </Screen>
  )
}
