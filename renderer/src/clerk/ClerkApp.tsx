import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { LoginScreen, type ClerkSession } from './LoginScreen'

export function ClerkApp(): ReactElement {
  const { t } = useTranslation()
  const [session, setSession] = useState<ClerkSession | null>(null)
  if (!session) return <LoginScreen onLoggedIn={setSession} />
  return (
    <main className="clerk">
      <p className="notice">{t('clerk.loggedIn', { name: session.displayName })}</p>
    </main>
  )
}
