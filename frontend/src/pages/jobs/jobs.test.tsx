import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { Route } from 'react-router-dom'
import { describe, expect, it } from 'vitest'
import { fakeApi, json, renderApp, signedIn } from '@/test/utils'
import JobSearch from './JobSearch'
import JobDetail from './JobDetail'

const JOBS = [
  { jobId: 'j1', title: 'Senior Data Analyst', company: 'Acme', location: 'Austin, TX', remote: 'hybrid', score: 91, salary: { min: 110000, max: 140000, currency: 'USD', period: 'year' }, matchedSkills: ['SQL', 'Tableau'], missingSkills: ['Looker'] },
  { jobId: 'j2', title: 'BI Developer', company: 'Globex', location: 'Remote', remote: 'yes', score: 64, salary: null, matchedSkills: ['SQL'], missingSkills: [] },
]

describe('job search', () => {
  it('lists jobs with their score and sends the filters to the API', async () => {
    signedIn()
    const { calls } = fakeApi({
      'GET /api/jobs': () => ({ items: JOBS, total: 2, page: 1, pageSize: 20 }),
      'GET /api/applications': () => ({ items: [] }),
    })
    const user = userEvent.setup()
    renderApp(<JobSearch />, { route: '/jobs', path: '/jobs' })
    const cards = await screen.findAllByTestId('job-card')
    expect(cards).toHaveLength(2)
    expect(within(cards[0]!).getByLabelText('91 out of 100 match')).toBeInTheDocument()
    expect(within(cards[0]!).getByText('$110K – $140K/yr')).toBeInTheDocument()
    expect(screen.getByText(/2 jobs, best match first/)).toBeInTheDocument()

    await user.type(screen.getByLabelText('Keywords'), 'analyst')
    await user.selectOptions(screen.getByLabelText('Remote'), 'yes')
    await user.click(screen.getByRole('button', { name: 'Search' }))
    await screen.findAllByTestId('job-card')
    const last = calls.filter((c) => c.path === '/api/jobs').at(-1)!
    const q = new URLSearchParams(last.search)
    expect(q.get('q')).toBe('analyst')
    expect(q.get('remote')).toBe('yes')
    expect(q.get('sort')).toBe('score')
  })

  it('saves a job to the tracker', async () => {
    signedIn()
    const saved: object[] = []
    const { calls } = fakeApi({
      'GET /api/jobs': () => ({ items: JOBS, total: 2, page: 1, pageSize: 20, sort: 'score', profileComplete: true }),
      'GET /api/applications': () => ({ items: saved }),
      'POST /api/jobs/j1/save': () => {
        saved.push({ applicationId: 'a1', jobId: 'j1', company: 'Acme', title: 'Senior Data Analyst', status: 'saved' })
        return json(saved[0], 201)
      },
    })
    const user = userEvent.setup()
    renderApp(<JobSearch />, { route: '/jobs', path: '/jobs' })
    await user.click(await screen.findByRole('button', { name: 'Save Senior Data Analyst to tracker' }))
    expect(await screen.findByText('Saved to your tracker')).toBeInTheDocument()
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual(['/api/jobs/j1/save'])
    // Still focusable (the focus stays where it was) but saving again does nothing.
    const savedButton = await screen.findByRole('button', { name: 'Senior Data Analyst is saved' })
    expect(savedButton).toHaveAttribute('aria-disabled', 'true')
    await user.click(savedButton)
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1)
  })

  it('says so when nothing matches, and shows API errors in words', async () => {
    signedIn()
    fakeApi({ 'GET /api/jobs': () => ({ items: [], total: 0 }), 'GET /api/applications': () => ({ items: [] }) })
    renderApp(<JobSearch />, { route: '/jobs?q=zzz', path: '/jobs' })
    expect(await screen.findByText('No jobs match these filters')).toBeInTheDocument()
  })
})

