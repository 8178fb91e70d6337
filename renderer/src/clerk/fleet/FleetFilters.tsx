import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { TerminalView } from '../../../../common/signaling'
import { filterCounts, FLEET_FILTERS, type FleetFilter } from './fleet-filters'

/** The filter buttons above the fleet list, each with how many terminals it would show alone. */
export function FleetFilters({
  terminals,
  now,
  chosen,
  onChange,
}: {
  terminals: readonly TerminalView[]
  now: number
  chosen: ReadonlySet<FleetFilter>
  onChange: (next: ReadonlySet<FleetFilter>) => void
}): ReactElement {
  const { t } = useTranslation()
  const counts = filterCounts(terminals, now)
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
        {t('clerk.fleet.filter.all', { count: terminals.length })}
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
