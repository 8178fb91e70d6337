import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { LocalizedText } from '../../../../common/domain/catalog'
import type { StatsDimension, StatsResponse } from '../../../../common/supervision/api'
import { ConsoleTable } from '../console-parts'
import { serverErrorText } from '../server-errors'
import { fetchItemNames, fetchStats } from './api'
import { StatsChart, type ChartRow } from './StatsChart'

const share = (n: number, of: number) => (of === 0 ? null : n / of)
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`)

/**
 * The supervisor's statistics by item, hall or clerk over a date range: a chart to see at a
 * glance where residents are unhappy or cases run late, and the table with every figure.
 */
export function StatsPanel({
  serverUrl,
  token,
}: {
  serverUrl: string
  token: string
}): ReactElement {
  const { t, i18n } = useTranslation()
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  const [by, setBy] = useState<StatsDimension>('item')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [stats, setStats] = useState<StatsResponse | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [items, setItems] = useState<Map<string, LocalizedText>>(new Map())

  useEffect(() => {
    fetchItemNames(serverUrl).then(setItems, () => setItems(new Map()))
  }, [serverUrl])

  // What is shown: the grouping applies at once, the dates on 查询.
  const [query, setQuery] = useState<{ by: StatsDimension; from: string; to: string }>({
    by: 'item',
    from: '',
    to: '',
  })
  useEffect(() => {
    let live = true
    void fetchStats(serverUrl, token, {
      by: query.by,
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
    }).then((r) => {
      if (!live) return
      if (r.ok) {
        setStats(r.data)
        setError(null)
      } else setError(serverErrorText(t, r.code))
    })
    return () => {
      live = false
    }
  }, [serverUrl, token, query, t])
  const apply = (next: Partial<typeof query>) => {
    const q = { ...query, by, from, to, ...next }
    if (q.from && q.to && q.from > q.to) setError(t('supervision.rangeReversed'))
    else setQuery(q)
  }

  const label = (key: string, name: string | null) => {
    if (stats?.by === 'item') {
      const n = items.get(key)
      return n ? (n[lang] ?? n['zh-CN']) : key
    }
    if (stats?.by === 'clerk') return name ?? key
    return key || t('supervision.noHall')
  }
  const rows = stats?.rows ?? []
  const chartRows: ChartRow[] = rows.map((r) => ({
    key: r.key,
    label: label(r.key, r.name),
    satisfaction: r.satisfaction,
    onTime: share(r.promisedMet, r.decided),
    overdue: r.overdue,
  }))

  return (
    <section className="console-panel" aria-labelledby="stats-title">
      <h2 id="stats-title">{t('supervision.statsTitle')}</h2>
      <form
        className="console-form stats-filters"
        onSubmit={(e) => {
          e.preventDefault()
          apply({})
        }}
      >
        <label className="field">
          {t('supervision.groupBy')}
          <select
            data-testid="stats-by"
            value={by}
            onChange={(e) => {
              setBy(e.target.value as StatsDimension)
              apply({ by: e.target.value as StatsDimension })
            }}
          >
            {(['item', 'hall', 'clerk'] as const).map((d) => (
              <option key={d} value={d}>
                {t(`supervision.by.${d}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t('supervision.from')}
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label className="field">
          {t('supervision.to')}
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="submit">{t('supervision.query')}</button>
      </form>
      {error && (
        <p className="console-alert" role="alert">
          {error}
        </p>
      )}
      {stats === null ? (
        <p>{t('supervision.loading')}</p>
      ) : rows.length === 0 ? (
        <p data-testid="stats-empty">{t('supervision.statsEmpty')}</p>
      ) : (
        <>
          <StatsChart rows={chartRows} />
          <ConsoleTable
            testId="stats-table"
            columns={[
              t(`supervision.by.${stats.by}`),
              t('supervision.colRatings'),
              t('supervision.colSatisfaction'),
              t('supervision.colDecided'),
              t('supervision.colPromisedMet'),
              t('supervision.colStatutoryMet'),
              t('supervision.colMedian'),
              t('supervision.colOverdue'),
            ]}
          >
            {rows.map((r, i) => (
              <tr key={r.key} data-testid="stats-row" data-key={r.key}>
                <td>{chartRows[i]!.label}</td>
                <td>{r.ratings}</td>
                <td data-testid="stats-satisfaction">{pct(r.satisfaction)}</td>
                <td>{r.decided}</td>
                <td>{pct(share(r.promisedMet, r.decided))}</td>
                <td>
                  {r.statutoryApplicable === 0
                    ? '—'
                    : pct(share(r.statutoryMet, r.statutoryApplicable))}
                </td>
                <td>
                  {r.medianWorkingDays === null
                    ? '—'
                    : t('supervision.workingDays', { count: r.medianWorkingDays })}
                </td>
                <td className={r.overdue > 0 ? 'late-cell' : ''} data-testid="stats-overdue">
                  {r.overdue}
                </td>
              </tr>
            ))}
          </ConsoleTable>
          <p className="console-note">{t('supervision.statsNote')}</p>
        </>
      )}
    </section>
  )
}
