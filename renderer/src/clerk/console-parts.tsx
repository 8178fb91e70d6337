import type { TFunction } from 'i18next'
import type { InputHTMLAttributes, ReactElement, ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { PriorityReason } from '../../../common/signaling'
import type { LinkState } from '../video/shared/signaling-client'
import type { StaffLogin } from './LoginScreen'

/** What every staff console is given: who logged in, where the centre is, and how to leave. */
export interface ConsoleProps {
  login: StaffLogin
  serverUrl: string
  /** With the centre's refusal code when the session was refused (shown on the login screen). */
  onLogout: (refusal?: string) => void
}

/** A labelled text input of the staff screens (login, enrolment codes). */
export function Field({
  label,
  ...input
}: { label: string } & InputHTMLAttributes<HTMLInputElement>): ReactElement {
  return (
    <label className="field">
      {label}
      <input {...input} />
    </label>
  )
}

/** The consoles' tables: one header row of column titles, then the given rows. */
export function ConsoleTable({
  testId,
  columns,
  children,
}: {
  testId: string
  columns: ReactNode[]
  children: ReactNode
}): ReactElement {
  return (
    <table className="console-table" data-testid={testId}>
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th key={i}>{c}</th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  )
}

/** Said while the console's socket to the centre is down or not yet up. */
export function LinkNotice({ link }: { link: LinkState }): ReactElement | null {
  const { t } = useTranslation()
  return link === 'offline' || link === 'connecting' ? (
    <p className="console-alert" role="status">
      {t('clerk.linkOffline')}
    </p>
  ) : null
}

/** A call's priority reasons in words, joined with 、 (empty when there are none). */
export function priorityText(t: TFunction, reasons: readonly PriorityReason[]): string {
  return reasons.map((r) => t(`clerk.priorityReason.${r}`)).join('、')
}
