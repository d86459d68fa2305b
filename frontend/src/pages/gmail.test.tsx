import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { CONFIG, fakeApi, json, renderApp, signedIn } from '@/test/utils'
import Gmail from './Gmail'

const INTERVIEWS = {
  items: [
    { interviewId: 'i1', status: 'scheduled', startsAt: '2026-12-01T15:00:00-08:00', durationMinutes: 45, company: 'Globex', role: 'BI Developer', kind: 'video', meetingUrl: 'https://meet.google.com/abc-defg-hij', createdAt: 'x', updatedAt: 'x' },
    { interviewId: 'i2', status: 'pending', startsAt: null, company: 'Initech', createdAt: 'x', updatedAt: 'x' },
  ],
}

describe('gmail page', () => {
  it('shows the connection, scans on demand and follows the scan to the end', async () => {
    signedIn()
    let scanned = false
    const { calls } = fakeApi({
      'GET /api/config': () => ({ ...CONFIG, gmailConfigured: true }),
      'GET /api/gmail/status': () => ({ configured: true, connected: true, status: 'connected', email: 'ann@gmail.com', lastScanAt: null, counts: { messagesScanned: scanned ? 12 : 0 } }),
      'POST /api/gmail/scan': () => json({ taskId: 't1', kind: 'gmail.scan', status: 'queued', createdAt: 'now' }, 202),
      'GET /api/tasks/t1': () => {
        scanned = true
        return { taskId: 't1', kind: 'gmail.scan', status: 'succeeded', createdAt: 'now' }
      },
      'GET /api/interviews': () => INTERVIEWS,
    })
    const user = userEvent.setup()
    renderApp(<Gmail />, { route: '/gmail', path: '/gmail' })
    expect(await screen.findByText('ann@gmail.com')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Scan now' }))
    expect(await screen.findByText('Inbox scanned')).toBeInTheDocument()
    expect(await screen.findByText('12')).toBeInTheDocument()
    expect(calls.filter((c) => c.path === '/api/gmail/scan')).toHaveLength(1)
  })

  it('lists detected interviews; only timed ones can go to a calendar', async () => {
    signedIn()
    fakeApi({
      'GET /api/config': () => ({ ...CONFIG, gmailConfigured: true }),
      'GET /api/gmail/status': () => ({ connected: false, status: 'disconnected', disconnectedReason: 'Google access was revoked; connect again' }),
      'GET /api/interviews': () => INTERVIEWS,
    })
    renderApp(<Gmail />, { route: '/gmail', path: '/gmail' })
    expect(await screen.findByText('Google access was revoked; connect again')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Connect Gmail' })).toBeInTheDocument()
    expect(await screen.findByText('Time not set yet')).toBeInTheDocument()
    expect(screen.getAllByRole('button', { name: 'Add to calendar' })).toHaveLength(1)
    expect(screen.getByRole('link', { name: 'Join link' })).toHaveAttribute('href', 'https://meet.google.com/abc-defg-hij')
  })

  it('explains when Gmail is not set up on the server, without calling it', async () => {
    signedIn()
    const { calls } = fakeApi({ 'GET /api/interviews': () => ({ items: [] }) })
    renderApp(<Gmail />, { route: '/gmail', path: '/gmail' })
    expect(await screen.findByText('Gmail is not set up on this server')).toBeInTheDocument()
    expect(calls.some((c) => c.path.startsWith('/api/gmail'))).toBe(false)
  })
})
