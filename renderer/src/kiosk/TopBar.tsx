import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { AppInfo } from '../../../common/domain/app-info'
import { Icon } from '../ui/icons'
import { useLongPress } from '../ui/long-press'
import { useVoice } from '../ui/speech'

export function TopBar({
  info,
  largeText,
  onToggleText,
  onTechnician,
}: {
  info: AppInfo | null
  largeText: boolean
  onToggleText: () => void
  /** The hall's name held for 5 s: technician mode's login (never a resident's tap). */
  onTechnician?: () => void
}): ReactElement {
  const { t, i18n } = useTranslation()
  const voice = useVoice()
  const other = i18n.language === 'zh-CN' ? 'en' : 'zh-CN'
  const hold = useLongPress(() => onTechnician?.())
  return (
    <header className="topbar">
      <h1>{t('app.kioskTitle')}</h1>
      {info ? (
        <span className="hall" data-testid="hall-name" {...hold}>
          {info.hallName}
        </span>
      ) : null}
      {info?.devices === 'sim' ? <span className="badge">{t('app.simulatedDevices')}</span> : null}
      <button type="button" onClick={onToggleText} aria-pressed={largeText}>
        <Icon name="text" />
        {largeText ? t('kiosk.normalText') : t('kiosk.largerText')}
      </button>
      <button
        type="button"
        onClick={voice.toggle}
        aria-pressed={voice.muted}
        aria-label={voice.muted ? t('voice.unmute') : t('voice.mute')}
      >
        <Icon name={voice.muted ? 'mute' : 'speaker'} />
      </button>
      <button
        type="button"
        lang={other}
        aria-label={`${t('language.switch')} ${t('language.label')}`}
        onClick={() => void i18n.changeLanguage(other)}
      >
        {t('language.switch')}
      </button>
    </header>
  )
}
