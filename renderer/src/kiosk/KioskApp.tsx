import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { AppInfo } from '../../../common/domain/app-info'
import type { ServiceCategory } from '../../../common/domain/catalog'
import { bridge } from '../platform/bridge'
import { HelpButton } from '../ui/HelpButton'
import type { HelpContext } from '../video/help-context'
import { VideoHelp } from '../video/VideoHelp'
import { HomeScreen, type Loadable } from './HomeScreen'
import { TopBar } from './TopBar'

export function KioskApp(): ReactElement {
  const { t } = useTranslation()
  const [info, setInfo] = useState<AppInfo | null>(null)
  const [help, setHelp] = useState<HelpContext | null>(null)
  const [categories, setCategories] = useState<Loadable<ServiceCategory[]>>(() =>
    bridge() ? { state: 'loading' } : { state: 'failed' },
  )

  useEffect(() => {
    const b = bridge()
    if (!b) return
    b.request('app:info', undefined).then(setInfo, () => setInfo(null))
    b.request('catalog:categories', undefined).then(
      (value) => setCategories({ state: 'ready', value }),
      () => setCategories({ state: 'failed' }),
    )
  }, [])

  if (help) return <VideoHelp context={help} onClose={() => setHelp(null)} />

  return (
    <div className="kiosk">
      <TopBar info={info} />
      <HomeScreen categories={categories} onPick={() => {}} onProgress={() => {}} />
      <footer className="helpbar">
        <HelpButton onPress={() => setHelp({ step: { id: 'home', label: t('home.greeting') } })} />
        <span className="hint">{t('help.hint')}</span>
      </footer>
    </div>
  )
}
