import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { Screen } from '../../ui/Screen'
import { useKiosk } from '../store'
import { useLocalized } from '../text'

export function CategoryScreen(): ReactElement {
  const { t } = useTranslation()
  const l = useLocalized()
  const { catalog, categoryId, set } = useKiosk()
  const category = catalog?.categories.find((c) => c.id === categoryId)
  const entries = catalog
    ? [...catalog.items, ...catalog.bundles].filter((e) => e.categoryId === categoryId)
    : []
  return (
    <Screen
      id="category"
      title={l(category?.name)}
      spoken={t('category.spoken', { name: l(category?.name) })}
    >
      <ul className="list" role="list">
        {entries.map((e) => (
          <li key={e.code}>
            <button
              type="button"
              className="list-item"
              onClick={() => set({ code: e.code, screen: 'guide' })}
            >
              <span className="list-name">{l(e.name)}</span>
              <span className="list-summary">{l(e.summary)}</span>
            </button>
          </li>
        ))}
      </ul>
    </Screen>
  )
}
