import { useCallback, useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import {
  CaseViewBody,
  ClaimAnswer,
  RevealBody,
  type ClaimView,
} from '../../../../common/cases/view'
import type { StaffClient } from '../../video/shared/signaling-client'
import { CaseActions } from './CaseActions'
import { localized, type CasesApi, type CatalogItem } from './cases-api'
import { caseErrorText, dayTime, itemName, statusText } from './case-texts'
import { CaseCalls } from './CaseCalls'
import { CaseCoService } from './CaseCoService'
import { CaseImage } from './CaseImage'
import { Answers, Clocks, History, Reassign } from './case-parts'

/** The claim is a 5-minute lease on the centre; renewed well before it runs out. */
const RENEW_MS = 60_000

/**
 * One case as the clerk works it: claimed on opening (every other console shows "王芳 正在处理";
 * renewed while open, released on leaving), the applicant masked until 显示 (audited by the
 * centre), the form's answers with the item's labels, each photographed page, the deferred
 * materials, the signed commitment, the clocks as the day each runs out and the working days
 * left, the video-help calls of the visit it was submitted in, the history, and the actions the status offers. A supervisor can reassign it.
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
            {view.identityCheck ? (
              <p className="case-identity-check" data-testid="identity-check">
                <strong>{t('caseInbox.identityByVideo')}</strong>{' '}
                {t('caseInbox.identityByVideoDetail', {
                  name: view.identityCheck.clerkName ?? '—',
                  id: view.identityCheck.clerkId,
                  at: dayTime(view.identityCheck.checkedAt),
                })}
              </p>
            ) : null}
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
            {/* Supplied later at a kiosk (补交), each supply with its pages. */}
            {(sub?.supplied ?? []).map((s, i) => (
              <div
                key={`${s.seq}-${s.materialId}`}
                className="case-material"
                data-testid={`supplied-${s.materialId}`}
              >
                <h4>{t('caseInbox.supplied', { name: localized(s.name, lang), n: i + 1 })}</h4>
                {s.pages.map((p) => (
                  <CaseImage
                    key={p.page}
                    api={api}
                    path={`/${caseNumber}/supplied/${s.seq}/${s.materialId}/${p.page}`}
                    alt={t('caseInbox.suppliedPageAlt', {
                      name: localized(s.name, lang),
                      page: p.page + 1,
                    })}
                    testId="supplied-page"
                  />
                ))}
              </div>
            ))}
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
          <CaseCalls api={api} caseNumber={caseNumber} refresh={view.case.updatedAt} />
          {sub ? <CaseCoService sub={sub} /> : null}
          <History history={view.history} lang={lang} sub={sub} />
        </div>
      </div>
    </section>
  )
}
