import { toDataURL } from 'qrcode'
import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { uploadStateText } from '../../../../common/applications/schema'
import { bridge } from '../../platform/bridge'
import { Screen } from '../../ui/Screen'
import { useKiosk } from '../store'
import { useLocalized } from '../text'

/** The receipt: printed on the receipt printer and shown here, with the QR code for progress. */
export default function ReceiptScreen(): ReactElement {
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
          {/* Side by side, so a bundle's parts and its deferred materials fit in 大字 too. */}
          <div className="receipt-lists">
            {receipt.parts.length > 0 ? (
              <section aria-labelledby="r-parts">
                <h3 id="r-parts">{t('receipt.parts')}</h3>
                <ul aria-labelledby="r-parts" className="receipt-parts">
                  {receipt.parts.map((p) => (
                    <li key={p.name['zh-CN']}>
                      {l(p.name)}：
                      <span className="case-no">{p.caseNumber ?? t('receipt.partPending')}</span>
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
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
          </div>
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
