import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { ratingLevelText, ratingReasonText } from '../../../../common/applications/schema'
import type {
  FollowUpDetail,
  FollowUpOutcome,
  FollowUpSummary,
} from '../../../../common/supervision/api'
import { ConsoleTable } from '../console-parts'
import { serverErrorText } from '../server-errors'
import { fetchFollowUp, fetchFollowUps, followUpAction } from './api'

type Lang = 'zh-CN' | 'en'
const OUTCOMES: FollowUpOutcome[] = ['resolved', 'explained', 'unresolved', 'unreachable']

/** The clock in words: "2026-11-23（剩 5 个工作日）", or overdue by n, or met / missed. */
function ClockCell({ clock }: { clock: FollowUpSummary['clock'] }): ReactElement {
  const { t } = useTranslation()
  const late = clock.state === 'overdue' || clock.state === 'missed'
  return (
    <td className={late ? 'late-cell' : ''} data-testid="follow-up-clock">
      {clock.dueOn}
      {'（'}
      {t(`supervision.clock.${clock.state}`, { count: Math.abs(clock.workingDaysLeft) })}
      {'）'}
    </td>
  )
}

/** One task opened: the rating, the resident's words, the history, and the next step's form. */
function FollowUpView({
  task,
  lang,
  onAct,
  busy,
}: {
  task: FollowUpDetail
  lang: Lang
  onAct: (type: 'verify' | 'rectify' | 'close', body: Record<string, unknown>) => void
  busy: boolean
}): ReactElement {
  const { t } = useTranslation()
  const [note, setNote] = useState('')
  const [upheld, setUpheld] = useState<boolean | null>(null)
  const [outcome, setOutcome] = useState<FollowUpOutcome | ''>('')
  const [missing, setMissing] = useState(false)
  const submit = () => {
    const ready =
      note.trim() !== '' &&
      (task.status !== 'verifying' || upheld !== null) &&
      (task.status !== 'revisiting' || outcome !== '')
    if (!ready) return setMissing(true)
    if (task.status === 'verifying') onAct('verify', { upheld, note })
    else if (task.status === 'rectifying') onAct('rectify', { note })
    else onAct('close', { outcome, note })
  }
  const outcomes = OUTCOMES.filter((o) => !(o === 'explained' && task.upheld === true))
  return (
    <div className="follow-up-view" data-testid="follow-up-view">
      <h3>
        {ratingLevelText[task.level][lang] ?? ratingLevelText[task.level]['zh-CN']}
        {task.caseNumber ? ` · ${task.caseNumber}` : ''}
        {task.hall ? ` · ${task.hall}` : ''}
      </h3>
      <p>
        {t('supervision.reasons')}
        {task.reasons
          .map((r) => ratingReasonText[r][lang] ?? ratingReasonText[r]['zh-CN'])
          .join('、')}
      </p>
      <p data-testid="follow-up-comment">
        {t('supervision.comment')}
        {task.comment ?? t('supervision.noComment')}
      </p>
      {task.history.length > 0 && (
        <ol className="follow-up-history" data-testid="follow-up-history">
          {task.history.map((e, i) => (
            <li key={i}>
              {new Date(e.at).toLocaleString(lang)} {e.by.name}{' '}
              {t(`supervision.step.${e.action.type}`)}
              {e.action.type === 'verify' &&
                `（${t(e.action.upheld ? 'supervision.upheld' : 'supervision.notUpheld')}）`}
              {e.action.type === 'close' && `（${t(`supervision.outcome.${e.action.outcome}`)}）`}：
              {e.action.note}
            </li>
          ))}
        </ol>
      )}
      {task.status === 'closed' ? (
        <p data-testid="follow-up-outcome">
          {t('supervision.closedWith', { outcome: t(`supervision.outcome.${task.outcome}`) })}
        </p>
      ) : (
        <form
          className="console-form follow-up-form"
          onSubmit={(e) => {
            e.preventDefault()
            submit()
          }}
        >
          <h4>{t(`supervision.next.${task.status}`)}</h4>
          {task.status === 'verifying' && (
            <div
              className="console-choices"
              role="radiogroup"
              aria-label={t('supervision.finding')}
            >
              {[true, false].map((v) => (
                <label key={String(v)}>
                  <input
                    type="radio"
                    name="upheld"
                    checked={upheld === v}
                    onChange={() => setUpheld(v)}
                  />
                  {t(v ? 'supervision.upheld' : 'supervision.notUpheld')}
                </label>
              ))}
            </div>
          )}
          {task.status === 'revisiting' && (
            <label className="field">
              {t('supervision.outcomeLabel')}
              <select
                value={outcome}
                onChange={(e) => setOutcome(e.target.value as FollowUpOutcome)}
              >
                <option value="">{t('supervision.choose')}</option>
                {outcomes.map((o) => (
                  <option key={o} value={o}>
                    {t(`supervision.outcome.${o}`)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label className="field">
            {t(`supervision.noteLabel.${task.status}`)}
            <textarea
              rows={3}
              maxLength={1000}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </label>
          {missing && (
            <p className="console-alert" role="alert">
              {t('supervision.incomplete')}
            </p>
          )}
          <button type="submit" className="console-primary" disabled={busy}>
            {t(`supervision.submit.${task.status}`)}
          </button>
        </form>
      )}
    </div>
  )
}

/**
 * The 好差评 follow-ups: the open tasks by due day (their 15-working-day clocks), the closed
 * ones, and the opened task worked step by step (核实 → 整改 → 回访 → 办结).
 */
export function FollowUpPanel({
  serverUrl,
  token,
}: {
  serverUrl: string
  token: string
}): ReactElement {
  const { t, i18n } = useTranslation()
  const lang: Lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  const [state, setState] = useState<'open' | 'closed'>('open')
  const [rows, setRows] = useState<FollowUpSummary[] | null>(null)
  const [task, setTask] = useState<FollowUpDetail | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const [version, setVersion] = useState(0)
  const reload = () => setVersion((v) => v + 1)
  useEffect(() => {
    let live = true
    void fetchFollowUps(serverUrl, token, state).then((r) => {
      if (!live) return
      if (r.ok) setRows(r.data.rows)
      else setError(serverErrorText(t, r.code))
    })
    return () => {
      live = false
    }
  }, [serverUrl, token, state, t, version])

  const open = async (ratingId: string) => {
    const r = await fetchFollowUp(serverUrl, token, ratingId)
    if (r.ok) {
      setTask(r.data)
      setError(null)
    } else setError(serverErrorText(t, r.code))
  }
  const act = async (type: 'verify' | 'rectify' | 'close', body: Record<string, unknown>) => {
    if (!task) return
    setBusy(true)
    const r = await followUpAction(serverUrl, token, task.ratingId, type, body)
    setBusy(false)
    if (r.ok) {
      setTask(r.data)
      setError(null)
    } else {
      // Someone else moved it on meanwhile, or the centre is away: say so and show it as it is.
      setError(r.code === 'offline' ? serverErrorText(t, r.code) : t('supervision.actionFailed'))
      await open(task.ratingId)
    }
    reload()
  }

  return (
    <section className="console-panel" aria-labelledby="follow-ups-title">
      <h2 id="follow-ups-title">
        {t('supervision.followUpsTitle')}
        {state === 'open' && rows
          ? `（${t('supervision.openCount', { count: rows.length })}）`
          : ''}
      </h2>
      <div className="console-actions" role="tablist">
        {(['open', 'closed'] as const).map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            aria-selected={state === s}
            className={state === s ? 'console-primary' : ''}
            onClick={() => setState(s)}
          >
            {t(`supervision.list.${s}`)}
          </button>
        ))}
      </div>
      {error && (
        <p className="console-alert" role="alert">
          {error}
        </p>
      )}
      {rows === null ? (
        <p>{t('supervision.loading')}</p>
      ) : rows.length === 0 ? (
        <p data-testid="follow-ups-empty">{t(`supervision.empty.${state}`)}</p>
      ) : (
        <ConsoleTable
          testId="follow-ups"
          columns={[
            t('supervision.colLevel'),
            t('supervision.colCase'),
            t('supervision.colHall'),
            t('supervision.colStatus'),
            t('supervision.colDue'),
            '',
          ]}
        >
          {rows.map((r) => (
            <tr key={r.ratingId} data-testid="follow-up-row" data-rating={r.ratingId}>
              <td>{ratingLevelText[r.level][lang] ?? ratingLevelText[r.level]['zh-CN']}</td>
              <td>{r.caseNumber ?? '—'}</td>
              <td>{r.hall || '—'}</td>
              <td data-testid="follow-up-status">{t(`supervision.status.${r.status}`)}</td>
              <ClockCell clock={r.clock} />
              <td>
                <button type="button" onClick={() => void open(r.ratingId)}>
                  {t('supervision.openTask')}
                </button>
              </td>
            </tr>
          ))}
        </ConsoleTable>
      )}
      {task && (
        <FollowUpView
          // A new step or another task: a fresh, empty form.
          key={`${task.ratingId}:${task.status}`}
          task={task}
          lang={lang}
          onAct={(a, b) => void act(a, b)}
          busy={busy}
        />
      )}
    </section>
  )
}
