import { act, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { CONFIG, expectInlineSentence, fakeApi, renderApp } from '@/test/utils'
import Verify from './Verify'

describe('verify page', () => {
  it('says where the code went in one sentence that flows as text, not in columns', async () => {
    fakeApi({})
    renderApp(<Verify />, { route: '/verify?email=dana.reyes%40example.com', path: '/verify' })
    await screen.findByRole('button', { name: 'Verify email' })
    expectInlineSentence('We sent a verification code to dana.reyes@example.com. Enter it below.')
  })

  it('says where the code is on a server with no email service, and only there', async () => {
    fakeApi({})
    const { unmount } = renderApp(<Verify />, { route: '/verify?email=a%40example.com', path: '/verify' })
    expect(await screen.findByTestId('outbox-note')).toHaveTextContent('the newest file in data/outbox/')
    unmount()
    const { calls } = fakeApi({ 'GET /api/config': () => ({ ...CONFIG, authMode: 'cognito', cognitoDomain: 'auth.example.com' }) })
    renderApp(<Verify />, { route: '/verify?email=a%40example.com', path: '/verify' })
    await screen.findByRole('button', { name: 'Verify email' })
    await waitFor(() => expect(calls.some((c) => c.path === '/api/config')).toBe(true))
    await act(async () => {})
    expect(screen.queryByTestId('outbox-note')).toBeNull()
  })
})
