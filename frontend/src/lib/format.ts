import type { Salary } from '@/api/types'

export function formatMoney(value: number | null | undefined, currency = 'USD', compact = true): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  try {
    return new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency: currency || 'USD',
      notation: compact && Math.abs(value) >= 10_000 ? 'compact' : 'standard',
      minimumFractionDigits: 0,
      maximumFractionDigits: compact && Math.abs(value) >= 10_000 ? 1 : 0,
    }).format(value)
  } catch {
    return `${Math.round(value).toLocaleString()} ${currency}`
  }
}

const PERIODS: Record<string, string> = { year: '/yr', yearly: '/yr', annual: '/yr', month: '/mo', hour: '/hr', hourly: '/hr', day: '/day', week: '/wk' }

export function formatSalary(s: Salary | null | undefined): string | null {
  if (!s || (s.min == null && s.max == null)) return null
  const cur = s.currency ?? 'USD'
  const per = s.period ? (PERIODS[s.period.toLowerCase()] ?? ` per ${s.period}`) : ''
  if (s.min != null && s.max != null && s.min !== s.max) return `${formatMoney(s.min, cur)} – ${formatMoney(s.max, cur)}${per}`
  return `${formatMoney(s.min ?? s.max, cur)}${per}`
}

export function formatDate(iso: string | null | undefined, opts: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return new Intl.DateTimeFormat(undefined, opts).format(d)
}

export function formatDateTime(iso: string | null | undefined): string {
  return formatDate(iso, { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })
}

export function relativeTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never'
  const t = new Date(iso).getTime()
  if (Number.isNaN(t)) return iso
  const diff = Math.round((t - now) / 1000)
  const abs = Math.abs(diff)
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })
  if (abs < 60) return rtf.format(diff, 'second')
  if (abs < 3600) return rtf.format(Math.round(diff / 60), 'minute')
  if (abs < 86400) return rtf.format(Math.round(diff / 3600), 'hour')
  if (abs < 86400 * 30) return rtf.format(Math.round(diff / 86400), 'day')
  return formatDate(iso)
}

export function titleCase(s: string | null | undefined): string {
  if (!s) return ''
  return s.replace(/[_-]+/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase())
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

/** Score bands used everywhere a 0–100 score is shown, so colours mean the same thing. */
export function scoreBand(score: number): 'high' | 'medium' | 'low' {
  if (score >= 75) return 'high'
  if (score >= 50) return 'medium'
  return 'low'
}
