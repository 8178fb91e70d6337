import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { FleetCounts } from '../../../../common/signaling'
import { FLEET_FILTERS, type FleetFilter } from './fleet-filters'

/**
 * The filter buttons above the fleet list, each with how many terminals (of the hall and search
 * chosen) it would show alone, as the centre counted them.
 */
export function FleetFilters({
  counts,
  chosen,
  onChange,
}: {
  counts: FleetCounts
  chosen: ReadonlySet<FleetFilter>
  onChange: (next: ReadonlySet<FleetFilter>) => void
}): ReactElement {
  const { t } = useTranslation()
  const toggle = (f: FleetFilter) => {
    const next = new Set(chosen)
    if (next.has(f)) next.delete(f)
    else next.add(f)
    onChange(next)
  }
  return (
    <div className="fleet-filters" role="group" aria-label={t('clerk.fleet.filtersLabel')}>
      <span>{t('clerk.fleet.filtersLabel')}</span>
      <button
        type="button"
        aria-pressed={chosen.size === 0}
        data-testid="filter-all"
        onClick={() => onChange(new Set())}
      >
        {t('clerk.fleet.filter.all', { count: counts.all })}
      </button>
      {FLEET_FILTERS.map((f) => (
        <button
          key={f}
          type="button"
          aria-pressed={chosen.has(f)}
          data-testid={`filter-${f}`}
          onClick={() => toggle(f)}
        >
          {t(`clerk.fleet.filter.${f}`, { count: counts[f] })}
        </button>
      ))}
    </div>
  )
}

/** The hall chooser and the name search beside the filters. */
export function FleetScope({
  halls,
  hall,
  search,
  onHall,
  onSearch,
}: {
  halls: readonly string[]
  hall: string | null
  search: string
  onHall: (hall: string | null) => void
  onSearch: (text: string) => void
}): ReactElement {
  const { t } = useTranslation()
  return (
    <div className="fleet-scope">
      <label>
        {t('clerk.fleet.hallLabel')}
        <select
          data-testid="fleet-hall"
          value={hall ?? ''}
          onChange={(e) => onHall(e.target.value === '' ? null : e.target.value)}
        >
          <option value="">{t('clerk.fleet.hallAll')}</option>
          {halls.map((h) => (
            <option key={h} value={h}>
              {h}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('clerk.fleet.search')}
        <input
          type="search"
          data-testid="fleet-search"
          maxLength={100}
          value={search}
          onChange={(e) => onSearch(e.target.value)}
        />
      </label>
    </div>
  )
}

/** Where the page lies in the matching terminals, and the way to the pages before and after. */
export function FleetPager({
  offset,
  shown,
  total,
  limit,
  onOffset,
}: {
  offset: number
  shown: number
  total: number
  limit: number
  onOffset: (offset: number) => void
}): ReactElement | null {
  const { t } = useTranslation()
  if (total <= limit && offset === 0) return null
  return (
    <div className="fleet-pager" role="navigation" aria-label={t('clerk.fleet.pages')}>
      <button
        type="button"
        data-testid="fleet-prev"
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - limit))}
      >
        {t('clerk.fleet.prev')}
      </button>
      <span data-testid="fleet-range">
        {t('clerk.fleet.pageRange', {
          from: shown === 0 ? 0 : offset + 1,
          to: offset + shown,
          total,
        })}
      </span>
      <button
        type="button"
        data-testid="fleet-next"
        disabled={offset + limit >= total}
        onClick={() => onOffset(offset + limit)}
      >
        {t('clerk.fleet.next')}
      </button>
    </div>
  )
}
