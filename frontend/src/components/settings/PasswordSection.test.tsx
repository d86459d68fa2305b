import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { getSession } from '@/auth/session'
import { apiError, fakeApi, json, renderApp, signedIn } from '@/test/utils'
import { PasswordSection } from './PasswordSection'

async function fill(current: string, next: string) {
  const user = userEvent.setup()
  await user.type(screen.getByLabelText('Current password'), current)
  await user.type(screen.getByLabelText('New password'), next)
  await user.click(screen.getByRole('button', { name: 'Change password' }))
}

describe('password section', () => {
  it('changes the password and keeps this device signed in', async () => {
    signedIn()
    const { calls } = fakeApi({ 'POST /api/auth/password': () => json(null, 204) })
    renderApp(<PasswordSection />, { route: '/settings', path: '/settings' })
    await fill('Old-pass-1', 'Str0ng!pass')
    expect(await screen.findByText('Your other devices were signed out.')).toBeInTheDocument()
    const call = calls.find((c) => c.path === '/api/auth/password')
    expect(call?.body).toEqual({ currentPassword: 'Old-pass-1', newPassword: 'Str0ng!pass' })
    expect(call?.headers.get('Authorization')).toBe('Bearer access-1')
    expect(screen.getByLabelText('Current password')).toHaveValue('')
    expect(getSession()?.accessToken).toBe('access-1')
  })

  it('marks a wrong current password and keeps the session', async () => {
    signedIn()
    fakeApi({ 'POST /api/auth/password': () => apiError(422, 'wrong_password', 'your current password is not right', { field: 'currentPassword' }) })
    renderApp(<PasswordSection />, { route: '/settings', path: '/settings' })
    await fill('Nope-pass-1', 'Str0ng!pass')
    expect(await screen.findByRole('alert')).toHaveTextContent('Your current password is not right.')
    expect(screen.getByLabelText('Current password')).toHaveAttribute('aria-invalid', 'true')
    expect(getSession()).not.toBeNull()
  })

  it('checks the new password by the sign-up rules before sending it', async () => {
    signedIn()
    const { calls } = fakeApi({})
    renderApp(<PasswordSection />, { route: '/settings', path: '/settings' })
    await fill('Old-pass-1', 'short')
    expect(await screen.findByRole('alert')).toHaveTextContent(/needs: at least 8 characters/)
    expect(screen.getByLabelText('New password')).toHaveAttribute('aria-invalid', 'true')
    expect(calls.filter((c) => c.path === '/api/auth/password')).toHaveLength(0)
  })
})
