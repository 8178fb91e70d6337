import { useLayoutEffect, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { Catalog } from '../../../common/catalog/schema'
import type { ServiceCategory } from '../../../common/domain/catalog'
import { Icon } from '../ui/icons'
import { Screen } from '../ui/Screen'
import { useLocalized } from './text'

export const homeInteractiveMark = 'kiosk:home-interactive'
/** Element Timing name of the first tile's text: when the tiles were painted. */
export const homeTilesPainted = 'home-tiles'

export type Loadable<T> = { state: 'loading' } | { state: 'failed' } | { state: 'ready'; value: T }

export function HomeScreen({
  categories,
  catalog,
  onPick,
  onItem,
  onProgress,
}: {
  categories: Loadable<ServiceCategory[]>
  catalog: Catalog | null
  onPick: (category: ServiceCategory) => void
  onItem: (code: string) => void
  onProgress: () => void
}): ReactElement {
  const { t } = useTranslation()
  const l = useLocalized()
  const ready = categories.state === 'ready'
  useLayoutEffect(() => {
    // The kiosk-ui benchmark reads this mark (tiles committed, their handlers attached) together
    // with the tiles' Element Timing paint: interactive is the later of the two.
    if (ready && performance.getEntriesByName(homeInteractiveMark).length === 0) {
      performance.mark(homeInteractiveMark)
    }
  }, [ready])
  const popular = catalog ? [...catalog.items, ...catalog.bundles].filter((e) => e.popular) : []
  return (
    <Screen
      id="home"
      title={t('home.greeting')}
      spoken={t('home.spokenGreeting')}
      actions={
        // In the bottom bar, so the tiles and the popular items have the whole screen above it.
        <button type="button" className="secondary-button" onClick={onProgress}>
          <Icon name="search" />
          {t('home.progress')}
        </button>
      }
    >
      {categories.state === 'loading' ? <p className="notice">{t('home.loading')}</p> : null}
      {categories.state === 'failed' ? (
        <p className="notice" role="alert">
          {t('home.loadFailed')}
        </p>
      ) : null}
      {categories.state === 'ready' ? (
        <ul className="tiles" role="list">
          {categories.value.map((c, i) => (
            <li key={c.id}>
              <button
                type="button"
                className="tile"
                onClick={() => onPick(c)}
                data-testid={`category-${c.id}`}
              >
                <Icon name={c.icon} />
                <span>
                  <span
                    className="tile-name"
                    elementtiming={i === 0 ? homeTilesPainted : undefined}
                  >
                    {l(c.name)}
                  </span>
                  <span className="tile-count">{t('home.itemCount', { count: c.itemCount })}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {/* Below the tiles: the catalog is validated after they are up, and must not push them. */}
      {catalog?.sample ? <p className="sample-banner">{t('kiosk.sampleBanner')}</p> : null}
      {popular.length > 0 ? (
        <section aria-labelledby="popular-title">
          <h3 id="popular-title">{t('home.popular')}</h3>
          <ul className="chips" role="list">
            {popular.slice(0, 6).map((e) => (
              <li key={e.code}>
                <button type="button" className="chip" onClick={() => onItem(e.code)}>
                  {l(e.name)}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Screen>
  )
}
