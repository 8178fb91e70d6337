import { useMemo, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { BridgeError } from '../../../../common/bridge/errors'
import { localizeForm } from '../../../../common/catalog/form'
import { findEntry } from '../../../../common/catalog/schema'
import { maskIdNumber } from '../../../../common/privacy/mask'
import { bridge } from '../../platform/bridge'
import { Screen } from '../../ui/Screen'
import { useKiosk } from '../store'
import { useLocalized } from '../text'
import { Pages } from '../../ui/Pages'
import { PageTurner } from '../../ui/PageTurner'
import { chinaDayPlus } from '../../../../common/domain/china-day'
import { answerGroups } from './review-answers'

/**
 * Everything the resident is about to submit, once more: every answer by step, every material
 * (its photos, or when it is due), and the signed commitment, each with 修改 (that step, then
 * straight back here). Pages of columns where it is more than one screen holds; 确认提交 on the
 * last page.
 */
export default function ReviewScreen(): ReactElement {
  const { t, i18n } = useTranslation()
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  const l = useLocalized()
  const s = useKiosk()
  const entry = s.catalog && s.code ? findEntry(s.catalog, s.code)?.entry : undefined
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [page, setPage] = useState(0)
  const [pages, setPages] = useState(1)
  const groups = useMemo(() => {
    if (!entry) return []
    const { schema, uiSchema } = localizeForm(entry.form, lang)
    const idPaths = new Set(
      entry.form.prefill.filter((m) => m.from === 'idNumber').map((m) => m.to),
    )
    return answerGroups(schema, uiSchema, s.formData, {
      locale: lang,
      yes: t('form.yes'),
      no: t('form.no'),
      empty: t('review.empty'),
      separator: t('review.separator'),
      masked: (path, value) => (idPaths.has(path) ? maskIdNumber(value) : undefined),
    })
  }, [entry, lang, s.formData, t])
  if (!entry || !s.card) return <Screen id="review" title="" />
  const materials = entry.materials.filter((m) => m.capture !== 'data-sharing')

  async function submit() {
    const b = bridge()
    if (!b || !s.code) return
    setBusy(true)
    setError(null)
    try {
      const upload = await b.request('applications:submit', {
        code: s.code,
        locale: lang,
        formData: s.formData,
        materials: Object.entries(s.materials).map(([materialId, m]) => ({
          materialId,
          kind: m.kind,
        })),
        commitmentAccepted: s.signature !== null,
        ...(s.signature ? { signature: s.signature } : {}),
        visitId: s.visitId,
        // What clerks asked in this visit's calls and what the resident did (co-service).
        ...(s.coHistory.length ? { coService: s.coHistory } : {}),
      })
      s.set({ upload, screen: 'receipt' })
    } catch (e) {
      setError(t(`errors.${e instanceof BridgeError ? e.code : 'INTERNAL'}` as 'errors.INTERNAL'))
    } finally {
      setBusy(false)
    }
  }

  const edit = (label: string, go: () => void) => (
    <button
      type="button"
      className="secondary-button edit"
      aria-label={`${t('review.change')} ${label}`}
      onClick={go}
    >
      {t('review.change')}
    </button>
  )
  return (
    <Screen
      id="review"
      title={t('review.title')}
      spoken={t(pages > 1 ? 'review.spokenPages' : 'review.spoken', { count: pages })}
      actions={
        <PageTurner
          page={page}
          pages={pages}
          onPage={setPage}
          onLast={
            <button
              type="button"
              className="primary-button big"
              disabled={busy}
              onClick={() => void submit()}
            >
              {busy ? t('review.submitting') : t('review.submit')}
            </button>
          }
        />
      }
    >
      {error ? (
        <p className="notice" role="alert">
          {error}
        </p>
      ) : null}
      <Pages page={page} onPages={setPages} className="review-pages">
        <section className="review-card" aria-label={t('review.item')}>
          <dl className="facts">
            <dt>{t('review.item')}</dt>
            <dd>{l(entry.name)}</dd>
          </dl>
        </section>
        {groups.map((g) => (
          <section key={g.key} className="review-card" aria-labelledby={`review-${g.key}`}>
            <header>
              <h3 id={`review-${g.key}`}>{g.title}</h3>
              {edit(g.title, () => s.set({ screen: 'form', formPage: g.page, returnTo: 'review' }))}
            </header>
            <dl className="facts">
              {g.rows.map((r) => [
                <dt key={`${r.path}-t`}>{r.label}</dt>,
                <dd key={`${r.path}-d`}>{r.value}</dd>,
              ])}
            </dl>
          </section>
        ))}
        {materials.length > 0 ? (
          <section className="review-card" aria-labelledby="review-materials">
            <header>
              <h3 id="review-materials">{t('review.materials')}</h3>
            </header>
            <ul className="review-materials">
              {materials.map((m, index) => {
                const c = s.materials[m.id]
                const name = l(m.name)
                return (
                  <li key={m.id}>
                    <div>
                      <p className="review-material-name">{name}</p>
                      {c?.kind === 'photographed' ? (
                        <p className="review-thumbs">
                          {c.previews.map((u, i) => (
                            <img
                              key={u}
                              src={u}
                              alt={t('review.pageAlt', { name, n: i + 1 })}
                              height={72}
                            />
                          ))}
                          <span>{t('review.photographed', { count: c.previews.length })}</span>
                        </p>
                      ) : c?.kind === 'deferred' && m.requirement.kind === 'deferrable' ? (
                        <p>
                          {t('review.deferredBy', {
                            date:
                              c.dueDate ??
                              chinaDayPlus(new Date().getTime(), m.requirement.deadlineDays),
                          })}
                        </p>
                      ) : (
                        <p>{c ? t('review.counter') : '—'}</p>
                      )}
                    </div>
                    {edit(name, () =>
                      s.set({ screen: 'materials', materialIndex: index, returnTo: 'review' }),
                    )}
                  </li>
                )
              })}
            </ul>
          </section>
        ) : null}
        {entry.commitment.applies ? (
          <section className="review-card" aria-labelledby="review-commitment">
            <header>
              <h3 id="review-commitment">{t('review.commitment')}</h3>
              {edit(t('review.commitment'), () =>
                s.set({ screen: 'commitment', returnTo: 'review' }),
              )}
            </header>
            <p>{l(entry.commitment.title)}</p>
            {s.signature?.pngDataUrl ? (
              <p className="review-signature">
                <img src={s.signature.pngDataUrl} alt={t('review.signatureAlt')} height={96} />
                <span>{t('review.signed')}</span>
              </p>
            ) : (
              <p>{s.signature ? t('review.signed') : '—'}</p>
            )}
          </section>
        ) : null}
      </Pages>
    </Screen>
  )
}
