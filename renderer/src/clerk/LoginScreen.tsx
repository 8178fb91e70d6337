import { useState, type FormEvent, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { LoginResponse, type StaffRole } from '../../../common/signaling'
import { Field } from './console-parts'
import { serverErrorText } from './server-errors'
import { serverUrl } from './server-url'

type Failure = 'required' | 'badCredentials' | 'lockedOut' | 'accountDisabled' | 'serverUnreachable'

/** The signed-in staff member (the login answer): the role decides which console they land in. */
export interface StaffLogin {
  token: string
  /** As typed at the login (the centre's usernames are lower case). */
  username: string
  displayName: string
  role: StaffRole
  categories: string[]
}

export function LoginScreen({
  onLoggedIn,
  notice = null,
}: {
  onLoggedIn: (s: StaffLogin) => void
  /** The centre's code for why the previous session ended, if it was refused. */
  notice?: string | null
}): ReactElement {
  const { t } = useTranslation()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<Failure | null>(null)

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault()
    if (!username.trim() || !password) {
      setFailure('required')
      return
    }
    setBusy(true)
    setFailure(null)
    try {
      const res = await fetch(`${await serverUrl()}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: username.trim(), password }),
      })
      if (res.status === 401) setFailure('badCredentials')
      else if (res.status === 429 || res.status === 423) setFailure('lockedOut')
      else if (res.status === 403) setFailure('accountDisabled')
      else if (!res.ok) setFailure('serverUnreachable')
      else {
        const body = LoginResponse.safeParse(await res.json())
        if (!body.success) setFailure('serverUnreachable')
        else
          onLoggedIn({
            token: body.data.token,
            username: username.trim(),
            displayName: body.data.displayName,
            role: body.data.role,
            categories: body.data.categories,
          })
      }
    } catch {
      setFailure('serverUnreachable')
    } finally {
      setBusy(false)
    }
  }

  return (
    <main className="clerk">
      <form
        className="login-card"
        onSubmit={(e) => void submit(e)}
        noValidate
        aria-labelledby="login-title"
      >
        <h1 id="login-title">
          {t('app.clerkTitle')} · {t('clerk.loginTitle')}
        </h1>
        <Field
          label={t('clerk.username')}
          name="username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <Field
          label={t('clerk.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {notice && !failure ? (
          <p className="form-error" role="status" data-testid="login-notice">
            {serverErrorText(t, notice)}
          </p>
        ) : null}
        {failure ? (
          <p className="form-error" role="alert">
            {t(`clerk.${failure}`)}
          </p>
        ) : null}
        <button type="submit" className="primary-button" disabled={busy}>
          {busy ? t('clerk.loggingIn') : t('clerk.login')}
        </button>
      </form>
    </main>
  )
}
