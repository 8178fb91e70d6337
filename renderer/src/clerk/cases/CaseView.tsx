import { useCallback, useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import {
  AssigneesBody,
  CaseViewBody,
  ClaimAnswer,
  RevealBody,
  type ClaimView,
  type ClockView,
  type FormAnswer,
  type HistoryEntryView,
} from '../../../../common/cases/view'
import type { StaffClient } from '../../video/shared/signaling-client'
import { ConsoleTable } from '../console-parts'
import { CaseActions } from './CaseActions'
import { localized, type CasesApi, type CatalogItem } from './cases-api'
import { caseErrorText, dayTime, itemName, statusText } from './case-texts'
import { CaseImage } from './PageImage'

/** The claim is a 5-minute lease on the centre; renewed well before it runs out. */
const RENEW_MS = 60_000

/**
 * One case as the clerk works it: claimed on opening (every other console shows "王芳 正在处理";
 * renewed while open, released on leaving), the applicant masked until 显示 (audited by the
 * centre), the form's answers with the item's labels, each photographed page, the deferred
 * materials, the signed commitment, the clocks as the day each runs out and the working days
 * left, the history, and the actions the status offers. A supervisor can reassign it.
 */
export function CaseView({
  api,
  caseNumber,
  role,
  items,
  client,
  onClose,
}: {
  api: CasesApi
  caseNumber: string
  role: 'clerk' | 'supervisor'
  items: CatalogItem[]
  client: StaffClient
  onClose: () => void
}): ReactElement {
  const { t, i18n } = useTranslation()
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  const [view, setView] = useState<CaseViewBody | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [mine, setMine] = useState<ClaimView | null>(null)
  const [revealed, setRevealed] = useState<RevealBody | null>(null)

  const load = useCallback(async () => {
    const r = await api.request('GET', `/${caseNumber}`, CaseViewBody)
    if (r.ok) setView(r.data)
    setError(r.ok ? null : r.code)
  }, [api, caseNumber])

  // Claim on opening, renew while open, release on leaving.
  useEffect(() => {
    let held = false
    const claim = () =>
      api.request('POST', `/${caseNumber}/claim`, ClaimAnswer).then((r) => {
        held = r.ok
        setMine(r.ok ? r.data.claim : null)
      })
    void claim().then(load)
    const timer = setInterval(() => void claim(), RENEW_MS)
    return () => {
      clearInterval(timer)
      if (held) void api.request('DELETE', `/${caseNumber}/claim`, null)
    }
  }, [api, caseNumber, load])
  useEffect(
    () =>
      client.on('cases:changed', (e) => {
        if (e.caseNumber === caseNumber) void load()
      }),
    [client, caseNumber, load],
  )

  async function reveal() {
    const r = await api.request('POST', `/${caseNumber}/reveal`, RevealBody)
    if (r.ok) setRevealed(r.data)
    else setError(r.code)
  }

  const back = (
    <button type="button" onClick={onClose} data-testid="case-close">
      {t('caseInbox.back')}
    </button>
  )
  if (!view)
    return (
      <section className="case-view" aria-label={caseNumber}>
        {back}
        {error ? (
          <p className="console-alert" role="alert">
            {caseErrorText(t, error)}
          </p>
        ) : (
          <p>{t('caseInbox.loading')}</p>
        )}
      </section>
    )

  const sub = view.submission ?? null
  const heldByOther = view.claim && (!mine || view.claim.userId !== mine.userId) ? view.claim : null
  const applicant = revealed?.applicant ?? view.applicant
  const answers = revealed?.answers ?? sub?.answers ?? []
  return (
    <section className="case-view" aria-labelledby="case-title" data-testid="case-view">
      <div className="case-head">
        {back}
        <h2 id="case-title">
          {caseNumber} ·{' '}
          {sub ? localized(sub.itemName, lang) : itemName(items, view.case.itemCode, lang)}
        </h2>
        <span className="console-badge" data-testid="case-status">
          {statusText(view.case.status, lang)}
        </span>
      </div>
      <p data-testid="case-claim" className={heldByOther ? 'console-alert' : 'console-note'}>
        {heldByOther
          ? t('caseInbox.claimedBy', { name: heldByOther.name })
          : mine
            ? t('caseInbox.claimedByMe')
            : t('caseInbox.notClaimed')}
      </p>
      {error ? (
        <p className="console-alert" role="alert">
          {caseErrorText(t, error)}
        </p>
      ) : null}
      {role === 'supervisor' ? <Reassign api={api} caseNumber={caseNumber} onDone={load} /> : null}

      <div className="case-columns">
        <div>
          <section className="console-panel" aria-labelledby="applicant-title">
            <h3 id="applicant-title">{t('caseInbox.applicant')}</h3>
            <p data-testid="applicant">
              {applicant ? `${applicant.name} · ${applicant.idNumber}` : '—'}{' '}
              {revealed ? null : (
                <button type="button" data-testid="reveal" onClick={() => void reveal()}>
                  {t('caseInbox.reveal')}
                </button>
              )}
            </p>
            <p className="console-note">
              {revealed ? t('caseInbox.revealedNote') : t('caseInbox.maskedNote')}
            </p>
            {sub ? (
              <p>
                {t('caseInbox.fromHall', {
                  hall: sub.hall,
                  terminal: sub.terminal.name ?? sub.terminal.id,
                })}
                <br />
                {t('caseInbox.submittedAt', { at: dayTime(view.case.submittedAt) })}
              </p>
            ) : null}
          </section>
          <Clocks clocks={view.clocks} />
          <section className="console-panel" aria-labelledby="answers-title">
            <h3 id="answers-title">{t('caseInbox.answers')}</h3>
            <Answers answers={answers} lang={lang} />
          </section>
          <CaseActions
            api={api}
            view={view}
            role={role}
            disabled={!!heldByOther}
            onDone={(v) => setView(v)}
          />
        </div>
        <div>
          <section className="console-panel" aria-labelledby="materials-title">
            <h3 id="materials-title">{t('caseInbox.materials')}</h3>
            {(sub?.submitted ?? []).map((m) => {
              const tracked = view.materials.filter((x) => x.materialId === m.materialId)
              return (
                <div
                  key={m.materialId}
                  className="case-material"
                  data-testid={`material-${m.materialId}`}
                >
                  <h4>
                    {localized(m.name, lang)} · {t(`caseInbox.materialKind.${m.kind}`)}
                    {m.kind === 'deferred' && m.dueDate
                      ? ` · ${t('caseInbox.dueBy', { date: m.dueDate })}`
                      : ''}
                  </h4>
                  {m.pages.map((p) => (
                    <CaseImage
                      key={p.page}
                      api={api}
                      path={`/${caseNumber}/pages/${m.materialId}/${p.page}`}
                      alt={t('caseInbox.pageAlt', {
                        name: localized(m.name, lang),
                        page: p.page + 1,
                      })}
                      testId="case-page"
                    />
                  ))}
                  {tracked.map((x) => (
                    <p key={`${x.kind}-${x.dueDate}`} data-testid="tracked-material">
                      {t(`caseInbox.tracked.${x.kind}`, { date: x.dueDate })}{' '}
                      {x.suppliedAt
                        ? t('caseInbox.suppliedAt', { at: dayTime(x.suppliedAt) })
                        : t('caseInbox.notSupplied')}
                    </p>
                  ))}
                </div>
              )
            })}
            {/* Asked for in a 补正 notice but not part of the submission. */}
            {view.materials
              .filter((x) => !sub?.submitted.some((m) => m.materialId === x.materialId))
              .map((x) => (
                <p key={x.materialId} data-testid="tracked-material">
                  {sub?.itemMaterials.find((m) => m.materialId === x.materialId)
                    ? localized(
                        sub.itemMaterials.find((m) => m.materialId === x.materialId)!.name,
                        lang,
                      )
                    : x.materialId}{' '}
                  · {t(`caseInbox.tracked.${x.kind}`, { date: x.dueDate })}
                </p>
              ))}
          </section>
          {sub?.commitment ? (
            <section className="console-panel" aria-labelledby="commitment-title">
              <h3 id="commitment-title">{localized(sub.commitment.title, lang)}</h3>
              <p data-testid="commitment-text">{localized(sub.commitment.text, lang)}</p>
              {sub.commitment.consequences ? (
                <p className="console-note">{localized(sub.commitment.consequences, lang)}</p>
              ) : null}
              {sub.signature ? (
                <>
                  <CaseImage
                    api={api}
                    path={`/${caseNumber}/signature`}
                    alt={t('caseInbox.signatureAlt')}
                    tools={false}
                    testId="signature"
                  />
                  <p className="console-note">
                    {t('caseInbox.signedAt', { at: dayTime(sub.signature.signedAt) })}
                  </p>
                </>
              ) : (
                <p>{t('caseInbox.noSignature')}</p>
              )}
            </section>
          ) : null}
          <History history={view.history} lang={lang} sub={sub} />
        </div>
      </div>
    </section>
  )
}

function Answers({ answers, lang }: { answers: FormAnswer[]; lang: string }): ReactElement {
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

function Clocks({ clocks }: { clocks: CaseViewBody['clocks'] }): ReactElement {
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

function History({
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
                  ? t('caseInbox.byTerminal')
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

function Reassign({
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
