import type { ResumeDetail, ResumeSummary } from '@/api/types'
import { formatDate } from './format'

/** Score points across the analysed versions of one resume, oldest first, for the trend chart.
 * Other resumes are left out: scores of two different documents are not one line of progress. */
export function scoreTrend(resume: ResumeSummary | undefined): { label: string; score: number; at: string }[] {
  const points: { label: string; score: number; at: string }[] = []
  for (const v of resume?.versions ?? []) {
    if (typeof v.atsScore !== 'number') continue
    const at = v.analyzedAt ?? v.createdAt ?? ''
    // Versions are often analysed on one day: the version number tells the points apart.
    points.push({ at, label: `v${v.versionNumber} · ${formatDate(at, { month: 'short', day: 'numeric' })}`, score: v.atsScore })
  }
  return points.sort((a, b) => a.at.localeCompare(b.at))
}

/** What a resume was compared with, in words, if anything. */
export function targetLabel(r: Pick<ResumeDetail, 'target' | 'analysis'>): string | null {
  if (r.analysis?.target?.label) return r.analysis.target.label
  if (r.target?.role) return r.target.role
  return r.target?.jobId ? 'the chosen job' : null
}
