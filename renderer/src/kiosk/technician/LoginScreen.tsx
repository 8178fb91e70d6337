import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { bridge } from '../../platform/bridge'
import { speak } from '../../ui/speech'
import { Screen } from '../../ui/Screen'
import { technicianError } from './errors'
import { TechField } from './TechField'

/**
 * The technician's login against the centre (the staff login; only a technician or an admin is
 * let in). The session stays in the main process; a refusal keeps the username typed.
 */
export function LoginScreen({
  onLoggedIn,
}: {
  onLoggedIn: (who: { displayName: string }) => void
}): ReactElement {
  const { t, i18n } = useTranslation()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [open, setOpen] = useState<'username' | 'password' | null>(null)
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function login() {
    setOpen(null)
    setSending(true)
    setError(null)
    try {
      onLoggedIn(await bridge()!.request('technician:login', { username, password }))
    } catch (e) {
      const text = technicianError(t, e, { OFFLINE: t('technician.login.offline') })
      setError(text)
      setPassword('')
      speak(text, i18n.language)
    } finally {
      setSending(false)
    }
  }

  return (
    <Screen
      id="tech-login"
      title={t('technician.login.title')}
      spoken={t('technician.login.spoken')}
      actions={
        <button
          type="button"
          className="primary-button big"
          disabled={!username || !password || sending}
          onClick={() => void login()}
        >
          {sending ? t('technician.login.sending') : t('technician.login.submit')}
        </button>
      }
    >
      <div className="tech-form">
        <div>
          <TechField
            id="tech-username"
            label={t('technician.login.username')}
            modes={['latin', 'code']}
            maxLength={64}
            value={username}
            onChange={setUsername}
            open={open === 'username'}
            onOpen={() => setOpen('username')}
            onClose={() => setOpen(null)}
          />
          <TechField
            id="tech-password"
            label={t('technician.login.password')}
            modes={['latin', 'code']}
            maxLength={256}
            secret
            value={password}
            onChange={setPassword}
            open={open === 'password'}
            onOpen={() => setOpen('password')}
            onClose={() => setOpen(null)}
          />
        </div>
        {error && !open ? (
          <div className="tech-side">
            <p className="tech-error" role="alert" data-testid="login-error">
              {error}
            </p>
          </div>
        ) : null}
      </div>
    </Screen>
  )
}
