import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { CONFIG, fakeApi, fakeUpload, json, renderApp, signedIn } from '@/test/utils'
import { interviewTime } from '@/lib/format'
import { scanToast } from '@/lib/gmail'
import Gmail from './Gmail'

const INTERVIEWS = {
  items: [
    { interviewId: 'i1', status: 'scheduled', startsAt: '2026-12-01T15:00:00-08:00', timeZone: 'America/Los_Angeles', durationMinutes: 45, company: 'Globex', role: 'BI Developer', kind: 'video', meetingUrl: 'https://meet.google.com/abc-defg-hij', createdAt: 'x', updatedAt: 'x' },
    { interviewId: 'i2', status: 'pending', startsAt: null, company: 'Initech', createdAt: 'x', updatedAt: 'x' },
  ],
}

const CONNECTED = { configured: true, connected: true, status: 'connected', email: 'ann@gmail.com', lastScanAt: null }

describe('gmail page', () => {
  it('scans on demand, follows the scan to the end and says what changed', async () => {
    signedIn()
    let scanned = false
    const { calls } = fakeApi({
      'GET /api/config': () => ({ ...CONFIG, gmailConfigured: true }),
      'GET /api/gmail/status': () => ({ ...CONNECTED, counts: { messagesScanned: scanned ? 12 : 0, interviewsFound: scanned ? 3 : 0 } }),
      'GET /api/review': () => ({ items: [] }),
      'POST /api/gmail/scan': () => json({ taskId: 't1', kind: 'gmail.scan', status: 'queued', createdAt: 'now' }, 202),
      'GET /api/tasks/t1': () => {
        scanned = true
        return { taskId: 't1', kind: 'gmail.scan', status: 'succeeded', createdAt: 'now', result: { status: 'ok', newInterviews: 2, updatedInterviews: 1, needsReview: 1 } }
      },
      'GET /api/interviews': () => INTERVIEWS,
    })
    const user = userEvent.setup()
    renderApp(<Gmail />, { route: '/gmail', path: '/gmail' })
    expect(await screen.findByText('ann@gmail.com')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Scan now' }))
    expect(await screen.findByText('Inbox scanned')).toBeInTheDocument()
    expect(screen.getByText('Interviews: 2 new, 1 updated. 1 email to review.')).toBeInTheDocument()
    expect(await screen.findByText('12')).toBeInTheDocument()
    expect(calls.filter((c) => c.path === '/api/gmail/scan')).toHaveLength(1)
  })

  it('follows the first scan named by the redirect, and a disconnecting scan is no success', async () => {
    signedIn()
    fakeApi({
      'GET /api/config': () => ({ ...CONFIG, gmailConfigured: true }),
      'GET /api/gmail/status': () => ({ ...CONNECTED, counts: {} }),
      'GET /api/review': () => ({ items: [] }),
      'GET /api/tasks/first': () => ({
        taskId: 'first', kind: 'gmail.scan', status: 'succeeded', createdAt: 'now',
        result: { status: 'disconnected', reason: 'Google no longer accepts access to this inbox. Connect Gmail again.' },
      }),
      'GET /api/interviews': () => ({ items: [] }),
    })
    renderApp(<Gmail />, { route: '/gmail?connected=1&scan=first', path: '/gmail' })
    expect(await screen.findByText('Gmail was disconnected')).toBeInTheDocument()
    expect(screen.getByText('Google no longer accepts access to this inbox. Connect Gmail again.')).toBeInTheDocument()
    const run = { taskId: 'first', kind: 'gmail.scan', status: 'succeeded' as const, createdAt: 'now', result: { status: 'disconnected', reason: 'x' } }
    expect(scanToast(run).variant).toBe('error')
    expect(scanToast({ ...run, status: 'failed' as const, error: 'boom' }).description).toBe('boom. Press Scan now to try again.')
  })

  it('lists interviews with their own zone; only timed ones can go to a calendar', async () => {
    signedIn()
    fakeApi({
      'GET /api/config': () => ({ ...CONFIG, gmailConfigured: true }),
      'GET /api/gmail/status': () => ({ connected: false, status: 'disconnected', disconnectedReason: 'Google access was revoked; connect again' }),
      'GET /api/interviews': () => INTERVIEWS,
      'GET /api/review': () => ({ items: [] }),
    })
    renderApp(<Gmail />, { route: '/gmail', path: '/gmail' })
    expect(await screen.findByText('Google access was revoked; connect again')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Connect Gmail' })).toBeInTheDocument()
    expect(await screen.findByText('Time to be confirmed')).toBeInTheDocument()
    expect(screen.getAllByRole('button', { name: 'Download to your calendar' })).toHaveLength(1)
    const globex = screen.getByRole('group', { name: 'Globex, BI Developer' })
    expect(within(globex).getByRole('link', { name: 'Join link' })).toHaveAttribute('href', 'https://meet.google.com/abc-defg-hij')
    expect(within(globex).getByRole('button', { name: 'Edit Globex, BI Developer' })).toBeInTheDocument()
  })

  it('offers to remove an interview the person added, and "not an interview" only for one read from email', async () => {
    signedIn()
    const { calls } = fakeApi({
      'GET /api/config': () => ({ ...CONFIG, gmailConfigured: true }),
      'GET /api/gmail/status': () => CONNECTED,
      'GET /api/interviews': () => ({
        items: [
          { ...INTERVIEWS.items[0], source: 'email' },
          { interviewId: 'i3', status: 'scheduled', startsAt: '2026-12-03T10:00:00Z', timeZone: 'UTC', company: 'Hooli', source: 'manual', createdAt: 'x', updatedAt: 'x' },
        ],
      }),
      'GET /api/review': () => ({ items: [] }),
      'DELETE /api/interviews/i3': () => new Response(null, { status: 204 }),
    })
    renderApp(<Gmail />, { route: '/gmail', path: '/gmail' })
    const hooli = await screen.findByRole('group', { name: 'Hooli' })
    expect(within(hooli).queryByRole('button', { name: /Not an interview/ })).toBeNull()
    expect(within(screen.getByRole('group', { name: 'Globex, BI Developer' })).getByRole('button', { name: 'Not an interview: Globex, BI Developer' })).toBeInTheDocument()
    await userEvent.click(within(hooli).getByRole('button', { name: 'Remove: Hooli' }))
    const dialog = await screen.findByRole('dialog', { name: 'Remove this interview?' })
    expect(within(dialog).getByText(/its application goes back to the stage it had before/)).toBeInTheDocument()
    await userEvent.click(within(dialog).getByRole('button', { name: 'Remove' }))
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE' && c.path === '/api/interviews/i3')).toBe(true))
  })

  it('explains when Gmail is not set up on the server, without calling it', async () => {
    signedIn()
    const { calls } = fakeApi({ 'GET /api/interviews': () => ({ items: [] }), 'GET /api/review': () => ({ items: [] }) })
    renderApp(<Gmail />, { route: '/gmail', path: '/gmail' })
    expect(await screen.findByText('Gmail is not set up on this server')).toBeInTheDocument()
    expect(calls.some((c) => c.path.startsWith('/api/gmail'))).toBe(false)
  })

  it('imports the demo mailbox without Gmail and shows progress, then results', async () => {
    signedIn()
    let polls = 0
    const base = { importId: 'm1', source: 'demo', fileName: 'demo mailbox', createdAt: 'now', total: 15 }
    const { calls } = fakeApi({
      'GET /api/interviews': () => ({ items: [] }),
      'POST /api/email/imports/demo': () => json({ ...base, status: 'queued', read: 0 }, 202),
      'GET /api/email/imports/m1': () => {
        polls += 1
        if (polls === 1) return { ...base, status: 'running', read: 6, interviews: 3, skipped: 0 }
        return { ...base, status: 'done', read: 15, processed: 14, interviews: 6, applications: 2, toReview: 1, skipped: 1, skippedReasons: { 'larger than 25 MB': 1 } }
      },
    })
    const user = userEvent.setup()
    renderApp(<Gmail />, { route: '/gmail', path: '/gmail' })
    await user.click(await screen.findByRole('button', { name: 'Try with a demo mailbox' }))
    expect(await screen.findByText('Reading messages: 6 of 15')).toBeInTheDocument()
    expect(await screen.findByText(/Imported 15 messages from demo mailbox: 14 checked, 6 about interviews, 2 other application updates, 1 skipped/)).toBeInTheDocument()
    expect(screen.getByRole('link', { name: '1 message waits for your review' })).toHaveAttribute('href', '/review')
    expect(screen.getByText('1 skipped: larger than 25 MB')).toBeInTheDocument()
    expect(calls.filter((c) => c.path === '/api/email/imports/demo')).toHaveLength(1)
    expect(calls.some((c) => c.path.startsWith('/api/gmail'))).toBe(false)
  })
})

describe('mail import errors', () => {
  it('drops a refused upload\'s error once the demo mailbox is imported instead', async () => {
    signedIn()
    fakeUpload(422, { error: { code: 'invalid_input', message: 'the file “empty.mbox” is empty: export a mailbox with messages in it', details: null } })
    const base = { importId: 'm1', source: 'demo', fileName: 'demo mailbox', createdAt: 'now', total: 15 }
    fakeApi({
      'GET /api/interviews': () => ({ items: [] }),
      'POST /api/email/imports/demo': () => json({ ...base, status: 'queued', read: 0 }, 202),
      'GET /api/email/imports/m1': () => ({ ...base, status: 'done', read: 15, processed: 15, interviews: 6, skipped: 0 }),
    })
    const user = userEvent.setup()
    renderApp(<Gmail />, { route: '/gmail', path: '/gmail' })
    await user.upload(await screen.findByLabelText('Mailbox file (.mbox or .eml)'), new File([''], 'empty.mbox'))
    await user.click(screen.getByRole('button', { name: 'Import mailbox' }))
    expect(await screen.findByRole('alert')).toHaveTextContent(/“empty\.mbox” is empty/)
    await user.click(screen.getByRole('button', { name: 'Try with a demo mailbox' }))
    expect(await screen.findByText(/Imported 15 messages from demo mailbox/)).toBeInTheDocument()
    expect(screen.queryByText(/“empty\.mbox” is empty/)).not.toBeInTheDocument()
  })
})

describe('interview times', () => {
  it("show the interview's own zone, and the viewer's when their clock differs", () => {
    const chicago = interviewTime('2026-12-11T13:00:00-06:00', 'America/Chicago', 'Europe/Berlin')
    expect(chicago.own).toMatch(/1:00/)
    expect(chicago.viewer).toMatch(/8:00.*your time/)
    const same = interviewTime('2026-12-11T13:00:00-06:00', 'America/Chicago', 'America/Chicago')
    expect(same.viewer).toBeNull()
  })
})