describe('job page', () => {
  it('shows the breakdown, skills and a written explanation on demand', async () => {
    signedIn()
    const { calls } = fakeApi({
      'GET /api/jobs/j1': () => ({
        ...JOBS[0],
        description: 'Own the analytics for our logistics network.',
        scoreBreakdown: { skills: 86, title: 100, text: 54, seniority: 100, experience: 90, location: 100, salary: null },
        reasons: ['You have 2 of the 3 required skills (SQL, Tableau)'],
        missingNiceToHave: ['dbt'],
      }),
      'GET /api/jobs/j1/match': () => ({
        ...JOBS[0],
        explanation: { summary: 'A strong fit: you cover most required skills.', strengths: ['SQL'], gaps: ['Looker'], advice: ['Learn Looker basics'], generatedBy: 'rules' },
      }),
      'GET /api/applications': () => ({ items: [] }),
    })
    const user = userEvent.setup()
    renderApp(<JobDetail />, { route: '/jobs/j1', path: '/jobs/:jobId', extraRoutes: <Route path="/jobs" element={<p>list</p>} /> })
    expect(await screen.findByRole('heading', { level: 1, name: 'Senior Data Analyst' })).toBeInTheDocument()
    const breakdown = screen.getByRole('list', { name: 'Score breakdown' })
    expect(within(breakdown).getByText('Skills')).toBeInTheDocument()
    expect(within(breakdown).getByText('86%')).toBeInTheDocument()
    expect(within(breakdown).getByText('not compared')).toBeInTheDocument()
    expect(within(screen.getByRole('list', { name: 'Missing skills' })).getByText('Looker')).toBeInTheDocument()
    expect(calls.some((c) => c.path === '/api/jobs/j1/match')).toBe(false)
    await user.click(screen.getByRole('button', { name: 'Explain' }))
    const explanation = await screen.findByTestId('match-explanation')
    expect(explanation).toHaveTextContent('A strong fit')
    expect(explanation).toHaveTextContent('Learn Looker basics')
  })

  it('shows the posting as headed lists, without listing its requirements twice', async () => {
    signedIn()
    fakeApi({
      'GET /api/jobs/j1': () => ({
        ...JOBS[0],
        description: 'We move parcels.\n\nAbout you\n\n- SQL every day\n- Tableau dashboards',
        requirements: ['SQL every day', 'Tableau dashboards'],
      }),
      'GET /api/applications': () => ({ items: [] }),
    })
    renderApp(<JobDetail />, { route: '/jobs/j1', path: '/jobs/:jobId' })
    const text = await screen.findByTestId('job-description')
    expect(within(text).getByRole('heading', { name: 'About you' })).toBeInTheDocument()
    expect(within(text).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['SQL every day', 'Tableau dashboards'])
    expect(screen.queryByText('- SQL every day', { exact: false })).toBeNull()
    expect(screen.queryByRole('heading', { name: 'Requirements' })).toBeNull()
  })

  it.each(['interviewing', 'offer', 'rejected', 'applied'])('never offers to mark an application that is %s as applied', async (status) => {
    signedIn()
    fakeApi({
      'GET /api/jobs/j1': () => JOBS[0],
      'GET /api/applications': () => ({ items: [{ applicationId: 'a1', jobId: 'j1', title: 'Senior Data Analyst', company: 'Acme', status, history: [] }] }),
    })
    renderApp(<JobDetail />, { route: '/jobs/j1', path: '/jobs/:jobId' })
    expect(await screen.findByText(new RegExp(`In tracker: ${status}`, 'i'))).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Mark applied' })).not.toBeInTheDocument()
  })

  it('moves a saved application on to applied', async () => {
    signedIn()
    let status = 'saved'
    const { calls } = fakeApi({
      'GET /api/jobs/j1': () => JOBS[0],
      'GET /api/applications': () => ({ items: [{ applicationId: 'a1', jobId: 'j1', title: 'Senior Data Analyst', company: 'Acme', status, history: [] }] }),
      'PATCH /api/applications/a1': (c) => {
        status = (c.body as { status: string }).status
        return { applicationId: 'a1', jobId: 'j1', title: 'Senior Data Analyst', company: 'Acme', status, history: [] }
      },
    })
    const user = userEvent.setup()
    renderApp(<JobDetail />, { route: '/jobs/j1', path: '/jobs/:jobId' })
    await user.click(await screen.findByRole('button', { name: 'Mark applied' }))
    expect(await screen.findByText('In tracker: Applied')).toBeInTheDocument()
    expect(calls.find((c) => c.method === 'PATCH')?.body).toMatchObject({ status: 'applied' })
    expect(screen.queryByRole('button', { name: 'Mark applied' })).not.toBeInTheDocument()
  })
})
