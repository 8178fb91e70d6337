import type { ReactElement, ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { StaffRole } from '../../../common/signaling'

/** The bar every staff console starts with: who is logged in, in which role, and log out. */
export function ConsoleBar({
  displayName,
  role,
  onLogout,
  logoutDisabled = false,
  children,
}: {
  displayName: string
  role: StaffRole
  onLogout: () => void
  logoutDisabled?: boolean
  children?: ReactNode
}): ReactElement {
  const { t } = useTranslation()
  return (
    <header className="console-bar">
      <h1>
        {t('app.clerkTitle')} · {displayName}{' '}
        <span className="console-role" data-testid="console-role">
          {t(`clerk.role.${role}`)}
        </span>
      </h1>
      {children}
      <button type="button" onClick={onLogout} disabled={logoutDisabled}>
        {t('clerk.logout')}
      </button>
    </header>
  )
}
