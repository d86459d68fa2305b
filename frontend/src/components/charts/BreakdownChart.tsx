import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { breakdownChartHeight, componentLabel, type BreakdownRow } from '@/components/Breakdown'

/** Points earned (coloured) against points available (grey) per score component. */
export default function BreakdownChart({ rows }: { rows: BreakdownRow[] }) {
  const data = rows.map((r) => ({
    name: componentLabel(r),
    points: Math.round((r.points ?? 0) * 10) / 10,
    missing: Math.max(0, Math.round(((r.maxPoints ?? 0) - (r.points ?? 0)) * 10) / 10),
    ratio: r.maxPoints ? (r.points ?? 0) / r.maxPoints : 0,
  }))
  const height = breakdownChartHeight(data)
  return (
    <div style={{ height }} className="w-full" role="img" aria-label={`Score breakdown: ${data.map((d) => `${d.name} ${d.points} of ${d.points + d.missing}`).join('; ')}`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 0, right: 12, bottom: 0, left: 0 }} barSize={16}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e5e7eb" />
          <XAxis type="number" tick={{ fontSize: 11, fill: '#6b7280' }} axisLine={false} tickLine={false} />
          <YAxis type="category" dataKey="name" width={150} tick={{ fontSize: 12, fill: '#374151' }} axisLine={false} tickLine={false} />
          <Tooltip formatter={(v, n) => [String(v), n === 'points' ? 'Points earned' : 'Points missed']} />
          <Bar dataKey="points" stackId="s" radius={[4, 0, 0, 4]} isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.name} fill={d.ratio >= 0.75 ? '#059669' : d.ratio >= 0.4 ? '#d97706' : '#dc2626'} />
            ))}
          </Bar>
          <Bar dataKey="missing" stackId="s" fill="#e5e7eb" radius={[0, 4, 4, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  )
}
