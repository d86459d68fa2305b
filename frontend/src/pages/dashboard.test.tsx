import { screen, within } from '@testing-library/react'
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

describe('dashboard top matches', () => {
  it('says when the shown resume was analysed, not when it last changed', async () => {
    signedIn()
    const hour = 3600_000
    const analysed = new Date(Date.now() - 2 * hour).toISOString()
    fakeApi({
      'GET /api/users/me': () => ({ userId: 'u1', email: 'a@example.com' }),
      'GET /api/resume': () => ({
        items: [
          {
            resumeId: 'r1',
            filename: 'cv.pdf',
            status: 'done',
            atsScore: 70,
            createdAt: new Date(Date.now() - 5 * hour).toISOString(),
            // A version deleted a moment ago changed the resume, not its analysis.
            updatedAt: new Date().toISOString(),
            versions: [version(1, new Date(Date.now() - 5 * hour).toISOString(), 60), version(2, analysed, 70)],
          },
        ],
      }),
    })
    renderApp(<Dashboard />, { route: '/', path: '/' })
    expect(await screen.findByText('Analysed 2 hours ago')).toBeInTheDocument()
  })

  it('shows the best matches whatever their age, first as on the Jobs page, marking the new ones', async () => {
    signedIn()
    const day = 24 * 3600 * 1000
    const posted = (daysAgo: number) => new Date(Date.now() - daysAgo * day).toISOString()
    const job = (id: string, score: number, daysAgo: number) => ({ jobId: id, title: `Job ${id}`, company: 'Acme', score, postedDate: posted(daysAgo) })
    // Sorted by score, as the API answers: the best one is a month old, three of the rest are new.
    const items = [job('a', 80, 30), job('b', 74, 2), job('c', 71, 3), job('d', 69, 20), job('e', 66, 1), job('f', 60, 1)]
    fakeApi({
      'GET /api/users/me': () => ({ userId: 'u1', email: 'a@example.com' }),
      'GET /api/jobs': () => ({ items, total: items.length, page: 1, pageSize: 20 }),
    })
    renderApp(<Dashboard />, { route: '/', path: '/' })
    expect(await screen.findByRole('heading', { name: 'Your top matches' })).toBeInTheDocument()
    const rows = within(await screen.findByRole('list', { name: 'Top matches' })).getAllByRole('listitem')
    expect(rows.map((r) => within(r).getByText(/^Job /).textContent)).toEqual(['Job a', 'Job b', 'Job c', 'Job d', 'Job e'])
    expect(rows.map((r) => within(r).queryByText('New this week') !== null)).toEqual([false, true, true, false, true])
    expect(screen.getByText(/best-scoring jobs for your profile and latest resume; 3 of them posted this week/)).toBeInTheDocument()
  })
})

describe('dashboard resume card', () => {
  it('cuts a long file name short inside the card and keeps the whole name in its title', async () => {
    signedIn()
    const filename = 'dana_reyes_resume_v2_final_for_data_analyst_roles.docx'
    fakeApi({
      'GET /api/users/me': () => ({ userId: 'u1', email: 'a@example.com' }),
      'GET /api/resume': () => ({
        items: [{ resumeId: 'r', filename, status: 'done', atsScore: 71, createdAt: '2025-03-01T09:00:00Z', versions: [version(1, '2025-03-01T09:00:00Z', 71)] }],
      }),
    })
    renderApp(<Dashboard />, { route: '/', path: '/' })
    const name = await screen.findByText(filename)
    expect(name).toHaveAttribute('title', filename)
    // Without layout in the test, the classes are what keep the text inside the card.
    expect(name).toHaveClass('truncate')
    expect(name.parentElement).toHaveClass('min-w-0')
  })
})
