import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { ratingLevelText, ratingReasonText } from '../../../../common/applications/schema'
import { CaseCallsResponse, type LinkedCall } from '../../../../common/cases/calls'
import type { CallQualityReport } from '../../../../common/signaling/call-rating'
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
  const { t, i18n } = useTranslation()
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
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
            t('caseInbox.calls.rating'),
            t('caseInbox.calls.quality'),
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
              <td data-testid="case-call-rating">
                {c.rating
                  ? [
                      ratingLevelText[c.rating.level][lang],
                      ...c.rating.reasons.map((r) => ratingReasonText[r][lang]),
                    ].join(' · ')
                  : t('caseInbox.calls.notRated')}
              </td>
              <td data-testid="case-call-quality">{c.quality ? <Quality q={c.quality} /> : '—'}</td>
            </tr>
          ))}
        </ConsoleTable>
      )}
    </section>
  )
}

/**
 * The call's quality beside its rating, in the figures a supervisor weighs it by: how long the
 * resident waited, the link's medians, how often video went off and the peer was rebuilt.
 */
function Quality({ q }: { q: CallQualityReport }): ReactElement {
  const { t } = useTranslation()
  const n = (v: number | null, unit: string) => (v === null ? '—' : `${Math.round(v)} ${unit}`)
  const parts = [
    t('caseInbox.calls.q.wait', { v: n(q.waitSeconds, 's') }),
    t('caseInbox.calls.q.rtt', { v: n(q.rttMsMedian, 'ms') }),
    t('caseInbox.calls.q.loss', { v: q.lossPctMedian === null ? '—' : `${q.lossPctMedian} %` }),
    t('caseInbox.calls.q.kbps', {
      out: n(q.outboundKbpsMedian, 'kbps'),
      in: n(q.inboundKbpsMedian, 'kbps'),
    }),
    t('caseInbox.calls.q.switches', { v: q.voiceOnlySwitches ?? '—' }),
    t('caseInbox.calls.q.rebuilds', { v: q.peerRebuilds ?? '—' }),
  ]
  return (
    <ul className="case-call-quality">
      {q.worstLevel ? <li>{t(`video.quality.${q.worstLevel}`)}</li> : null}
      {parts.map((p) => (
        <li key={p}>{p}</li>
      ))}
    </ul>
  )
}
