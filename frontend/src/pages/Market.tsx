import * as React from 'react'
import { useSearchParams } from 'react-router-dom'
import { BarChart3, Building2, Info, Search, TrendingDown, TrendingUp } from 'lucide-react'
import type { MarketInsights } from '@/api/types'
import { EmptyState, ErrorState, LoadingRows, PageHeader } from '@/components/states'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Skeleton } from '@/components/ui/skeleton'
import { useMarket, useMe } from '@/hooks/queries'
import { formatMoney, plural, titleCase } from '@/lib/format'
import { AiWritten } from '@/components/AiWritten'

const DEMAND_STYLE: Record<MarketInsights['demandLevel'], 'success' | 'info' | 'warning'> = {
  'very high': 'success',
  high: 'success',
  medium: 'info',
  low: 'warning',
}

function Stat({ label, value, sub }: { label: string; value: React.ReactNode; sub?: React.ReactNode }) {
  return (
    <Card className="p-4">
      <p className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{label}</p>
      <p className="mt-1 text-2xl font-bold tabular-nums">{value}</p>
      {sub ? <p className="mt-0.5 text-xs text-muted-foreground">{sub}</p> : null}
    </Card>
  )
}

const charts = () => import('@/components/charts/MarketCharts')
const SalaryChart = React.lazy(() => charts().then((m) => ({ default: m.SalaryChart })))
const TrendChart = React.lazy(() => charts().then((m) => ({ default: m.TrendChart })))
const SkillsChart = React.lazy(() => charts().then((m) => ({ default: m.SkillsChart })))

/** A chart's place, kept at its drawn height while the chart code loads. */
function ChartSlot({ height, children }: { height: number; children: React.ReactNode }) {
  return <React.Suspense fallback={<Skeleton style={{ height }} />}>{children}</React.Suspense>
}

/** Pay is never converted: postings paid in other currencies are left out of the figures, and
 * this says which and how many, most common first. */
function otherCurrencies(salary: MarketInsights['salary']): { total: number; text: string } | null {
  const others = Object.entries(salary?.otherCurrencies ?? {})
    .filter(([, n]) => n > 0)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
  if (!salary || !others.length) return null
  const total = others.reduce((sum, [, n]) => sum + n, 0)
  const parts = others.map(([code, n]) => `${plural(n, 'posting')} in ${code}`)
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0]
  return { total, text: `Figures are in ${salary.currency} only and never converted, so ${list} ${total === 1 ? 'is' : 'are'} not included.` }
}

