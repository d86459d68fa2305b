import { breakdownChartHeight, componentLabel, type BreakdownRow } from '@/components/Breakdown'
import { plural } from '@/lib/format'

/** Points earned (coloured) against points available (grey) per score component. Plain
 * elements rather than a chart library: a row of bars needs no axes, and the resume page
 * then loads no charting code at all. */
export default function BreakdownChart({ rows }: { rows: BreakdownRow[] }) {
  const data = rows.map((r) => ({
    name: componentLabel(r),
    points: Math.round((r.points ?? 0) * 10) / 10,
    missing: Math.max(0, Math.round(((r.maxPoints ?? 0) - (r.points ?? 0)) * 10) / 10),
    ratio: r.maxPoints ? (r.points ?? 0) / r.maxPoints : 0,
  }))
  const widest = Math.max(1, ...data.map((d) => d.points + d.missing))
  const height = breakdownChartHeight(data)
  return (
    <div
      style={{ height }}
      className="flex w-full flex-col justify-center gap-[18px]"
      role="img"
      aria-label={`Score breakdown: ${data.map((d) => `${d.name} ${d.points} of ${d.points + d.missing}`).join('; ')}`}
    >
      {data.map((d) => (
        <div key={d.name} className="flex items-center gap-3 text-xs text-gray-700" title={`${d.name}: ${d.points} of ${plural(d.points + d.missing, 'point')}`}>
          <span className="w-[150px] shrink-0 truncate text-right">{d.name}</span>
          <span className="flex h-4 min-w-0 flex-1">
            <span
              className="h-full rounded-l"
              style={{
                width: `${(100 * d.points) / widest}%`,
                background: d.ratio >= 0.75 ? '#059669' : d.ratio >= 0.4 ? '#d97706' : '#dc2626',
              }}
            />
            <span className="h-full rounded-r bg-gray-200" style={{ width: `${(100 * d.missing) / widest}%` }} />
          </span>
        </div>
      ))}
    </div>
  )
}
