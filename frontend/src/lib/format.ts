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

/** "1 posting", "2 postings", "1,200 postings": a count with the word that agrees with it. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`
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

export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone
}

function zoneOffsetAt(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(new Date(iso))
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? ''
}

/** An interview's time in its own zone and, when the viewer's clock reads differently, in the
 * viewer's zone too: "Fri, Dec 11, 1:00 PM CST" and "2:00 PM your time". */
export function interviewTime(
  startsAt: string | null | undefined,
  timeZone: string | null | undefined,
  viewer = viewerTimeZone(),
): { own: string; viewer: string | null } {
  if (!startsAt) return { own: 'Time to be confirmed', viewer: null }
  const d = new Date(startsAt)
  if (Number.isNaN(d.getTime())) return { own: startsAt, viewer: null }
  const base: Intl.DateTimeFormatOptions = { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }
  if (!timeZone) return { own: new Intl.DateTimeFormat(undefined, base).format(d), viewer: null }
  let own: string
  try {
    own = new Intl.DateTimeFormat(undefined, { ...base, timeZone, timeZoneName: 'short' }).format(d)
  } catch {
    return { own: new Intl.DateTimeFormat(undefined, base).format(d), viewer: null }
  }
  if (zoneOffsetAt(startsAt, timeZone) === zoneOffsetAt(startsAt, viewer)) return { own, viewer: null }
  const sameDay =
    new Intl.DateTimeFormat('en-CA', { timeZone }).format(d) === new Intl.DateTimeFormat('en-CA', { timeZone: viewer }).format(d)
  const mine = new Intl.DateTimeFormat(undefined, sameDay ? { hour: 'numeric', minute: '2-digit', timeZone: viewer } : { ...base, timeZone: viewer }).format(d)
  return { own, viewer: `${mine} your time` }
}

/** The wall-clock time of an instant in a zone, as a datetime-local input wants it. */
export function localInputValue(startsAt: string | null | undefined, timeZone: string | null | undefined): string {
  if (!startsAt) return ''
  const d = new Date(startsAt)
  if (Number.isNaN(d.getTime())) return ''
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: timeZone ?? undefined,
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  )
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`
}