function Insights({ m }: { m: MarketInsights }) {
  const s = m.salary
  const currency = s?.currency ?? 'USD'
  const salarySample = s?.sampleSize ?? 0
  const others = otherCurrencies(s)
  return (
    <div className="grid gap-6">
      {m.notes.length ? (
        <ul className="grid gap-1 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" aria-label="About this data">
          {m.notes.map((n) => (
            <li key={n} className="flex items-start gap-2">
              <Info className="mt-0.5 size-4 shrink-0" aria-hidden="true" /> {n}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat label="Demand" value={<Badge variant={DEMAND_STYLE[m.demandLevel]} className="text-base">{titleCase(m.demandLevel)}</Badge>} sub={plural(m.openPostings, 'open posting')} />
        <Stat
          label="Median salary"
          value={formatMoney(s?.median ?? m.averageSalary, currency)}
          sub={
            others
              ? `from ${plural(salarySample, 'posting')} paid in ${currency}; ${others.total.toLocaleString()} more in other currencies`
              : `from ${plural(salarySample, 'posting')} with a salary`
          }
        />
        <Stat label="Average salary" value={formatMoney(m.averageSalary ?? s?.average, currency)} sub={s?.period ? `per ${s.period}` : 'per year'} />
        <Stat
          label="Remote"
          value={typeof m.remoteShare === 'number' ? `${Math.round(m.remoteShare * 100)}%` : '—'}
          sub={typeof m.hybridShare === 'number' ? `fully remote; ${Math.round(m.hybridShare * 100)}% hybrid` : 'of postings are fully remote'}
        />
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Salary distribution</CardTitle>
            <CardDescription>
              25th percentile, median and 75th percentile · {plural(salarySample, 'posting')} stating a salary
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-3">
            {[s?.p25, s?.median, s?.p75].some((v) => typeof v === 'number') ? (
              <ChartSlot height={256}>
                <SalaryChart m={m} />
              </ChartSlot>
            ) : (
              <p className="text-sm text-muted-foreground">Not enough postings state a salary for this role and place yet.</p>
            )}
            {others ? (
              <p className="flex items-start gap-2 text-sm text-muted-foreground" data-testid="other-currencies">
                <Info className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
                <span>{others.text}</span>
              </p>
            ) : null}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Demand trend</CardTitle>
            <CardDescription>
              New postings per week, last 12 weeks · {(m.trends.recentPostings ?? 0).toLocaleString()} in the last 6 weeks vs{' '}
              {(m.trends.priorPostings ?? 0).toLocaleString()} in the 6 before
            </CardDescription>
          </CardHeader>
          <CardContent>
            {m.trends?.weekly?.length ? (
              <ChartSlot height={224}>
                <TrendChart m={m} />
              </ChartSlot>
            ) : (
              <p className="text-sm text-muted-foreground">No postings in the last 12 weeks.</p>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Top skills asked for</CardTitle>
            <CardDescription>
              {m.openPostings === 1 ? 'The skills the one posting names' : `How many of the ${plural(m.openPostings, 'posting')} name each skill`}
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            {m.topSkills?.length ? (
              <ChartSlot height={Math.min(10, m.topSkills.length) * 30 + 20}>
                <SkillsChart m={m} />
              </ChartSlot>
            ) : (
              <p className="text-sm text-muted-foreground">No skills data yet.</p>
            )}
            {m.trends?.risingSkills?.length || m.trends?.fallingSkills?.length ? (
              <div className="grid gap-2 text-sm sm:grid-cols-2">
                <div>
                  <p className="mb-1 flex items-center gap-1 font-medium text-emerald-700"><TrendingUp className="size-4" aria-hidden="true" /> Rising</p>
                  <p className="text-muted-foreground">{m.trends.risingSkills.map((x) => x.name).join(', ') || '—'}</p>
                </div>
                <div>
                  <p className="mb-1 flex items-center gap-1 font-medium text-red-700"><TrendingDown className="size-4" aria-hidden="true" /> Falling</p>
                  <p className="text-muted-foreground">{m.trends.fallingSkills.map((x) => x.name).join(', ') || '—'}</p>
                </div>
              </div>
            ) : null}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Top hiring companies</CardTitle>
            <CardDescription>By open postings for this role</CardDescription>
          </CardHeader>
          <CardContent>
            {m.topCompanies?.length ? (
              <ol className="grid gap-2">
                {m.topCompanies.slice(0, 8).map((c, i) => (
                  <li key={c.name} className="flex items-center gap-3 text-sm">
                    <span className="w-5 text-right text-muted-foreground tabular-nums">{i + 1}</span>
                    <Building2 className="size-4 text-muted-foreground" aria-hidden="true" />
                    <span className="flex-1 truncate font-medium">{c.name}</span>
                    <span className="tabular-nums text-muted-foreground">{c.postings}</span>
                  </li>
                ))}
              </ol>
            ) : (
              <p className="text-sm text-muted-foreground">No companies yet.</p>
            )}
          </CardContent>
        </Card>
      </div>
      {m.narrative ? (
        <Card>
          <CardHeader>
            <CardTitle>In short</CardTitle>
            <AiWritten />
          </CardHeader>
          <CardContent>
            <p className="text-sm leading-relaxed">{m.narrative}</p>
          </CardContent>
        </Card>
      ) : null}
    </div>
  )
}

export default function Market() {
  const me = useMe()
  const [params, setParams] = useSearchParams()
  const role = params.get('role') ?? me.data?.targetRole ?? ''
  const location = params.get('location') ?? me.data?.location ?? ''
  const market = useMarket(role, location)

  return (
    <>
      <PageHeader title="Market intelligence" description="What employers ask for and pay, computed from the postings we track." />
      <form
        className="mb-6 grid gap-3 rounded-lg border bg-white p-4 shadow-sm sm:grid-cols-[1fr_1fr_auto] sm:items-end"
        key={`${role}|${location}`}
        onSubmit={(e) => {
          e.preventDefault()
          const d = new FormData(e.currentTarget)
          const next = new URLSearchParams()
          const r = String(d.get('role') ?? '').trim()
          const l = String(d.get('location') ?? '').trim()
          if (r) next.set('role', r)
          // Kept even when empty: an empty location means anywhere, not the profile's city.
          next.set('location', l)
          setParams(next)
        }}
      >
        <div className="grid gap-1.5">
          <Label htmlFor="role">Role</Label>
          <Input id="role" name="role" defaultValue={role} placeholder="e.g. Data Analyst" list="role-suggestions" />
          <datalist id="role-suggestions">
            {['Software Engineer', 'Data Analyst', 'Data Scientist', 'Product Manager', 'Registered Nurse', 'UX Designer', 'Sales Representative', 'Accountant', 'Teacher', 'Marketing Manager'].map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="market-location">Location</Label>
          <Input id="market-location" name="location" defaultValue={location} placeholder="Anywhere" />
        </div>
        <Button type="submit">
          <Search /> Show
        </Button>
      </form>
      {!role ? (
        <EmptyState icon={BarChart3} title="Pick a role">
          Enter a role to see its salaries, demand and the skills employers ask for.
        </EmptyState>
      ) : market.isPending ? (
        <LoadingRows rows={3} label="Loading market data" />
      ) : market.isError ? (
        <ErrorState error={market.error} title="Could not load market data" onRetry={() => void market.refetch()} />
      ) : market.data.openPostings === 0 ? (
        <EmptyState
          icon={BarChart3}
          title={`No open postings for “${role}”${location ? ` in ${location}` : ''}`}
          action={
            location ? (
              <Button variant="outline" onClick={() => setParams({ role, location: '' })}>
                Search everywhere
              </Button>
            ) : undefined
          }
        >
          {location ? 'Try without the location, or a broader role name.' : 'Try a broader role name, like “Analyst” or “Nurse”.'}
        </EmptyState>
      ) : (
        <Insights m={market.data} />
      )}
    </>
  )
}
