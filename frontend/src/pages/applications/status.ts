import type { ApplicationStatus } from '@/api/types'

export const STATUS_STYLE: Record<ApplicationStatus, { dot: string; badge: 'secondary' | 'info' | 'warning' | 'success' | 'destructive' | 'outline' }> = {
  saved: { dot: 'bg-slate-400', badge: 'secondary' },
  applied: { dot: 'bg-sky-500', badge: 'info' },
  interviewing: { dot: 'bg-amber-500', badge: 'warning' },
  offer: { dot: 'bg-emerald-500', badge: 'success' },
  rejected: { dot: 'bg-red-500', badge: 'destructive' },
  withdrawn: { dot: 'bg-zinc-400', badge: 'outline' },
  ghosted: { dot: 'bg-violet-400', badge: 'outline' },
}
