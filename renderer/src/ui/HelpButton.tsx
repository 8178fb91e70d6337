import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { Icon } from './icons'

/** The one button on every kiosk screen that reaches a person. */
export function HelpButton({ onPress }: { onPress: () => void }): ReactElement {
  const { t } = useTranslation()
  return (
    <button type="button" className="help-button" onClick={onPress} data-testid="help-button">
      <Icon name="video" />
      {t('help.button')}
    </button>
  )
}
