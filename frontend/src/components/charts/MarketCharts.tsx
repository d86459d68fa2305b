// Drawn with recharts, loaded only when a market has data to draw (see pages/Market.tsx).
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { MarketInsights } from '@/api/types'
import { formatDate, formatMoney } from '@/lib/format'

export function SalaryChart({ m }: { m: MarketInsights }) {
  const s = m.salary
  const currency = s?.currency ?? 'USD'
  const data = [
    { name: '25th percentile', value: s?.p25 ?? null },
    { name: 'Median', value: s?.median ?? null },
    { name: '75th percentile', value: s?.p75 ?? null },
  ].filter((d): d is { name: string; value: number } => typeof d.value === 'number')
  if (!data.length) return null
  return (
    <div className="h-64" role="img" aria-label={`Salary distribution in ${currency}: ${data.map((d) => `${d.name} ${formatMoney(d.value, currency)}`).join(', ')}`} data-testid="salary-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 16, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e5e7eb" />
          <XAxis dataKey="name" tick={{ fontSize: 12, fill: '#4b5563' }} axisLine={false} tickLine={false} />
          <YAxis tickFormatter={(v: number) => formatMoney(v, currency)} tick={{ fontSize: 11, fill: '#6b7280' }} axisLine={false} tickLine={false} width={70} />
          <Tooltip formatter={(v) => [formatMoney(Number(v), currency, false), 'Salary']} cursor={{ fill: '#eef2ff' }} />
          <Bar dataKey="value" radius={[6, 6, 0, 0]} isAnimationActive={false} label={{ position: 'top', fontSize: 12, fill: '#111827', formatter: (v: unknown) => formatMoney(Number(v), currency) }}>
            {data.map((d) => (
              <Cell key={d.name} fill={d.name === 'Median' ? '#4f46e5' : '#a5b4fc'} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  )
}

export function TrendChart({ m }: { m: MarketInsights }) {
  const weekly = (m.trends?.weekly ?? []).map((w) => ({ ...w, label: formatDate(w.weekStart, { month: 'short', day: 'numeric' }) }))
  if (!weekly.length) return null
  return (
    <div className="h-56" role="img" aria-label={`Postings per week for the last ${weekly.length} weeks: ${weekly.map((w) => w.postings).join(', ')}`} data-testid="trend-chart">
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={weekly} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <defs>
            <linearGradient id="demand" x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor="#4f46e5" stopOpacity={0.35} />
              <stop offset="100%" stopColor="#4f46e5" stopOpacity={0.02} />
            </linearGradient>
          </defs>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e5e7eb" />
          <XAxis dataKey="label" tick={{ fontSize: 11, fill: '#6b7280' }} axisLine={false} tickLine={false} interval="preserveStartEnd" />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: '#6b7280' }} axisLine={false} tickLine={false} />
          <Tooltip formatter={(v) => [String(v), 'Postings']} />
          <Area type="monotone" dataKey="postings" stroke="#4f46e5" strokeWidth={2} fill="url(#demand)" isAnimationActive={false} />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  )
}

export function SkillsChart({ m }: { m: MarketInsights }) {
  const data = (m.topSkills ?? []).slice(0, 10)
  if (!data.length) return null
  return (
    <div style={{ height: data.length * 30 + 20 }} role="img" aria-label={`Top skills: ${data.map((d) => `${d.name} (${d.postings})`).join(', ')}`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 0, right: 24, bottom: 0, left: 0 }} barSize={14}>
          <XAxis type="number" hide />
          <YAxis type="category" dataKey="name" width={120} tick={{ fontSize: 12, fill: '#374151' }} axisLine={false} tickLine={false} />
          <Tooltip formatter={(v) => [String(v), 'Postings asking for it']} cursor={{ fill: '#eef2ff' }} />
          <Bar dataKey="postings" fill="#6366f1" radius={[0, 4, 4, 0]} isAnimationActive={false} label={{ position: 'right', fontSize: 11, fill: '#6b7280' }} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  )
}

