import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { Route } from 'react-router-dom'
import { describe, expect, it } from 'vitest'
import { RequireAuth } from '@/auth/RequireAuth'
import { getSession } from '@/auth/session'
import { apiError, fakeApi, json, renderApp, signedIn } from '@/test/utils'
import Settings from './Settings'

const ME = { userId: 'u1', email: 'ann@example.com', name: 'Ann', skills: ['SQL'], preferences: { remote: 'yes' }, version: 3 }

describe('settings', () => {
  it('saves the profile with the version it read, and shows a conflict in words', async () => {
    signedIn()
    const { calls } = fakeApi({
      'GET /api/users/me': () => ME,
      'PUT /api/users/me': () => apiError(409, 'conflict', 'your profile changed in another tab; reload to see it'),
    })
    const user = userEvent.setup()
    renderApp(<Settings />, { route: '/settings', path: '/settings' })
    const role = await screen.findByLabelText('Target role')
    await user.type(role, 'Data Analyst')
    await user.click(screen.getByRole('button', { name: 'Save changes' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Your profile changed in another tab; reload to see it.')
    expect(calls.find((c) => c.method === 'PUT')?.body).toMatchObject({ targetRole: 'Data Analyst', version: 3, preferences: { remote: 'yes' } })
  })

  it('reads a salary written as "90k" as 90000, and refuses one it cannot read instead of saving another number', async () => {
    signedIn()
    const { calls } = fakeApi({
      'GET /api/users/me': () => ({ ...ME, targetRole: 'Data Analyst', preferences: { remote: 'yes', minSalary: 70000, currency: 'USD' } }),
      'PUT /api/users/me': (c) => ({ ...ME, ...(c.body as object), version: 4 }),
    })
    const user = userEvent.setup()
    renderApp(<Settings />, { route: '/settings', path: '/settings' })
    const salary = await screen.findByLabelText('Minimum salary')
    await user.clear(salary)
    await user.type(salary, '85.000')
    await user.click(screen.getByRole('button', { name: 'Save changes' }))
    expect(salary).toHaveAccessibleDescription(/could be 85000 or 85/)
    expect(salary).toHaveFocus()
    expect(calls.some((c) => c.method === 'PUT')).toBe(false)
    await user.clear(salary)
    await user.type(salary, '90k')
    expect(salary).toHaveAccessibleDescription('Read as $90,000.')
    await user.click(screen.getByRole('button', { name: 'Save changes' }))
    await waitFor(() => expect(calls.find((c) => c.method === 'PUT')?.body).toMatchObject({ preferences: { minSalary: 90000 } }))
  })

  it('refuses an empty target role, as onboarding does, saying why', async () => {
    signedIn()
    const { calls } = fakeApi({ 'GET /api/users/me': () => ({ ...ME, targetRole: 'Data Analyst' }), 'PUT /api/users/me': (c) => ({ ...ME, ...(c.body as object), version: 4 }) })
    const user = userEvent.setup()
    renderApp(<Settings />, { route: '/settings', path: '/settings' })
    const role = await screen.findByLabelText('Target role')
    await user.clear(role)
    await user.click(screen.getByRole('button', { name: 'Save changes' }))
    expect(role).toHaveAccessibleDescription('Tell us the role you are aiming for, so we can rank jobs for it.')
    expect(role).toBeInvalid()
    expect(calls.some((c) => c.method === 'PUT')).toBe(false)
  })

  it('deletes the account only after the email is typed, then signs out', async () => {
    signedIn()
    const { calls } = fakeApi({ 'GET /api/users/me': () => ME, 'DELETE /api/users/me': () => json(null, 204) })
    const user = userEvent.setup()
    renderSignedInSettings()
    await user.click(await screen.findByRole('button', { name: 'Delete my account' }))
    const confirm = screen.getByRole('button', { name: 'Delete everything' })
    expect(confirm).toBeDisabled()
    await user.type(screen.getByLabelText(/Type your email/), 'ann@example.com')
    await user.click(confirm)
    expect(await screen.findByText('home')).toBeInTheDocument()
    expect(calls.some((c) => c.method === 'DELETE' && c.path === '/api/users/me')).toBe(true)
    expect(getSession()).toBeNull()
  })

  it('clears the sign-in cookies of a deleted account, so the next visit resumes nothing', async () => {
    signedIn()
    const { calls } = fakeApi({
      'GET /api/users/me': () => ME,
      'DELETE /api/users/me': () => json(null, 204),
      'POST /api/auth/logout': () => json(null, 204),
    })
    const user = userEvent.setup()
    renderSignedInSettings()
    await user.click(await screen.findByRole('button', { name: 'Delete my account' }))
    await user.type(screen.getByLabelText(/Type your email/), 'ann@example.com')
    await user.click(screen.getByRole('button', { name: 'Delete everything' }))
    expect(await screen.findByText('home')).toBeInTheDocument()
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path === '/api/auth/logout')).toBe(true))
    const logout = calls.find((c) => c.path === '/api/auth/logout')
    expect(logout?.headers.get('X-Requested-With')).toBe('career-agent')
  })
})

/** The settings page behind sign-in, with a home page to land on after the account is gone. */
function renderSignedInSettings() {
  renderApp(<p>unused</p>, {
    route: '/settings',
    path: '/unused',
    extraRoutes: (
      <>
        <Route path="/" element={<p>home</p>} />
        <Route element={<RequireAuth />}>
          <Route path="/settings" element={<Settings />} />
        </Route>
      </>
    ),
  })
}
