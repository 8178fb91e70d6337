import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import {
  AssigneesBody,
  ClaimAnswer,
  type CaseViewBody,
  type ClockView,
  type FormAnswer,
  type HistoryEntryView,
} from '../../../../common/cases/view'
import { ConsoleTable } from '../console-parts'
import { localized, type CasesApi } from './cases-api'
import { caseErrorText, dayTime, statusText } from './case-texts'

/* The case view's parts: the form's answers, the clocks, the history, the reassignment. */

export function Answers({ answers, lang }: { answers: FormAnswer[]; lang: string }): ReactElement {
  const { t } = useTranslation()
  if (answers.length === 0) return <p>{t('caseInbox.noAnswers')}</p>
  // A heading per group (or list entry), then its answers as a definition list.
  const chunks: { head: FormAnswer | null; rows: FormAnswer[] }[] = [{ head: null, rows: [] }]
  for (const a of answers)
    if (a.value === null) chunks.push({ head: a, rows: [] })
    else chunks[chunks.length - 1]!.rows.push(a)
  return (
    <div className="case-answers" data-testid="answers">
      {chunks.map((c, i) =>
        c.head === null && c.rows.length === 0 ? null : (
          <div key={c.head?.path ?? i} style={{ paddingLeft: (c.head?.depth ?? 0) * 16 }}>
            {c.head ? <h4 className="case-answer-group">{localized(c.head.label, lang)}</h4> : null}
            {c.rows.length ? (
              <dl>
                {c.rows.map((a) => (
                  <div key={a.path} className="case-answer">
                    <dt>{localized(a.label, lang)}</dt>
                    <dd data-path={a.path}>{localized(a.value!, lang)}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
          </div>
        ),
      )}
    </div>
  )
}

export function Clocks({ clocks }: { clocks: CaseViewBody['clocks'] }): ReactElement {
  const { t } = useTranslation()
  const row = (key: 'notice' | 'promised' | 'statutory', c: ClockView) => (
    <tr key={key} data-testid={`clock-${key}`} className={c.state === 'overdue' ? 'late' : ''}>
      <td>{t(`caseInbox.clock.${key}`)}</td>
      <td className={c.state === 'overdue' || c.state === 'missed' ? 'late-cell' : ''}>
        {t(`caseInbox.clockState.${c.state}`, { defaultValue: c.state })}
      </td>
      <td>{c.dueOn ?? '—'}</td>
      <td>
        {c.workingDaysLeft === null
          ? '—'
          : c.workingDaysLeft >= 0
            ? t('caseInbox.daysLeft', { count: c.workingDaysLeft })
            : t('caseInbox.daysOver', { count: -c.workingDaysLeft })}
      </td>
    </tr>
  )
  return (
    <section className="console-panel" aria-labelledby="clocks-title">
      <h3 id="clocks-title">{t('caseInbox.clocks')}</h3>
      <ConsoleTable
        testId="clocks"
        columns={[
          t('caseInbox.colClock'),
          t('caseInbox.colClockState'),
          t('caseInbox.colClockDue'),
          t('caseInbox.colClockLeft'),
        ]}
      >
        {row('notice', clocks.notice)}
        {row('promised', clocks.promised)}
        {row('statutory', clocks.statutory)}
      </ConsoleTable>
      {clocks.acceptance ? (
        <p className={clocks.acceptance.how === 'deemed' ? 'console-alert' : 'console-note'}>
          {t(`caseInbox.acceptance.${clocks.acceptance.how}`, { date: clocks.acceptance.on })}
        </p>
      ) : null}
      {clocks.extensionDays > 0 ? (
        <p className="console-note">{t('caseInbox.extended', { count: clocks.extensionDays })}</p>
      ) : null}
      {clocks.calendarKnown ? null : (
        <p className="console-alert">{t('caseInbox.calendarUnknown')}</p>
      )}
    </section>
  )
}

export function History({
  history,
  lang,
  sub,
}: {
  history: HistoryEntryView[]
  lang: string
  sub: CaseViewBody['submission'] | null
}): ReactElement {
  const { t } = useTranslation()
  const reasonText = (code: string) => {
    const all = sub
      ? [...sub.reasons.notAccepted, ...sub.reasons.supplement, ...sub.reasons.rejection]
      : []
    const r = all.find((x) => x.code === code)
    return r ? localized(r.text, lang) : code
  }
  return (
    <section className="console-panel" aria-labelledby="history-title">
      <h3 id="history-title">{t('caseInbox.history')}</h3>
      <ol className="case-history" data-testid="history">
        {history.map((h, i) => {
          const a = h.action as {
            type: string
            reason?: { codes?: string[]; text?: string }
            materials?: { materialId: string; dueDate: string }[]
          }
          // The submission is recorded by the centre; it came from the kiosk named here.
          const who =
            a.type === 'submit'
              ? (sub?.terminal.name ?? t('caseInbox.byTerminal'))
              : h.by.kind === 'staff'
                ? (h.by.name ?? h.by.id ?? '')
                : h.by.kind === 'terminal'
                  ? // The resident, with their card at this kiosk (补交, 撤回, 出件).
                    t('caseInbox.byResident', {
                      terminal: h.by.name ?? h.by.id ?? t('caseInbox.byTerminal'),
                    })
                  : t('caseInbox.byCentre')
          const why = [
            ...(a.reason?.codes ?? []).map(reasonText),
            ...(a.reason?.text ? [a.reason.text] : []),
          ].join('；')
          return (
            <li key={i}>
              <strong>{t(`caseInbox.action.${a.type}`, { defaultValue: a.type })}</strong> ·{' '}
              {dayTime(h.at)} · {who}
              {h.from && h.from !== h.to
                ? ` · ${statusText(h.from, lang)} → ${statusText(h.to, lang)}`
                : ''}
              {why ? <div>{t('caseInbox.why', { why })}</div> : null}
              {a.materials?.length ? (
                <div>
                  {a.materials
                    .map((m) => {
                      const name = sub?.itemMaterials.find(
                        (x) => x.materialId === m.materialId,
                      )?.name
                      return `${name ? localized(name, lang) : m.materialId}（${m.dueDate}）`
                    })
                    .join('、')}
                </div>
              ) : null}
            </li>
          )
        })}
      </ol>
    </section>
  )
}

export function Reassign({
  api,
  caseNumber,
  onDone,
}: {
  api: CasesApi
  caseNumber: string
  onDone: () => Promise<void>
}): ReactElement {
  const { t } = useTranslation()
  const [users, setUsers] = useState<{ id: string; name: string }[]>([])
  const [to, setTo] = useState('')
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    void api.request('GET', `/${caseNumber}/assignees`, AssigneesBody).then((r) => {
      if (r.ok) setUsers(r.data.users)
    })
  }, [api, caseNumber])
  return (
    <form
      className="case-reassign"
      onSubmit={(e) => {
        e.preventDefault()
        if (!to) return
        void api
          .request('POST', `/${caseNumber}/reassign`, ClaimAnswer, { userId: to })
          .then(async (r) => {
            setError(r.ok ? null : r.code)
            await onDone()
          })
      }}
    >
      <label className="field">
        {t('caseInbox.reassignTo')}
        <select value={to} onChange={(e) => setTo(e.target.value)} data-testid="reassign-to">
          <option value="">—</option>
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={!to}>
        {t('caseInbox.reassign')}
      </button>
      {error ? <span className="console-alert">{caseErrorText(t, error)}</span> : null}
    </form>
  )
}
