import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { maskIdNumber, maskName } from '../../../../common/privacy/mask'
import type { IdentityProposedEvent } from '../../../../common/signaling'
import { speak } from '../../ui/speech'
import './identity.css'

/** The address down to the township, the rest starred, as the name and number are masked. */
const maskAddress = (a: string): string => (a.length > 9 ? `${a.slice(0, 9)}****` : a)

/**
 * 身份经视频核验 on the kiosk: what the clerk typed, masked (others in the hall may be looking),
 * for the resident to confirm over the call — one decision, large and spoken. Confirmed, a notice
 * says the application goes on with it.
 */
export function IdentityConfirm({
  proposed,
  confirmed,
  onAnswer,
  onDismiss,
}: {
  proposed: IdentityProposedEvent
  confirmed: boolean
  onAnswer: (yes: boolean) => Promise<void>
  onDismiss: () => void
}): ReactElement {
  const { t, i18n } = useTranslation()
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  const [failed, setFailed] = useState(false)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    speak(confirmed ? t('video.identity.confirmedSpoken') : t('video.identity.spoken'), lang)
  }, [confirmed, lang, t])

  const answer = (yes: boolean) => {
    setBusy(true)
    onAnswer(yes).then(
      () => setBusy(false),
      () => {
        setBusy(false)
        setFailed(true)
      },
    )
  }

  if (confirmed)
    return (
      <div
        className="cosvc-consent"
        role="alertdialog"
        aria-labelledby="idcheck-done"
        data-testid="idcheck-confirmed"
      >
        <p id="idcheck-done" className="cosvc-question">
          {t('video.identity.confirmed')}
        </p>
        <p className="video-lead">{t('video.identity.confirmedNote')}</p>
        <div className="video-actions">
          <button type="button" className="video-button video-button-go" onClick={onDismiss}>
            {t('video.identity.ok')}
          </button>
        </div>
      </div>
    )
  return (
    <div
      className="cosvc-consent"
      role="alertdialog"
      aria-labelledby="idcheck-question"
      data-testid="idcheck-confirm"
    >
      <p id="idcheck-question" className="cosvc-question">
        {t('video.identity.question')}
      </p>
      <dl className="idcheck-facts">
        <dt>{t('video.identity.name')}</dt>
        <dd data-testid="idcheck-name">{maskName(proposed.name)}</dd>
        <dt>{t('video.identity.idNumber')}</dt>
        <dd data-testid="idcheck-number">{maskIdNumber(proposed.idNumber)}</dd>
        {proposed.address ? (
          <>
            <dt>{t('video.identity.address')}</dt>
            <dd>{maskAddress(proposed.address)}</dd>
          </>
        ) : null}
      </dl>
      {failed ? (
        <p className="video-lead" role="alert">
          {t('video.identity.failed')}
        </p>
      ) : null}
      <div className="video-actions">
        <button
          type="button"
          className="video-button video-button-go"
          data-testid="idcheck-yes"
          disabled={busy}
          onClick={() => answer(true)}
        >
          {t('video.identity.yes')}
        </button>
        <button
          type="button"
          className="video-button"
          data-testid="idcheck-no"
          disabled={busy}
          onClick={() => answer(false)}
        >
          {t('video.identity.no')}
        </button>
      </div>
    </div>
  )
}
