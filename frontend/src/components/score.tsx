import { Badge } from '@/components/ui/badge'
import { cn } from '@/lib/utils'
import { scoreBand } from '@/lib/format'

const bandBadge = { high: 'success', medium: 'warning', low: 'destructive' } as const
const bandStroke = { high: '#059669', medium: '#d97706', low: '#dc2626' } as const

export function ScoreBadge({ score, label = 'match', className }: { score: number | null | undefined; label?: string; className?: string }) {
  if (score === null || score === undefined) return <Badge variant="secondary" className={className}>no score</Badge>
  const s = Math.round(score)
  return (
    <Badge variant={bandBadge[scoreBand(s)]} className={cn('tabular-nums whitespace-nowrap', className)} role="img" aria-label={`${s} out of 100 ${label}`}>
      {s}% {label}
    </Badge>
  )
}

/** A circular 0–100 gauge. */
export function ScoreRing({ score, size = 112, label }: { score: number; size?: number; label: string }) {
  const s = Math.max(0, Math.min(100, Math.round(score)))
  const r = size / 2 - 8
  const c = 2 * Math.PI * r
  return (
    <div className="relative inline-flex items-center justify-center" style={{ width: size, height: size }} role="img" aria-label={`${label}: ${s} out of 100`}>
      <svg width={size} height={size} className="-rotate-90">
        <circle cx={size / 2} cy={size / 2} r={r} stroke="#e5e7eb" strokeWidth="8" fill="none" />
        <circle
          cx={size / 2}
          cy={size / 2}
          r={r}
          stroke={bandStroke[scoreBand(s)]}
          strokeWidth="8"
          strokeLinecap="round"
          fill="none"
          strokeDasharray={c}
          strokeDashoffset={c - (c * s) / 100}
        />
      </svg>
      <span className="absolute text-2xl font-bold tabular-nums">{s}</span>
    </div>
  )
}
