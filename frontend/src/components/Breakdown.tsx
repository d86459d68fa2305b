import { titleCase } from '@/lib/format'

const LABELS: Record<string, string> = {
  skills: 'Skills',
  title: 'Title fit',
  text: 'Text similarity',
  seniority: 'Seniority fit',
  experience: 'Years of experience',
  location: 'Location and remote',
  salary: 'Salary',
}

/** The breakdown chart's height for these rows: the chart and the place kept for it while it loads. */
export function breakdownChartHeight(rows: unknown[]): number {
  return Math.max(180, rows.length * 34 + 20)
}

export function componentLabel(row: BreakdownRow): string {
  return row.label ?? LABELS[row.name] ?? titleCase(row.name.replace(/([a-z])([A-Z])/g, '$1 $2'))
}

export interface BreakdownRow {
  name: string
  label?: string | undefined
  points?: number | undefined
  maxPoints?: number | undefined
  score?: number | undefined
  weight?: number | undefined
  reason?: string | undefined
}

/** Normalises a breakdown that may come as a list or as an object keyed by component. */
export function breakdownRows(value: unknown): BreakdownRow[] {
  if (Array.isArray(value)) return value as BreakdownRow[]
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).map(([name, v]) =>
      typeof v === 'number' || v === null ? { name, score: v ?? undefined } : { name, ...(v as object) },
    )
  }
  return []
}

function fraction(row: BreakdownRow): number | null {
  if (typeof row.points === 'number' && typeof row.maxPoints === 'number' && row.maxPoints > 0) return row.points / row.maxPoints
  if (typeof row.score === 'number') return row.score > 1 ? row.score / 100 : row.score
  return null
}

/** Each component of a score as a labelled bar with its points and a one-line reason. */
export function Breakdown({ rows, title }: { rows: BreakdownRow[]; title: string }) {
  return (
    <ul className="grid gap-4" aria-label={title}>
      {rows.map((row) => {
        const f = fraction(row)
        const pct = f === null ? null : Math.round(Math.max(0, Math.min(1, f)) * 100)
        const colour = pct === null ? 'bg-slate-400' : pct >= 75 ? 'bg-emerald-500' : pct >= 40 ? 'bg-amber-500' : 'bg-red-500'
        return (
          <li key={row.name} className="grid gap-1.5">
            <div className="flex items-baseline justify-between gap-3 text-sm">
              <span className="font-medium">{componentLabel(row)}</span>
              <span className="shrink-0 tabular-nums text-muted-foreground">
                {typeof row.points === 'number' && typeof row.maxPoints === 'number'
                  ? `${Math.round(row.points * 10) / 10} / ${row.maxPoints}`
                  : pct !== null
                    ? `${pct}%`
                    : 'not compared'}
              </span>
            </div>
            <div className="h-2 overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
              <div className={`h-full rounded-full ${colour}`} style={{ width: `${pct ?? 0}%` }} />
            </div>
            {row.reason ? <p className="text-xs text-muted-foreground">{row.reason}</p> : null}
          </li>
        )
      })}
    </ul>
  )
}
