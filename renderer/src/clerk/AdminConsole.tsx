import type { ReactElement } from 'react'
import { ConsoleBar } from './ConsoleBar'
import type { ConsoleProps } from './console-parts'
import { EnrolPanel } from './EnrolPanel'
import { TerminalsPanel } from './TerminalsPanel'
import { StaffPanel } from './StaffPanel'
import { CatalogPanel } from './catalog/CatalogPanel'
import { RolloutsPanel } from './RolloutsPanel'

/**
 * An administrator's console: enrolment codes, the terminals, staged updates, the staff accounts
 * and the service catalog's versions.
 */
export function AdminConsole({ login, serverUrl, onLogout }: ConsoleProps): ReactElement {
  return (
    <div className="console">
      <ConsoleBar displayName={login.displayName} role={login.role} onLogout={() => onLogout()} />
      <main className="console-body">
        <EnrolPanel serverUrl={serverUrl} token={login.token} />
        <TerminalsPanel serverUrl={serverUrl} token={login.token} />
        <RolloutsPanel serverUrl={serverUrl} token={login.token} />
        <StaffPanel serverUrl={serverUrl} token={login.token} ownUsername={login.username} />
        <CatalogPanel serverUrl={serverUrl} token={login.token} />
      </main>
    </div>
  )
}
