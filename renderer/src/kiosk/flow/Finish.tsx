import { toDataURL } from 'qrcode'
import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import {
  caseStatusText,
  RatingLevel,
  RatingReason,
  ratingLevelText,
  ratingReasonText,
  uploadStateText,
} from '../../../../common/applications/schema'
import { BridgeError } from '../../../../common/bridge/errors'
import { findEntry } from '../../../../common/catalog/schema'
import { maskIdNumber, maskName } from '../../../../common/privacy/mask'
import { bridge } from '../../platform/bridge'
import { Screen } from '../../ui/Screen'
import { useKiosk } from '../store'
import { useLocalized } from '../text'

/** Everything the resident is about to submit, once more, with one button. */
export function ReviewScreen(): ReactElement {
  const { t, i18n } = useTranslation()
  const l = useLocalized()
  const s = useKiosk()
  const entry = s.catalog && s.code ? findEntry(s.catalog, s.code)?.entry : undefined
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  if (!entry || !s.card) return <Screen id="review" title="" />

  async function submit() {
    const b = bridge()
    if (!b || !s.code) return
    setBusy(true)
    setError(null)
    try {
      const upload = await b.request('applications:submit', {
        code: s.code,
        locale: i18n.language === 'en' ? 'en' : 'zh-CN',
        formData: s.formData,
        materials: Object.entries(s.materials).map(([materialId, m]) => ({
          materialId,
          kind: m.kind,
        })),
        commitmentAccepted: s.signature !== null,
        ...(s.signature ? { signature: s.signature } : {}),
      })
      s.set({ upload, screen: 'receipt' })
    } catch (e) {
      setError(t(`errors.${e instanceof BridgeError ? e.code : 'INTERNAL'}` as 'errors.INTERNAL'))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Screen
      id="review"
      title={t('review.title')}
      spoken={t('review.spoken')}
      actions={
        <button
          type="button"
          className="primary-button big"
          disabled={busy}
          onClick={() => void submit()}
        >
          {busy ? t('review.submitting') : t('review.submit')}
        </button>
      }
    >
      {error ? (
        <p className="notice" role="alert">
          {error}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t('review.item')}</dt>
        <dd>{l(entry.name)}</dd>
        <dt>{t('review.applicant')}</dt>
        <dd>
          {maskName(s.card.name)}（{maskIdNumber(s.card.idNumber)}）
        </dd>
        {entry.materials
          .filter((m) => m.capture !== 'data-sharing')
          .map((m) => {
            const c = s.materials[m.id]
            return [
              <dt key={`${m.id}-t`}>{l(m.name)}</dt>,
              <dd key={`${m.id}-d`}>
                {c?.kind === 'photographed'
                  ? t('review.photographed', { count: c.previews.length })
                  : c?.kind === 'deferred'
                    ? t('review.deferred')
                    : t('review.counter')}
              </dd>,
            ]
          })}
        {entry.commitment.applies ? (
          <>
            <dt>{t('review.commitment')}</dt>
            <dd>{s.signature ? t('review.signed') : '—'}</dd>
          </>
        ) : null}
      </dl>
    </Screen>
  )
}

/** The receipt: printed on the receipt printer and shown here, with the QR code for progress. */
export function ReceiptScreen(): ReactElement {
  const { t, i18n } = useTranslation()
  const l = useLocalized()
  const { upload, receipt, set } = useKiosk()
  const [qr, setQr] = useState<string | null>(null)
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'

  useEffect(() => {
    if (!upload || receipt) return
    void bridge()
      ?.request('receipt:print', { applicationId: upload.applicationId, waitForCaseMs: 4000 })
      .then((r) => useKiosk.getState().set({ receipt: r }))
  }, [upload, receipt])
  useEffect(() => {
    if (receipt) void toDataURL(receipt.qrPayload, { margin: 1, width: 240 }).then(setQr)
  }, [receipt])

  if (!receipt) {
    return (
      <Screen id="receipt" title={t('receipt.printing')}>
        <p className="notice" role="status">
          {upload
            ? uploadStateText[upload.state === 'confirmed' ? 'confirmed' : 'waiting'][lang]
            : ''}
        </p>
      </Screen>
    )
  }
  const waiting = receipt.uploadState !== 'confirmed'
  // A refused upload is never retried: say so instead of "waiting to upload".
  const uploadText =
    uploadStateText[
      receipt.uploadState === 'failed' ? 'failed' : waiting ? 'waiting' : 'confirmed'
    ][lang]
  const spoken = [
    t('receipt.done'),
    waiting ? uploadText : '',
    receipt.printed ? t('receipt.printed') : t('receipt.notPrinted'),
    ...receipt.deferred.map((d) =>
      t('receipt.spokenDeferred', { name: l(d.name), date: d.dueDate }),
    ),
  ].join('。')
  return (
    <Screen
      id="receipt"
      title={t('receipt.done')}
      spoken={spoken}
      actions={
        <button
          type="button"
          className="primary-button big"
          onClick={() => set({ screen: 'rating' })}
        >
          {t('receipt.toRating')}
        </button>
      }
    >
      <div className="receipt">
        <div>
          <p
            className={`status ${waiting ? 'waiting' : 'ok'}`}
            role="status"
            data-testid="upload-state"
          >
            {uploadText}
          </p>
          <dl className="facts">
            <dt>{t('receipt.caseNumber')}</dt>
            <dd data-testid="case-number">{receipt.caseNumber}</dd>
            <dt>{t('receipt.item')}</dt>
            <dd>{l(receipt.itemName)}</dd>
            <dt>{t('receipt.promised')}</dt>
            <dd>{t('guide.promised', { count: receipt.promisedDays })}</dd>
          </dl>
          {receipt.deferred.length > 0 ? (
            <section aria-labelledby="r-deferred">
              <h3 id="r-deferred">{t('receipt.deferred')}</h3>
              <ul>
                {receipt.deferred.map((d) => (
                  <li key={d.name['zh-CN']}>
                    {l(d.name)}：{t('receipt.due', { date: d.dueDate })}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <p className="note-big">
            {receipt.printed ? t('receipt.printed') : t('receipt.notPrinted')}
          </p>
        </div>
        <figure>
          {qr ? <img src={qr} alt={t('receipt.qrAlt')} width={240} height={240} /> : null}
          <figcaption>{t('receipt.qr')}</figcaption>
        </figure>
      </div>
    </Screen>
  )
}

const low: ReadonlySet<string> = new Set(['dissatisfied', 'very-dissatisfied'])

/** 好差评: five levels; the two lowest ask why (tap, no typing). */
export function RatingScreen({ onDone }: { onDone: () => void }): ReactElement {
  const { t, i18n } = useTranslation()
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  const upload = useKiosk((s) => s.upload)
  const [level, setLevel] = useState<RatingLevel | null>(null)
  const [reasons, setReasons] = useState<RatingReason[]>([])
  const [sent, setSent] = useState(false)
  const needsReason = level !== null && low.has(level)

  async function send() {
    if (!level || !upload) return
    await bridge()
      ?.request('rating:submit', { applicationId: upload.applicationId, level, reasons })
      .catch(() => undefined)
    setSent(true)
    setTimeout(onDone, 1500)
  }

  if (sent) return <Screen id="rating" title={t('rating.thanks')} />
  return (
    <Screen
      id="rating"
      title={needsReason ? t('rating.why') : t('rating.title')}
      actions={
        <>
          <button type="button" className="secondary-button" onClick={onDone}>
            {t('rating.skip')}
          </button>
          <button
            type="button"
            className="primary-button big"
            disabled={!level || (needsReason && reasons.length === 0)}
            onClick={() => void send()}
          >
            {t('rating.submit')}
          </button>
        </>
      }
    >
      {!needsReason ? (
        <div className="choice-tiles rating" role="radiogroup" aria-labelledby="rating-title">
          {RatingLevel.options.map((v) => (
            <button
              key={v}
              type="button"
              role="radio"
              aria-checked={level === v}
              className={`choice${level === v ? ' on' : ''}`}
              onClick={() => setLevel(v)}
            >
              {ratingLevelText[v][lang]}
            </button>
          ))}
        </div>
      ) : (
        <div className="choice-tiles" role="group" aria-labelledby="rating-title">
          {RatingReason.options.map((r) => {
            const on = reasons.includes(r)
            return (
              <button
                key={r}
                type="button"
                role="checkbox"
                aria-checked={on}
                className={`choice${on ? ' on' : ''}`}
                onClick={() => setReasons(on ? reasons.filter((x) => x !== r) : [...reasons, r])}
              >
                {ratingReasonText[r][lang]}
              </button>
            )
          })}
        </div>
      )}
    </Screen>
  )
}

/** Progress lookup: the signed-in resident's cases, their status and what is still missing. */
export function ProgressScreen(): ReactElement {
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
