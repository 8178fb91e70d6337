import type { ReactElement } from 'react'
import { ConsoleBar } from './ConsoleBar'
import type { ConsoleProps } from './console-parts'
import { EnrolPanel } from './EnrolPanel'
import { TerminalsPanel } from './TerminalsPanel'

/**
 * A technician's console: enrolment codes for the terminals they set up, and the terminals
 * (online or not, revoke). Technicians reach no calls, cases or applications (the centre
 * refuses them there).
 */
export function TechnicianConsole({ login, serverUrl, onLogout }: ConsoleProps): ReactElement {
  return (
    <div className="console">
      <ConsoleBar displayName={login.displayName} role={login.role} onLogout={() => onLogout()} />
      <main className="console-body">
        <EnrolPanel serverUrl={serverUrl} token={login.token} />
        <TerminalsPanel serverUrl={serverUrl} token={login.token} />
      </main>
    </div>
  )
}
