import { useCallback, useEffect, useState, type ReactElement } from 'react'
import { AdminConsole } from './AdminConsole'
import { ClerkConsole } from './ClerkConsole'
import { LoginScreen, type StaffLogin } from './LoginScreen'
import { serverUrl } from './server-url'
import { SupervisorConsole } from './SupervisorConsole'
import { TechnicianConsole } from './TechnicianConsole'

/** Login, then the console of the staff member's role: each role lands where it can work. */
export function ClerkApp(): ReactElement {
  const [login, setLogin] = useState<StaffLogin | null>(null)
  const [url, setUrl] = useState<string | null>(null)
  useEffect(() => {
    serverUrl().then(setUrl, () => setUrl(location.origin))
  }, [])
  // Why the last session ended, when the centre refused it (expired, revoked): said in words.
  const [refusal, setRefusal] = useState<string | null>(null)
  const logout = useCallback((why?: string) => {
    setLogin(null)
    setRefusal(why ?? null)
  }, [])
  if (!login || !url)
    return (
      <LoginScreen
        notice={refusal}
        onLoggedIn={(s) => {
          setRefusal(null)
          setLogin(s)
        }}
      />
    )
  const props = { login, serverUrl: url, onLogout: logout }
  if (login.role === 'supervisor') return <SupervisorConsole {...props} />
  if (login.role === 'admin') return <AdminConsole {...props} />
  if (login.role === 'technician') return <TechnicianConsole {...props} />
  return <ClerkConsole {...props} />
}
