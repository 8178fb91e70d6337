import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { CaseCallsResponse, type LinkedCall } from '../../../../common/cases/calls'
import { ConsoleTable } from '../console-parts'
import type { CasesApi } from './cases-api'
import { caseErrorText, dayTime } from './case-texts'

/**
 * 视频求助记录: the video-help calls the resident asked for at the kiosk during the visit the
 * application was submitted in (the centre's rule, docs/back-office.md), oldest first: when,
 * from which screen, who answered, how long, the outcome the clerk recorded and how it ended.
 * Read again when the case changes (`refresh`), so a call made at the receipt screen shows up.
 */
export function CaseCalls({
  api,
  caseNumber,
  refresh,
}: {
  api: CasesApi
  caseNumber: string
  refresh: string
}): ReactElement {
  const { t } = useTranslation()
  const [calls, setCalls] = useState<LinkedCall[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    void api.request('GET', `/${caseNumber}/calls`, CaseCallsResponse).then((r) => {
      if (!live) return
      if (r.ok) setCalls(r.data.calls)
      setError(r.ok ? null : r.code)
    })
    return () => {
      live = false
    }
  }, [api, caseNumber, refresh])

  const duration = (s: number) =>
    t('caseInbox.calls.duration', { m: Math.floor(s / 60), s: String(s % 60).padStart(2, '0') })
  return (
    <section className="console-panel" aria-labelledby="calls-title" data-testid="case-calls">
      <h3 id="calls-title">{t('caseInbox.calls.title')}</h3>
      <p className="console-note">{t('caseInbox.calls.rule')}</p>
      {error ? (
        <p className="console-alert" role="alert">
          {caseErrorText(t, error)}
        </p>
      ) : calls === null ? (
        <p>{t('caseInbox.loading')}</p>
      ) : calls.length === 0 ? (
        <p data-testid="case-calls-none">{t('caseInbox.calls.none')}</p>
      ) : (
        <ConsoleTable
          testId="case-calls-table"
          columns={[
            t('caseInbox.calls.asked'),
            t('caseInbox.calls.step'),
            t('caseInbox.calls.clerk'),
            t('caseInbox.calls.length'),
            t('caseInbox.calls.outcome'),
            t('caseInbox.calls.ended'),
          ]}
        >
          {calls.map((c) => (
            <tr key={c.callId} data-testid="case-call">
              <td>
                {dayTime(c.askedAt)}
                {c.mode === 'audio' ? ` · ${t('caseInbox.calls.audio')}` : ''}
              </td>
              <td>{c.step}</td>
              <td>{c.clerk?.name ?? t('caseInbox.calls.notAnswered')}</td>
              <td>
                {c.durationSeconds !== null
                  ? duration(c.durationSeconds)
                  : c.state === 'ended'
                    ? '—'
                    : t('caseInbox.calls.ongoing')}
              </td>
              <td>{c.outcome ? t(`clerk.outcome.${c.outcome}`) : '—'}</td>
              <td>
                {c.endReason
                  ? `${t(`caseInbox.calls.endReason.${c.endReason}`)}${c.endedAt ? ` · ${dayTime(c.endedAt)}` : ''}`
                  : t('caseInbox.calls.ongoing')}
              </td>
            </tr>
          ))}
        </ConsoleTable>
      )}
    </section>
  )
}
