import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

/** One group of the chart: its label and the two shares (0…1, null without data) and a count. */
export interface ChartRow {
  key: string
  label: string
  satisfaction: number | null
  onTime: number | null
  overdue: number
}

const LABEL_W = 260
const BAR_W = 420
const ROW_H = 56
const TOP = 44
const pct = (x: number) => `${Math.round(x * 100)}%`

/**
 * The statistics as a picture (plain SVG, no chart library: two bars and a count per row):
 * per item, hall or clerk, the share of satisfied ratings and of decisions within the promised
 * time, side by side on one 0–100 % scale, and the overdue cases as a red count. The table
 * below it carries the same figures for those who read.
 */
export function StatsChart({ rows }: { rows: ChartRow[] }): ReactElement {
  const { t } = useTranslation()
  const height = TOP + rows.length * ROW_H + 24
  const width = LABEL_W + BAR_W + 200
  const bar = (share: number | null, y: number, cls: string, what: string) =>
    share === null ? (
      <text x={LABEL_W + 6} y={y + 15} className="stats-chart-none">
        {t('supervision.noData')}
      </text>
    ) : (
      <g>
        <rect x={LABEL_W} y={y} width={Math.max(2, share * BAR_W)} height={20} className={cls}>
          <title>{`${what} ${pct(share)}`}</title>
        </rect>
        <text x={LABEL_W + share * BAR_W + 6} y={y + 16} className="stats-chart-value">
          {pct(share)}
        </text>
      </g>
    )
  return (
    <svg
      className="stats-chart"
      data-testid="stats-chart"
      role="img"
      aria-label={t('supervision.chartLabel')}
      viewBox={`0 0 ${width} ${height}`}
    >
      <g className="stats-chart-legend">
        <rect x={LABEL_W} y={8} width={18} height={18} className="stats-bar-satisfaction" />
        <text x={LABEL_W + 24} y={23}>
          {t('supervision.colSatisfaction')}
        </text>
        <rect x={LABEL_W + 170} y={8} width={18} height={18} className="stats-bar-ontime" />
        <text x={LABEL_W + 194} y={23}>
          {t('supervision.colPromisedMet')}
        </text>
        <text x={LABEL_W + BAR_W + 80} y={23} className="stats-chart-overdue">
          {t('supervision.colOverdue')}
        </text>
      </g>
      {[0, 0.5, 1].map((g) => (
        <line
          key={g}
          x1={LABEL_W + g * BAR_W}
          x2={LABEL_W + g * BAR_W}
          y1={TOP - 4}
          y2={height - 20}
          className="stats-chart-grid"
        />
      ))}
      {[0, 0.5, 1].map((g) => (
        <text key={g} x={LABEL_W + g * BAR_W} y={height - 4} className="stats-chart-axis">
          {pct(g)}
        </text>
      ))}
      {rows.map((r, i) => {
        const y = TOP + i * ROW_H
        return (
          <g key={r.key} data-testid="stats-chart-row">
            <text x={LABEL_W - 10} y={y + 30} className="stats-chart-label">
              {r.label.length > 14 ? `${r.label.slice(0, 13)}…` : r.label}
            </text>
            {bar(r.satisfaction, y + 4, 'stats-bar-satisfaction', t('supervision.colSatisfaction'))}
            {bar(r.onTime, y + 28, 'stats-bar-ontime', t('supervision.colPromisedMet'))}
            <text
              x={LABEL_W + BAR_W + 110}
              y={y + 32}
              className={r.overdue > 0 ? 'stats-chart-overdue' : 'stats-chart-value'}
            >
              {r.overdue}
            </text>
          </g>
        )
      })}
    </svg>
  )
}
