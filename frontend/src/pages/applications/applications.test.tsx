import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { apiError, fakeApi, json, renderApp, signedIn } from '@/test/utils'
import Applications from './Applications'

const APPS = [
  { applicationId: 'a1', company: 'Acme', title: 'Data Analyst', status: 'saved', history: [{ at: '2026-01-02T10:00:00Z', from: null, to: 'saved', cause: { type: 'user' } }] },
  { applicationId: 'a2', company: 'Globex', title: 'BI Developer', status: 'interviewing', history: [{ at: '2026-01-03T10:00:00Z', from: 'applied', to: 'interviewing', cause: { type: 'email', messageId: 'm1' } }] },
]

describe('applications board', () => {
  it('puts each application in its status column and moves it with the status menu', async () => {
    signedIn()
    let status = 'saved'
    const { calls } = fakeApi({
      'GET /api/applications': () => ({ items: [{ ...APPS[0], status }, APPS[1]] }),
      'PATCH /api/applications/a1': (c) => {
        status = (c.body as { status: string }).status
        return { ...APPS[0], status }
      },
    })
    const user = userEvent.setup()
    renderApp(<Applications />, { route: '/applications', path: '/applications' })
    const saved = await screen.findByRole('region', { name: 'Saved: 1' })
    expect(within(saved).getByText('Data Analyst')).toBeInTheDocument()
    expect(within(screen.getByRole('region', { name: 'Interviewing: 1' })).getByText('BI Developer')).toBeInTheDocument()

    await user.selectOptions(within(saved).getByLabelText('Status of Data Analyst at Acme'), 'applied')
    expect(await screen.findByRole('region', { name: 'Applied: 1' })).toHaveTextContent('Data Analyst')
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ status: 'applied' })
  })

  it('puts the card back when the API refuses the move', async () => {
    signedIn()
    fakeApi({
      'GET /api/applications': () => ({ items: APPS }),
      'PATCH /api/applications/a1': () => apiError(409, 'conflict', 'this application changed meanwhile'),
    })
    const user = userEvent.setup()
    renderApp(<Applications />, { route: '/applications', path: '/applications' })
    const saved = await screen.findByRole('region', { name: 'Saved: 1' })
    await user.selectOptions(within(saved).getByLabelText('Status of Data Analyst at Acme'), 'offer')
    expect(await screen.findByText('This application changed meanwhile.')).toBeInTheDocument()
    expect(await screen.findByRole('region', { name: 'Saved: 1' })).toHaveTextContent('Data Analyst')
  })

  it('shows the history of an application with its cause', async () => {
    signedIn()
    fakeApi({ 'GET /api/applications': () => ({ items: APPS }) })
    const user = userEvent.setup()
    renderApp(<Applications />, { route: '/applications', path: '/applications' })
    await user.click(await screen.findByRole('button', { name: /BI Developer/ }))
    const history = await screen.findByRole('list', { name: 'Status history' })
    expect(history).toHaveTextContent('Applied → Interviewing')
    expect(history).toHaveTextContent('from an email in your inbox')
  })

  it('removes an application from the tracker only once the removal is confirmed', async () => {
    signedIn()
    let items = APPS
    const { calls } = fakeApi({
      'GET /api/applications': () => ({ items }),
      'DELETE /api/applications/a2': () => {
        items = [APPS[0]!]
        return json(null, 204)
      },
    })
    const user = userEvent.setup()
    renderApp(<Applications />, { route: '/applications', path: '/applications' })
    await user.click(await screen.findByRole('button', { name: /BI Developer/ }))
    await user.click(await screen.findByRole('button', { name: 'Remove from tracker' }))
    const confirm = await screen.findByRole('dialog', { name: 'Remove this application?' })
    expect(confirm).toHaveTextContent('“BI Developer” at Globex is removed from your tracker')
    await user.click(within(confirm).getByRole('button', { name: 'Keep it' }))
    expect(screen.queryByRole('dialog', { name: 'Remove this application?' })).not.toBeInTheDocument()
    expect(screen.getByRole('dialog', { name: 'BI Developer' })).toBeInTheDocument()
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false)

    await user.click(screen.getByRole('button', { name: 'Remove from tracker' }))
    await user.click(within(await screen.findByRole('dialog', { name: 'Remove this application?' })).getByRole('button', { name: 'Remove' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual(['/api/applications/a2'])
    await waitFor(() => expect(screen.queryByText('BI Developer')).not.toBeInTheDocument())
  })

  it('adds an interview to an application, at a wall-clock time in the browser\'s zone', async () => {
    signedIn()
    const interviews: unknown[] = []
    const { calls } = fakeApi({
      'GET /api/applications': () => ({ items: APPS }),
      'GET /api/interviews': () => ({ items: interviews }),
      'POST /api/interviews': (c) => {
        const made = {
          interviewId: 'i1',
          userId: 'u1',
          applicationId: 'a1',
          company: 'Acme',
          role: 'Data Analyst',
          startsAt: '2026-12-10T14:30:00Z',
          timeZone: 'UTC',
          timeKnown: true,
          status: 'scheduled',
          kind: (c.body as { kind: string }).kind,
          source: 'manual',
          createdAt: '2026-12-06T10:00:00Z',
          updatedAt: '2026-12-06T10:00:00Z',
        }
        interviews.push(made)
        return made
      },
    })
    const user = userEvent.setup()
    renderApp(<Applications />, { route: '/applications', path: '/applications' })
    await user.click(await screen.findByRole('button', { name: /Data Analyst/ }))
    await user.click(await screen.findByRole('button', { name: /Add interview/ }))
    const form = screen.getByRole('form', { name: 'Add an interview' })
    fireEvent.change(within(form).getByLabelText('Day and time'), { target: { value: '2026-12-10T14:30' } })
    await user.selectOptions(within(form).getByLabelText('Kind'), 'phone')
    await user.click(within(form).getByRole('button', { name: 'Add interview' }))
    await screen.findByText(/Interview added/)
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      applicationId: 'a1',
      company: 'Acme',
      role: 'Data Analyst',
      startsAt: '2026-12-10T14:30:00',
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      kind: 'phone',
    })
    expect(screen.queryByRole('form', { name: 'Add an interview' })).not.toBeInTheDocument()
  })

  it('has an empty state that invites adding one', async () => {
    signedIn()
    fakeApi({ 'GET /api/applications': () => ({ items: [] }) })
    renderApp(<Applications />, { route: '/applications', path: '/applications' })
    expect(await screen.findByText('Your tracker is empty')).toBeInTheDocument()
  })
})
