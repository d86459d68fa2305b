import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { fakeApi, renderApp, signedIn } from '@/test/utils'
import Dashboard from './Dashboard'

function version(n: number, at: string, atsScore: number) {
  return { versionNumber: n, createdAt: at, analyzedAt: at, status: 'done', atsScore }
}

describe('dashboard resume score', () => {
  it("draws the trend of the resume it shows, not every resume's versions", async () => {
    signedIn()
    fakeApi({
      'GET /api/users/me': () => ({ userId: 'u1', email: 'a@example.com' }),
      'GET /api/resume': () => ({
        items: [
          {
            resumeId: 'old',
            filename: 'old-cv.pdf',
            status: 'done',
            atsScore: 35,
            createdAt: '2025-01-01T09:00:00Z',
            updatedAt: '2025-01-02T09:00:00Z',
            versions: [version(1, '2025-01-01T09:00:00Z', 30), version(2, '2025-01-02T09:00:00Z', 35)],
          },
          {
            resumeId: 'new',
            filename: 'data-analyst.pdf',
            status: 'done',
            atsScore: 71,
            createdAt: '2025-03-01T09:00:00Z',
            updatedAt: '2025-03-03T09:00:00Z',
            versions: [version(1, '2025-03-01T09:00:00Z', 52), version(2, '2025-03-03T09:00:00Z', 71)],
          },
        ],
      }),
    })
    renderApp(<Dashboard />, { route: '/', path: '/' })
    expect(await screen.findByText('data-analyst.pdf')).toBeInTheDocument()
    expect(await screen.findByRole('img', { name: 'Resume score across versions: 52, 71' })).toBeInTheDocument()
  })
})
