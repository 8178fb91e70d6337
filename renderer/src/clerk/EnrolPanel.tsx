import { toDataURL } from 'qrcode'
import { useEffect, useState, type FormEvent, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { CentreInfo } from '../../../common/applications/api'
import { enrolQrText } from '../../../common/fleet/enrol-qr'
import { CreateEnrolCodeResponse } from '../../../common/signaling'
import './fleet/fleet.css'
import { adminRequest } from './admin-api'
import { ConsoleTable, Field } from './console-parts'
import { serverErrorText } from './server-errors'

type Made = { code: string; hall: string; expiresAt: number; qr: string | null }

/**
 * The centre's public address for the enrolment QR: what `GET /api/v1/centre` says, else the
 * address this console reached the centre at.
 */
function useCentreAddress(serverUrl: string): string {
  const [address, setAddress] = useState(serverUrl)
  useEffect(() => {
    let live = true
    fetch(`${serverUrl}/api/v1/centre`)
      .then((r) => (r.ok ? r.json() : null))
      .then((body: unknown) => {
        const info = CentreInfo.safeParse(body)
        if (live && info.success) setAddress(info.data.publicUrl)
      })
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [serverUrl])
  return address
}

/**
 * One-time enrolment codes for new terminals (the same codes as
 * `npm run server -- enrol-code`; the technician types the code on the new kiosk or shows it its
 * QR code: common/fleet/enrol-qr.ts), for the admin's and the technician's consoles.
 */
export function EnrolPanel({
  serverUrl,
  token,
}: {
  serverUrl: string
  token: string
}): ReactElement {
  const { t, i18n } = useTranslation()
  const [hall, setHall] = useState('')
  const [ttl, setTtl] = useState('72')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<
    { local: 'hallRequired' | 'ttlRange' } | { server: string } | null
  >(null)
  const [made, setMade] = useState<Made[]>([])
  const centre = useCentreAddress(serverUrl)

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault()
    const hours = Number(ttl)
    if (!hall.trim()) return setProblem({ local: 'hallRequired' })
    if (!Number.isInteger(hours) || hours < 1 || hours > 720)
      return setProblem({ local: 'ttlRange' })
    setBusy(true)
    setProblem(null)
    const r = await adminRequest(
      serverUrl,
      token,
      'POST',
      '/api/admin/enrol-codes',
      CreateEnrolCodeResponse,
      { hall: hall.trim(), ttlHours: hours },
    )
    setBusy(false)
    if (!r.ok) return setProblem({ server: r.code })
    const qr = await toDataURL(enrolQrText({ centre, code: r.data.code }), {
      margin: 1,
      width: 360,
    }).catch(() => null)
    setMade((list) => [{ ...r.data, qr }, ...list])
  }

  const problemText =
    problem === null
      ? null
      : 'server' in problem
        ? serverErrorText(t, problem.server)
        : t(`clerk.enrol.${problem.local}`)
  const when = (ms: number) =>
    new Date(ms).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'zh-CN', {
      dateStyle: 'medium',
      timeStyle: 'short',
    })

  return (
    <>
      <section aria-labelledby="enrol-title" className="console-panel">
        <h2 id="enrol-title">{t('clerk.enrol.title')}</h2>
        <p>{t('clerk.enrol.lead')}</p>
        <form className="console-form" onSubmit={(e) => void submit(e)} noValidate>
          <Field
            label={t('clerk.enrol.hall')}
            name="hall"
            maxLength={80}
            value={hall}
            placeholder={t('clerk.enrol.hallExample')}
            onChange={(e) => setHall(e.target.value)}
          />
          <Field
            label={t('clerk.enrol.ttlHours')}
            name="ttlHours"
            inputMode="numeric"
            value={ttl}
            onChange={(e) => setTtl(e.target.value.replace(/\D/g, '').slice(0, 3))}
          />
          <button type="submit" className="console-primary" disabled={busy}>
            {busy ? t('clerk.enrol.creating') : t('clerk.enrol.create')}
          </button>
        </form>
        {problemText ? (
          <p className="console-alert" role="alert" data-testid="console-error">
            {problemText}
          </p>
        ) : null}
      </section>
      {made.length ? (
        <section aria-labelledby="codes-title" className="console-panel">
          <h2 id="codes-title">{t('clerk.enrol.madeTitle')}</h2>
          <p>{t('clerk.enrol.howTo')}</p>
          <ConsoleTable
            testId="enrol-codes"
            columns={[
              t('clerk.enrol.code'),
              t('clerk.enrol.hall'),
              t('clerk.enrol.expires'),
              t('clerk.enrol.qr'),
            ]}
          >
            {made.map((m) => (
              <tr key={m.code}>
                <td className="enrol-code" data-testid="enrol-code">
                  {m.code}
                </td>
                <td>{m.hall}</td>
                <td>{when(m.expiresAt)}</td>
                <td className="enrol-qr">
                  {m.qr ? (
                    <img
                      src={m.qr}
                      alt={t('clerk.enrol.qrAlt', { code: m.code })}
                      data-testid="enrol-qr"
                    />
                  ) : null}
                </td>
              </tr>
            ))}
          </ConsoleTable>
        </section>
      ) : null}
    </>
  )
}
