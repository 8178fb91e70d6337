import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { HEALTH_HISTORY_MS, type TerminalHealth } from '../../../../common/signaling'

const W = 420
const H = 130
const LEFT = 56
const RIGHT = 20
const TOP = 10
const BOTTOM = 24
const DAY = 86_400_000

/** One series of the history: its value in each sample (null where the sample has none). */
interface Series {
  key: string
  title: string
  unit: string
  value: (s: TerminalHealth) => number | null
  /** Step lines for states (the printer's paper), straight lines between samples otherwise. */
  step?: boolean
  /** Labels of the levels of a state series, bottom up. */
  levels?: string[]
}

/**
 * One small chart: the last 7 days on the x axis (a tick per day), the value on the y axis from
 * 0 to its maximum. Plain SVG, as the supervision charts (no chart library); the figure is also
 * said in words above it (the latest value) for those who do not read charts.
 */
function Chart({
  series: s,
  samples,
  now,
}: {
  series: Series
  samples: TerminalHealth[]
  now: number
}): ReactElement {
  const { t } = useTranslation()
  const points = samples
    .map((x) => ({ at: x.receivedAt, v: s.value(x) }))
    .filter((p): p is { at: number; v: number } => p.v !== null)
  const from = now - HEALTH_HISTORY_MS
  const max = s.levels ? s.levels.length - 1 : Math.max(1, ...points.map((p) => p.v))
  const x = (at: number) => LEFT + ((at - from) / HEALTH_HISTORY_MS) * (W - LEFT - RIGHT)
  const y = (v: number) => TOP + (1 - v / max) * (H - TOP - BOTTOM)
  const path = points
    .map((p, i) => {
      const prev = points[i - 1]
      const xy = `${x(p.at).toFixed(1)},${y(p.v).toFixed(1)}`
      if (i === 0) return `M${xy}`
      return s.step && prev ? `H${x(p.at).toFixed(1)}V${y(p.v).toFixed(1)}` : `L${xy}`
    })
    .join('')
  const latest = points[points.length - 1]
  const latestText = latest
    ? s.levels
      ? (s.levels[latest.v] ?? '')
      : `${Math.round(latest.v)} ${s.unit}`
    : t('clerk.fleet.noData')
  const yLabels = s.levels
    ? s.levels.map((label, v) => ({ label, v }))
    : [
        { label: String(Math.round(max)), v: max },
        { label: '0', v: 0 },
      ]
  const days = Array.from({ length: 8 }, (_, i) => now - (7 - i) * DAY)
  return (
    <figure className="fleet-chart" data-testid={`chart-${s.key}`}>
      <figcaption>
        <strong>{s.title}</strong> <span>{t('clerk.fleet.latest', { value: latestText })}</span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={s.title}>
        <line x1={LEFT} y1={H - BOTTOM} x2={W - RIGHT} y2={H - BOTTOM} className="axis" />
        <line x1={LEFT} y1={TOP} x2={LEFT} y2={H - BOTTOM} className="axis" />
        {yLabels.map(({ label, v }) => (
          <text key={v} x={LEFT - 6} y={y(v) + 5} className="label" textAnchor="end">
            {label}
          </text>
        ))}
        {days.map((d, i) => (
          <g key={d}>
            <line x1={x(d)} y1={H - BOTTOM} x2={x(d)} y2={H - BOTTOM + 4} className="axis" />
            {i % 2 === 1 ? (
              <text x={x(d)} y={H - 6} className="label" textAnchor="middle">
                {new Date(d).getMonth() + 1}/{new Date(d).getDate()}
              </text>
            ) : null}
          </g>
        ))}
        {path ? <path d={path} className="line" /> : null}
        {latest ? <circle cx={x(latest.at)} cy={y(latest.v)} r={3.5} className="dot" /> : null}
      </svg>
    </figure>
  )
}

const paperLevel = { ok: 0, 'near-end': 1, unknown: 1, out: 2 } as const

/** A terminal's 7-day health history as small charts: backlog, round trip, disk, paper. */
export function HistoryCharts({
  samples,
  now,
}: {
  samples: TerminalHealth[]
  now: number
}): ReactElement {
  const { t } = useTranslation()
  const series: Series[] = [
    {
      key: 'backlog',
      title: t('clerk.fleet.chart.backlog'),
      unit: t('clerk.fleet.unit.items'),
      value: (s) => s.outbox.waiting,
    },
    {
      key: 'rtt',
      title: t('clerk.fleet.chart.rtt'),
      unit: 'ms',
      value: (s) => s.rttMs,
    },
    {
      key: 'disk',
      title: t('clerk.fleet.chart.disk'),
      unit: 'MB',
      value: (s) => s.diskFreeMb,
    },
    {
      key: 'paper',
      title: t('clerk.fleet.chart.paper'),
      unit: '',
      step: true,
      levels: [
        t('clerk.terminals.paper.ok'),
        t('clerk.terminals.paper.near-end'),
        t('clerk.terminals.paper.out'),
      ],
      value: (s) => (s.printer ? paperLevel[s.printer.paper] : null),
    },
  ]
  return (
    <div className="fleet-charts">
      {series.map((s) => (
        <Chart key={s.key} series={s} samples={samples} now={now} />
      ))}
    </div>
  )
}
