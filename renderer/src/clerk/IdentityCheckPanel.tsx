import { useState, type FormEvent, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import {
  CheckedAddress,
  CheckedIdNumber,
  CheckedName,
} from '../../../common/signaling/identity-check'
import type { ClerkVideoSession, ConsoleIdentityCheck } from '../video/clerk/clerk-video-session'

/**
 * 身份经视频核验 on the console, for a resident without an ID card: the clerk checks who they
 * are by questions over the video, types the name and the ID number (its check digit verified
 * here, again by the server and the kiosk) and, if taken, the registered address, and sends them;
 * the kiosk shows them masked for the resident to confirm. What was typed is cleared once sent:
 * the console keeps only the masked form, and only for the call.
 */
export function IdentityCheckPanel({
  session,
  check,
}: {
  session: ClerkVideoSession
  check: ConsoleIdentityCheck
}): ReactElement {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const [name, setName] = useState('')
  const [idNumber, setIdNumber] = useState('')
  const [address, setAddress] = useState('')
  const [tried, setTried] = useState(false)

  const number = idNumber.trim().toUpperCase()
  const nameOk = CheckedName.safeParse(name.trim()).success
  const numberProblem =
    number.length === 0
      ? 'missing'
      : !/^[1-9][0-9]{16}[0-9X]$/.test(number)
        ? 'format'
        : !CheckedIdNumber.safeParse(number).success
          ? 'checkDigit'
          : null
  const addressOk = address.trim() === '' || CheckedAddress.safeParse(address).success

  async function send(e: FormEvent) {
    e.preventDefault()
    setTried(true)
    if (!nameOk || numberProblem || !addressOk) return
    const sent = await session.sendIdentity({
      name: name.trim(),
      idNumber: number,
      ...(address.trim() ? { address: address.trim() } : {}),
    })
    if (!sent) return
    setName('')
    setIdNumber('')
    setAddress('')
    setTried(false)
    setOpen(false)
  }

  const status =
    check.state === 'idle' ? null : (
      <p className="console-note" role="status" data-testid="idcheck-status">
        {t(`clerk.identity.status.${check.state}`, {
          name: check.maskedName,
          idNumber: check.maskedIdNumber,
        })}
      </p>
    )

  if (!open)
    return (
      <section className="console-panel" aria-label={t('clerk.identity.title')}>
        {status}
        {check.state === 'confirmed' ? null : (
          <button
            type="button"
            className="console-primary"
            data-testid="idcheck-open"
            onClick={() => setOpen(true)}
          >
            {check.state === 'idle' ? t('clerk.identity.open') : t('clerk.identity.again')}
          </button>
        )}
      </section>
    )
  return (
    <section className="console-panel" aria-labelledby="idcheck-title" data-testid="idcheck-panel">
      <h3 id="idcheck-title">{t('clerk.identity.title')}</h3>
      <p className="console-note">{t('clerk.identity.how')}</p>
      <form className="console-form staff-form" onSubmit={(e) => void send(e)} noValidate>
        <label className="field">
          {t('clerk.identity.name')}
          <input
            data-testid="idcheck-name"
            value={name}
            autoComplete="off"
            maxLength={50}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={tried && !nameOk}
          />
        </label>
        {tried && !nameOk ? (
          <p className="console-alert" role="alert">
            {t('clerk.identity.nameProblem')}
          </p>
        ) : null}
        <label className="field">
          {t('clerk.identity.idNumber')}
          <input
            data-testid="idcheck-number"
            value={idNumber}
            autoComplete="off"
            inputMode="text"
            maxLength={18}
            onChange={(e) => setIdNumber(e.target.value)}
            aria-invalid={tried && numberProblem !== null}
          />
        </label>
        {(tried || number.length === 18) && numberProblem ? (
          <p className="console-alert" role="alert" data-testid="idcheck-number-problem">
            {t(`clerk.identity.numberProblem.${numberProblem}`)}
          </p>
        ) : null}
        <label className="field">
          {t('clerk.identity.address')}
          <input
            data-testid="idcheck-address"
            value={address}
            autoComplete="off"
            maxLength={70}
            onChange={(e) => setAddress(e.target.value)}
          />
        </label>
        <div className="console-actions">
          <button type="submit" className="console-primary" data-testid="idcheck-send">
            {t('clerk.identity.send')}
          </button>
          <button type="button" onClick={() => setOpen(false)}>
            {t('clerk.identity.cancel')}
          </button>
        </div>
      </form>
      {status}
    </section>
  )
}
