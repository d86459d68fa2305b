// Where the web app keeps its tokens: the access token in the page's memory, the refresh token
// in an httpOnly cookie. Web storage holds none, a reload signs back in from the cookie, and
// signing out clears it.
import { expect, test } from '@playwright/test'
import { PASSWORD, createAccount, signInThroughPage } from './support'

test('tokens stay out of web storage; the cookie survives a reload and sign-out clears it', async ({ page, context }) => {
  const email = `session-${Date.now().toString(36)}@example.com`
  await createAccount(page.request, email, 'Sam Session')
  // Past onboarding, so that signing in lands on the dashboard (set through the API as a script
  // would: its sign-in takes the token in the body and sets no cookie).
  const api = await page.request.post('/api/auth/login', { data: { email, password: PASSWORD } })
  const headers = { Authorization: `Bearer ${(await api.json()).accessToken}` }
  const profile = await page.request.put('/api/users/me', { headers, data: { onboarding: { completed: true, step: 5 } } })
  expect(profile.ok(), await profile.text()).toBe(true)
  expect((await context.cookies()).length, 'a login without the web header sets no cookie').toBe(0)
  const login = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'))
  await signInThroughPage(page, email)
  const loginBody = await (await login).text()

  const refresh = (await context.cookies()).find((c) => /^(__Secure-)?refresh$/.test(c.name))
  expect(refresh, 'the refresh cookie is set').toBeTruthy()
  expect(refresh!.httpOnly).toBe(true)
  expect(refresh!.sameSite).toBe('Strict')
  expect(refresh!.path).toMatch(/^\/api\/auth\/(refresh|logout)$/)
  expect(loginBody).toContain('accessToken')
  expect(loginBody).not.toContain('refreshToken')

  const storage = () =>
    page.evaluate(() => ({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }))
  const stored = await storage()
  const text = JSON.stringify(stored)
  expect(text, 'no JWT in web storage').not.toMatch(/eyJ[\w-]+\.[\w-]+\./)
  expect(text).not.toContain(refresh!.value)
  expect(stored.local).toEqual({})
  expect(stored.cookie, 'the page cannot read the refresh cookie').not.toContain(refresh!.value)

  // A reload forgets the access token; the cookie brings the session back.
  await page.reload()
  await page.getByRole('heading', { name: /Hello, Sam/ }).waitFor()
  expect(JSON.stringify(await storage())).not.toMatch(/eyJ[\w-]+\.[\w-]+\./)

  await page.getByRole('button', { name: /Sign out/ }).first().click()
  await expect.poll(async () => (await context.cookies()).filter((c) => /refresh$/.test(c.name)).length).toBe(0)
  await page.goto('/dashboard')
  await page.waitForURL(/\/signin/)
})

test('a visitor who never signed in asks for no refresh and sees no error in the console', async ({ page }) => {
  const errors: string[] = []
  const refreshes: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  page.on('request', (r) => {
    if (r.url().endsWith('/api/auth/refresh')) refreshes.push(r.url())
  })
  await page.goto('/')
  await page.getByRole('heading', { level: 1 }).waitFor()
  await page.goto('/dashboard')
  await page.waitForURL(/\/signin/)
  await page.getByLabel('Email').waitFor()
  expect(refreshes).toEqual([])
  expect(errors).toEqual([])
})
