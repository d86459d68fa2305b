// A forgotten password: from the sign-in page, a code from the dev outbox and a new password
// sign the person in; the old password no longer works, the new one does.
import { expect, test } from '@playwright/test'
import { PASSWORD, createAccount, shot, signInThroughPage, waitForCode } from './support'

const NEW_PASSWORD = 'N3w!Passw0rd-e2e'

test('forgot password, reset it with the emailed code, then sign in with the new one', async ({ page, context }) => {
  const email = `reset-${Date.now().toString(36)}@example.com`
  await createAccount(page.request, email, 'Rita Reset')

  await page.goto('/signin')
  await page.getByLabel('Email').fill(email)
  await page.getByRole('link', { name: 'Forgot password?' }).click()
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible()
  await expect(page.getByLabel('Email')).toHaveValue(email)
  await shot(page, 'reset-1-ask-for-code')
  await page.getByRole('button', { name: 'Send code' }).click()

  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible()
  await page.getByLabel('Reset code').fill(await waitForCode(email, 'password reset'))
  await page.getByLabel('New password').fill(NEW_PASSWORD)
  await shot(page, 'reset-2-new-password')
  await page.getByRole('button', { name: 'Set new password' }).click()
  await page.waitForURL((u) => ['/dashboard', '/onboarding'].includes(u.pathname))

  const old = await page.request.post('/api/auth/login', { data: { email, password: PASSWORD } })
  expect(old.status(), 'the old password is refused').toBe(401)

  // A fresh visit, signed out, signs in with the new password through the page.
  await context.clearCookies()
  await signInThroughPage(page, email, '/settings', NEW_PASSWORD)
  const section = page.getByRole('heading', { name: 'Password', exact: true })
  await section.scrollIntoViewIfNeeded()
  await expect(page.getByLabel('Current password')).toBeVisible()
  await shot(page, 'reset-3-settings-password')
})
