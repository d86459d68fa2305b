import type { ResumeDetail, ResumeSummary } from '@/api/types'
import { formatDate } from './format'

/** Score points across every analysed version of every resume, oldest first, for the trend chart. */
export function scoreTrend(resumes: ResumeSummary[]): { label: string; score: number; at: string }[] {
  const points: { label: string; score: number; at: string }[] = []
  for (const r of resumes) {
    for (const v of r.versions) {
      if (typeof v.atsScore !== 'number') continue
      const at = v.analyzedAt ?? v.createdAt ?? ''
      points.push({ at, label: formatDate(at, { month: 'short', day: 'numeric' }), score: v.atsScore })
    }
  }
  return points.sort((a, b) => a.at.localeCompare(b.at))
}

/** What a resume was compared with, in words, if anything. */
export function targetLabel(r: Pick<ResumeDetail, 'target' | 'analysis'>): string | null {
  if (r.analysis?.target?.label) return r.analysis.target.label
  if (r.target?.role) return r.target.role
  return r.target?.jobId ? 'the chosen job' : null
}
