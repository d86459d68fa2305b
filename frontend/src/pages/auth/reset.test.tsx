import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { Route, useLocation } from 'react-router-dom'
import { describe, expect, it } from 'vitest'
import { getSession } from '@/auth/session'
import { apiError, CONFIG, fakeApi, json, renderApp } from '@/test/utils'
import ResetPassword from './ResetPassword'
import SignIn from './SignIn'

function Where() {
  const loc = useLocation()
  const notice = (loc.state as { notice?: string } | null)?.notice ?? ''
  return <p data-testid="where">{`${loc.pathname}${loc.search} ${notice}`}</p>
}

const TOKENS = { accessToken: 'a', idToken: 'i', expiresIn: 3600, tokenType: 'Bearer' }

function renderReset(route: string) {
  renderApp(<ResetPassword />, {
    route,
    path: '/forgot-password',
    extraRoutes: (
      <>
        <Route path="/dashboard" element={<Where />} />
        <Route path="/signin" element={<Where />} />
      </>
    ),
  })
}

/** The second step, filled in and sent. */
async function submitCode(code: string) {
  const user = userEvent.setup()
  renderReset('/forgot-password?email=ann%40example.com')
  await user.type(screen.getByLabelText('Reset code'), code)
  await user.type(screen.getByLabelText('New password'), 'Str0ng!pass')
  await user.click(screen.getByRole('button', { name: 'Set new password' }))
  return user
}

describe('forgotten password', () => {
  it('is reached from the sign-in page with the email already typed', async () => {
    fakeApi({})
    const user = userEvent.setup()
    renderApp(<SignIn />, { route: '/signin', path: '/signin', extraRoutes: <Route path="/forgot-password" element={<ResetPassword />} /> })
    await user.type(screen.getByLabelText('Email'), 'ann@example.com')
    await user.click(screen.getByRole('link', { name: 'Forgot password?' }))
    expect(await screen.findByRole('heading', { name: 'Reset your password' })).toBeInTheDocument()
    expect(screen.getByLabelText('Email')).toHaveValue('ann@example.com')
  })

  it('asks for a code, then sets the new password with it and signs in', async () => {
    const { calls } = fakeApi({
      'POST /api/auth/forgot': () => json(null, 204),
      'POST /api/auth/reset': () => json(null, 204),
      'POST /api/auth/login': () => TOKENS,
    })
    const user = userEvent.setup()
    renderReset('/forgot-password')
    await user.type(screen.getByLabelText('Email'), ' ann@example.com ')
    await user.click(screen.getByRole('button', { name: 'Send code' }))
    expect(await screen.findByRole('heading', { name: 'Choose a new password' })).toBeInTheDocument()
    expect(screen.getByText('ann@example.com')).toBeInTheDocument()
    expect(calls.find((c) => c.path === '/api/auth/forgot')?.body).toEqual({ email: 'ann@example.com' })

    await user.type(screen.getByLabelText('Reset code'), '123456')
    await user.type(screen.getByLabelText('New password'), 'weakpass')
    expect(screen.getByText('A symbol (like ! ? # %)')).toHaveTextContent('(missing)')
    await user.click(screen.getByRole('button', { name: 'Set new password' }))
    expect(await screen.findByRole('alert')).toHaveTextContent(/needs: an uppercase letter, a number, a symbol/)
    expect(calls.filter((c) => c.path === '/api/auth/reset')).toHaveLength(0)

    await user.clear(screen.getByLabelText('New password'))
    await user.type(screen.getByLabelText('New password'), 'Str0ng!pass')
    await user.click(screen.getByRole('button', { name: 'Set new password' }))
    expect(await screen.findByTestId('where')).toHaveTextContent('/dashboard')
    expect(calls.find((c) => c.path === '/api/auth/reset')?.body).toEqual({ email: 'ann@example.com', code: '123456', newPassword: 'Str0ng!pass' })
    expect(calls.find((c) => c.path === '/api/auth/login')?.body).toEqual({ email: 'ann@example.com', password: 'Str0ng!pass' })
    expect(getSession()?.accessToken).toBe('a')
  })

  it('shows a wrong code in words and can send a new one', async () => {
    const { calls } = fakeApi({
      'POST /api/auth/reset': () => apiError(422, 'invalid_code', 'invalid or expired code'),
      'POST /api/auth/forgot': () => json(null, 204),
    })
    const user = await submitCode('000000')
    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid or expired code.')
    expect(screen.getByLabelText('Reset code')).toHaveAttribute('aria-invalid', 'true')
    expect(getSession()).toBeNull()

    await user.click(screen.getByRole('button', { name: 'Send a new code' }))
    expect(await screen.findByRole('status')).toHaveTextContent('A new code is on its way.')
    expect(calls.filter((c) => c.path === '/api/auth/forgot')).toHaveLength(1)
  })

  it('says how long to wait when there were too many tries', async () => {
    fakeApi({ 'POST /api/auth/reset': () => json({ error: { code: 'rate_limited', message: 'too many wrong codes for this account; try again later', details: { retryAfter: 60 } } }, 429, { 'Retry-After': '60' }) })
    await submitCode('000000')
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many wrong codes for this account; try again in 60 seconds.')
  })

  it('with Cognito, sends the person to sign in with the new password', async () => {
    fakeApi({
      'GET /api/config': () => ({ ...CONFIG, authMode: 'cognito', cognitoDomain: 'ca' }),
      'POST /api/auth/reset': () => json(null, 204),
    })
    await submitCode('123456')
    expect(await screen.findByTestId('where')).toHaveTextContent('/signin Your password was changed')
    expect(getSession()).toBeNull()
  })
})
