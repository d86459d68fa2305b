import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { Route, useLocation } from 'react-router-dom'
import { describe, expect, it } from 'vitest'
import { RequireAuth } from '@/auth/RequireAuth'
import { getSession } from '@/auth/session'
import { useMe } from '@/hooks/queries'
import { apiError, fakeApi, renderApp, signedIn } from '@/test/utils'
import SignIn from './SignIn'
import SignUp from './SignUp'
import Verify from './Verify'

function Where() {
  const loc = useLocation()
  return <p data-testid="where">{`${loc.pathname}${loc.search}`}</p>
}

describe('sign up', () => {
  it('shows which password rules are still missing, then sends the form', async () => {
    const { calls } = fakeApi({ 'POST /api/auth/signup': () => ({ userId: 'u1', email: 'ann@example.com', verified: false }) })
    const user = userEvent.setup()
    renderApp(<SignUp />, { route: '/signup', path: '/signup', extraRoutes: <Route path="/verify" element={<Where />} /> })
    await user.type(screen.getByLabelText('Your name'), 'Ann')
    await user.type(screen.getByLabelText('Email'), 'ann@example.com')
    await user.type(screen.getByLabelText('Password'), 'weakpass')
    expect(screen.getByText('An uppercase letter')).toHaveTextContent('(missing)')
    await user.click(screen.getByRole('button', { name: 'Create account' }))
    expect(await screen.findByRole('alert')).toHaveTextContent(/needs: an uppercase letter, a number, a symbol/)
    expect(calls.filter((c) => c.path === '/api/auth/signup')).toHaveLength(0)

    await user.clear(screen.getByLabelText('Password'))
    await user.type(screen.getByLabelText('Password'), 'Str0ng!pass')
    await user.click(screen.getByRole('button', { name: 'Create account' }))
    expect(await screen.findByTestId('where')).toHaveTextContent('/verify?email=ann%40example.com')
    expect(calls.find((c) => c.path === '/api/auth/signup')?.body).toEqual({ email: 'ann@example.com', password: 'Str0ng!pass', name: 'Ann' })
  })

  it('shows the API refusal in words', async () => {
    fakeApi({ 'POST /api/auth/signup': () => apiError(409, 'email_taken', 'an account with this email already exists') })
    const user = userEvent.setup()
    renderApp(<SignUp />, { route: '/signup', path: '/signup' })
    await user.type(screen.getByLabelText('Your name'), 'Ann')
    await user.type(screen.getByLabelText('Email'), 'ann@example.com')
    await user.type(screen.getByLabelText('Password'), 'Str0ng!pass')
    await user.click(screen.getByRole('button', { name: 'Create account' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('An account with this email already exists.')
  })
})

describe('verify and sign in', () => {
  it('verifies the code, signs in with the password kept in memory and starts onboarding', async () => {
    const { calls } = fakeApi({
      'POST /api/auth/verify': () => ({ userId: 'u1', email: 'ann@example.com', verified: true }),
      'POST /api/auth/login': () => ({ accessToken: 'a', idToken: 'i', refreshToken: 'r', expiresIn: 3600, tokenType: 'Bearer' }),
    })
    const user = userEvent.setup()
    renderApp(<Verify />, { route: '/verify?email=ann%40example.com', path: '/verify', extraRoutes: <Route path="/signin" element={<Where />} /> })
    await user.type(screen.getByLabelText('Verification code'), '123456')
    await user.click(screen.getByRole('button', { name: 'Verify email' }))
    // Without the password (e.g. after a reload), it sends the person to sign in.
    expect(await screen.findByTestId('where')).toHaveTextContent('/signin')
    expect(calls.find((c) => c.path === '/api/auth/verify')?.body).toEqual({ email: 'ann@example.com', code: '123456' })
  })

  it('keeps the session in memory only and goes where the person was headed', async () => {
    const { calls } = fakeApi({
      'POST /api/auth/login': () => ({ accessToken: 'a', idToken: 'i', expiresIn: 3600, tokenType: 'Bearer' }),
      'GET /api/users/me': () => ({ userId: 'u1', email: 'ann@example.com', onboarding: { completed: true } }),
    })
    const user = userEvent.setup()
    renderApp(<SignIn />, { route: '/signin?next=%2Fjobs%3Fq%3Dsql', path: '/signin', extraRoutes: <Route path="/jobs" element={<Where />} /> })
    await user.type(screen.getByLabelText('Email'), 'ann@example.com')
    await user.type(screen.getByLabelText('Password'), 'Str0ng!pass')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByTestId('where')).toHaveTextContent('/jobs?q=sql')
    expect(getSession()?.accessToken).toBe('a')
    // The API is asked to set the refresh token as an httpOnly cookie; no token is stored.
    expect(calls.find((c) => c.path === '/api/auth/login')?.headers.get('X-Requested-With')).toBe('career-agent')
    expect(localStorage.length).toBe(0)
    expect(sessionStorage.length).toBe(0)
  })

  it('sends an unverified account to the verification page', async () => {
    fakeApi({ 'POST /api/auth/login': () => apiError(403, 'email_not_verified', 'verify your email first') })
    const user = userEvent.setup()
    renderApp(<SignIn />, { route: '/signin', path: '/signin', extraRoutes: <Route path="/verify" element={<Where />} /> })
    await user.type(screen.getByLabelText('Email'), 'ann@example.com')
    await user.type(screen.getByLabelText('Password'), 'Str0ng!pass')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByTestId('where')).toHaveTextContent('/verify?email=ann%40example.com')
  })

  it('shows a wrong password in words', async () => {
    fakeApi({ 'POST /api/auth/login': () => apiError(401, 'invalid_credentials', 'incorrect email or password') })
    const user = userEvent.setup()
    renderApp(<SignIn />, { route: '/signin', path: '/signin' })
    await user.type(screen.getByLabelText('Email'), 'ann@example.com')
    await user.type(screen.getByLabelText('Password'), 'nope')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Incorrect email or password.')
    expect(getSession()).toBeNull()
  })
})

function renderProtected(route: string) {
  renderApp(<p>unused</p>, {
    route,
    path: '/unused',
    extraRoutes: (
      <Route element={<RequireAuth />}>
        <Route path={route} element={<Where />} />
      </Route>
    ),
  })
}

describe('protected routes', () => {
  it('send a signed-out visitor to sign in, remembering the page, without asking for a refresh', async () => {
    const { calls } = fakeApi({})
    renderApp(<RequireAuth />, { route: '/applications?view=table', path: '/applications', extraRoutes: <Route path="/signin" element={<Where />} /> })
    expect(await screen.findByTestId('where')).toHaveTextContent('/signin?next=%2Fapplications%3Fview%3Dtable')
    // No sign-in cookie, so no refresh that could only be refused (a 401 in the console).
    expect(calls.filter((c) => c.path === '/api/auth/refresh')).toHaveLength(0)
  })

  it('resume the sign-in from the refresh cookie after a reload', async () => {
    document.cookie = 'signed_in=1; Path=/'
    const { calls } = fakeApi({
      'POST /api/auth/refresh': () => ({ accessToken: 'a2', idToken: 'i2', expiresIn: 3600, tokenType: 'Bearer' }),
    })
    renderProtected('/applications')
    expect(await screen.findByTestId('where')).toHaveTextContent('/applications')
    expect(getSession()?.accessToken).toBe('a2')
    expect(calls.filter((c) => c.path === '/api/auth/refresh')).toHaveLength(1)
    document.cookie = 'signed_in=; Max-Age=0; Path=/'
  })

  it('forget a sign-in whose refresh is refused, and ask only once', async () => {
    document.cookie = 'signed_in=1; Path=/'
    const { calls } = fakeApi({
      'POST /api/auth/refresh': () => apiError(401, 'invalid_refresh_token', 'refresh token no longer valid'),
    })
    renderProtected('/applications')
    await waitFor(() => expect(document.cookie).not.toContain('signed_in='))
    expect(getSession()).toBeNull()
    expect(calls.filter((c) => c.path === '/api/auth/refresh')).toHaveLength(1)
  })

  it('say why the sign-in page is shown when the API ended the session', async () => {
    signedIn()
    fakeApi({
      'GET /api/users/me': () => apiError(401, 'session_ended', 'this sign-in ended when the password was changed; sign in again'),
      'POST /api/auth/refresh': () => apiError(401, 'invalid_refresh_token', 'refresh token no longer valid'),
    })
    function Profile() {
      const me = useMe()
      return <p>{me.data?.email ?? 'loading'}</p>
    }
    renderApp(<p>unused</p>, {
      route: '/settings',
      path: '/unused',
      extraRoutes: (
        <>
          <Route element={<RequireAuth />}>
            <Route path="/settings" element={<Profile />} />
          </Route>
          <Route path="/signin" element={<SignIn />} />
        </>
      ),
    })
    expect(await screen.findByText(/Your sign-in has ended, for example because the password was changed on another device/)).toBeInTheDocument()
    expect(getSession()).toBeNull()
  })

  it('let a signed-in user through', async () => {
    signedIn()
    fakeApi({})
    renderProtected('/applications')
    expect(await screen.findByTestId('where')).toHaveTextContent('/applications')
  })
})
