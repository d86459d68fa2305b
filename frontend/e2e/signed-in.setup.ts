// One account with data on every page (profile, an analysed resume, a tracked job), made through
// the API, for the accessibility, keyboard and reflow checks. They sign in through the page.
import { writeFileSync } from 'node:fs'
import { expect, test as setup } from '@playwright/test'
import { RESUME_TEXT } from './resume'
import { PASSWORD, ROLE, SIGNED_IN, createAccount } from './support'

setup('an account with data on every page', async ({ request }) => {
  const email = `pages-${Date.now().toString(36)}@example.com`
  await createAccount(request, email, 'Jordan Rivera')
  const login = await request.post('/api/auth/login', { data: { email, password: PASSWORD } })
  expect(login.ok()).toBe(true)
  const headers = { Authorization: `Bearer ${(await login.json()).accessToken}` }

  const profile = await request.put('/api/users/me', {
    headers,
    data: {
      name: 'Jordan Rivera',
      careerStage: 'mid',
      targetRole: ROLE,
      location: 'Austin, TX',
      skills: ['SQL', 'Python', 'Tableau'],
      onboarding: { completed: true, step: 5 },
    },
  })
  expect(profile.ok(), await profile.text()).toBe(true)

  const upload = await request.post('/api/resume', {
    headers,
    multipart: { file: { name: 'jordan-rivera.txt', mimeType: 'text/plain', buffer: Buffer.from(RESUME_TEXT) } },
  })
  expect(upload.ok(), await upload.text()).toBe(true)
  const { resumeId } = await upload.json()
  await expect
    .poll(async () => (await (await request.get(`/api/resume/${resumeId}`, { headers })).json()).status, { timeout: 90_000 })
    .toBe('done')

  const jobs = await (await request.get('/api/jobs?sort=score&pageSize=3', { headers })).json()
  for (const job of jobs.items.slice(0, 2)) {
    const saved = await request.post(`/api/jobs/${job.jobId}/save`, { headers })
    expect(saved.ok(), await saved.text()).toBe(true)
  }
  writeFileSync(SIGNED_IN, JSON.stringify({ email }))
})
