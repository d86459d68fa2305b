import { describe, expect, it } from 'vitest'
import type { ResumeSummary } from '@/api/types'
import { scoreTrend } from './resumes'

function resume(resumeId: string, versions: { at: string; score?: number }[]): ResumeSummary {
  return {
    resumeId,
    versions: versions.map((v, i) => ({ versionNumber: i + 1, createdAt: v.at, analyzedAt: v.at, atsScore: v.score })),
  } as ResumeSummary
}

describe('scoreTrend', () => {
  it('follows one resume, oldest version first, and skips versions not analysed', () => {
    const cv = resume('cv', [
      { at: '2025-03-03T09:00:00Z', score: 71 },
      { at: '2025-03-01T09:00:00Z', score: 52 },
      { at: '2025-03-02T09:00:00Z' },
    ])
    expect(scoreTrend(cv).map((p) => p.score)).toEqual([52, 71])
  })

  it('never mixes in the versions of another resume', () => {
    const cv = resume('cv', [{ at: '2025-03-01T09:00:00Z', score: 80 }])
    const other = resume('other', [
      { at: '2025-02-01T09:00:00Z', score: 30 },
      { at: '2025-02-02T09:00:00Z', score: 35 },
    ])
    expect(scoreTrend(cv)).toHaveLength(1)
    expect(scoreTrend(other).map((p) => p.score)).toEqual([30, 35])
    expect(scoreTrend(undefined)).toEqual([])
  })
})
