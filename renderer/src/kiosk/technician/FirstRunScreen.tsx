import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { Screen } from '../../ui/Screen'

/** A kiosk with no terminal credential: nothing for residents, the way in for the technician. */
export function FirstRunScreen({
  onEnrol,
  onSelfTest,
  onSettings,
}: {
  onEnrol: () => void
  onSelfTest: () => void
  onSettings: () => void
}): ReactElement {
  const { t } = useTranslation()
  return (
    <Screen
      id="tech-first-run"
      title={t('technician.firstRun.title')}
      spoken={t('technician.firstRun.spoken')}
      actions={
        <button type="button" className="primary-button big" onClick={onEnrol}>
          {t('technician.firstRun.start')}
        </button>
      }
    >
      <p className="lead">{t('technician.firstRun.lead')}</p>
      <p className="lead">{t('technician.firstRun.who')}</p>
      <div className="tech-links">
        <button type="button" className="secondary-button" onClick={onSelfTest}>
          {t('technician.menu.selfTest')}
        </button>
        <button type="button" className="secondary-button" onClick={onSettings}>
          {t('technician.firstRun.settings')}
        </button>
      </div>
    </Screen>
  )
}
