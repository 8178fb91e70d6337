import { useEffect, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { ServiceCategory } from '../../../common/domain/catalog'
import { Icon } from '../ui/icons'
import { speak } from '../ui/speech'

export type Loadable<T> = { state: 'loading' } | { state: 'failed' } | { state: 'ready'; value: T }

export function HomeScreen({
  categories,
  onPick,
  onProgress,
}: {
  categories: Loadable<ServiceCategory[]>
  onPick: (category: ServiceCategory) => void
  onProgress: () => void
}): ReactElement {
  const { t, i18n } = useTranslation()
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'

  useEffect(() => {
    speak(t('home.spokenGreeting'), lang)
  }, [t, lang])

  return (
    <main className="screen" aria-labelledby="home-title">
      <h2 id="home-title">{t('home.greeting')}</h2>
      {categories.state === 'loading' ? <p className="notice">{t('home.loading')}</p> : null}
      {categories.state === 'failed' ? (
        <p className="notice" role="alert">
          {t('home.loadFailed')}
        </p>
      ) : null}
      {categories.state === 'ready' ? (
        <ul className="tiles" role="list" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {categories.value.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className="tile"
                style={{ width: '100%' }}
                onClick={() => onPick(c)}
                data-testid={`category-${c.id}`}
              >
                <Icon name={c.icon} />
                <span>
                  <span className="tile-name">{c.name[lang] ?? c.name['zh-CN']}</span>
                  <span className="tile-count">{t('home.itemCount', { count: c.itemCount })}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <p style={{ marginTop: 32 }}>
        <button type="button" className="secondary-button" onClick={onProgress}>
          {t('home.progress')}
        </button>
      </p>
    </main>
  )
}
