import { useCallback, useEffect, useState, type ReactElement } from 'react'
import { ClerkConsole } from './ClerkConsole'
import { LoginScreen, type ClerkSession } from './LoginScreen'
import { serverUrl } from './server-url'

export function ClerkApp(): ReactElement {
  const [session, setSession] = useState<ClerkSession | null>(null)
  const [url, setUrl] = useState<string | null>(null)
  useEffect(() => {
    serverUrl().then(setUrl, () => setUrl(location.origin))
  }, [])
  const logout = useCallback(() => setSession(null), [])
  if (!session || !url) return <LoginScreen onLoggedIn={setSession} />
  return <ClerkConsole login={session} serverUrl={url} onLogout={logout} />
}
