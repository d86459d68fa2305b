import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { fakeApi, json, renderApp, signedIn } from '@/test/utils'
import Roadmap from './Roadmap'

const LONG_AGO = new Date(Date.now() - 3 * 60_000).toISOString()

describe('roadmap page', () => {
  it('does not spin forever: a stuck task is explained and can be sent again', async () => {
    signedIn()
    let resent = false
    const { calls } = fakeApi({
      'GET /api/users/me': () => ({ userId: 'u1', email: 'a@example.com', targetRole: 'Data Analyst', skills: [] }),
      'POST /api/ai/roadmap': () => json({ taskId: 't1', kind: 'roadmap.generate', status: 'queued', createdAt: LONG_AGO }, 202),
      'GET /api/tasks/t1': () => ({
        taskId: 't1',
        kind: 'roadmap.generate',
        status: 'queued',
        createdAt: LONG_AGO,
        deliveries: 1,
        resends: resent ? 2 : 1,
        stalled: false,
        error: 'its worker stopped responding (no heartbeat for 30 s); sent again',
      }),
      'POST /api/tasks/t1/resend': () => {
        resent = true
        return json({ taskId: 't1', kind: 'roadmap.generate', status: 'queued', createdAt: LONG_AGO, resends: 2, error: 'sent again at your request' }, 202)
      },
    })
    const user = userEvent.setup()
    renderApp(<Roadmap />, { route: '/roadmap', path: '/roadmap' })
    await user.click(await screen.findByRole('button', { name: /Build my roadmap/ }))
    expect(await screen.findByText('This is taking much longer than it should.')).toBeInTheDocument()
    expect(screen.getByText(/It was sent again once: its worker stopped responding/)).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Send it again' }))
    expect(await screen.findByText('Sent again.')).toBeInTheDocument()
    expect(calls.filter((c) => c.path === '/api/tasks/t1/resend')).toHaveLength(1)
  })

  it("shows each milestone's own learning resources", async () => {
    signedIn()
    const milestone = (title: string, skills: string[], resources?: { title: string; kind?: string; url?: string }[]) => ({
      title,
      weeks: 4,
      skills,
      outcome: `${title} done`,
      ...(resources ? { resources } : {}),
    })
    fakeApi({
      'GET /api/users/me': () => ({ userId: 'u1', email: 'a@example.com', targetRole: 'Data Analyst', skills: [] }),
      'POST /api/ai/roadmap': () => json({ taskId: 't2', kind: 'roadmap.generate', status: 'queued', createdAt: new Date().toISOString() }, 202),
      'GET /api/tasks/t2': () => ({
        taskId: 't2',
        kind: 'roadmap.generate',
        status: 'succeeded',
        createdAt: new Date().toISOString(),
        result: {
          currentRole: null,
          targetRole: 'Data Analyst',
          timeline: { totalWeeks: 8, months: 2, hoursPerWeek: 10, summary: 'About two months.' },
          requiredSkills: [{ name: 'SQL', importance: 80, have: false }],
          gaps: ['SQL', 'Tableau'],
          laterSkills: [],
          milestones: [
            milestone('Query data', ['SQL'], [{ title: 'SQL for analysts', kind: 'course', url: 'https://example.com/sql' }]),
            milestone('Show data', ['Tableau']),
          ],
          basis: { postingsAnalysed: 40, source: 'demo' },
          notes: [],
          generatedBy: 'llm',
        },
      }),
    })
    const user = userEvent.setup()
    renderApp(<Roadmap />, { route: '/roadmap', path: '/roadmap' })
    await user.click(await screen.findByRole('button', { name: /Build my roadmap/ }))
    const link = await screen.findByRole('link', { name: 'SQL for analysts' })
    expect(link).toHaveAttribute('href', 'https://example.com/sql')
    expect(screen.getAllByRole('list', { name: 'Resources' })).toHaveLength(1)
  })
})
