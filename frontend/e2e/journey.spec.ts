// The whole walk a new user takes, in a real browser against the real stack: sign up with the
// emailed code, onboard, upload a resume, search and save a job, track it, read the market and a
// roadmap, export the data and delete the account.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { RESUME_TEXT } from './resume'
import { ARTIFACTS, PASSWORD, ROLE, shot, signInThroughPage, waitForCode } from './support'

test('a new user, from sign-up to deleting the account', async ({ page, browser }) => {
  const problems: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text().slice(0, 200)}`)
  })
  page.on('pageerror', (e) => problems.push(`page error: ${String(e).slice(0, 200)}`))
  page.on('response', (r) => {
    if (r.status() >= 500) problems.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`)
  })
  const stamp = Date.now().toString(36)
  const email = `e2e-${stamp}@example.com`
  let jobTitle = ''

  await test.step('landing page', async () => {
    await page.goto('/')
    await page.getByRole('heading', { level: 1 }).waitFor()
    await shot(page, '01-landing')
  })

  await test.step('sign up', async () => {
    await page.getByRole('link', { name: 'Get started' }).click()
    await page.getByLabel('Your name').fill('Jordan Rivera')
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await shot(page, '02-signup')
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.waitForURL(/\/verify/)
  })

  await test.step('verify email with the code from the outbox', async () => {
    await page.getByLabel('Verification code').fill(await waitForCode(email))
    await shot(page, '03-verify')
    await page.getByRole('button', { name: 'Verify email' }).click()
    await page.waitForURL(/\/onboarding/)
  })

  await test.step('onboarding', async () => {
    await page.getByText('Mid-level').click()
    await shot(page, '04-onboarding-stage')
    await page.getByRole('button', { name: /Continue/ }).click()
    await page.getByLabel('Target role').fill(ROLE)
    await page.getByLabel('Where do you want to work?').fill('Austin, TX')
    await page.getByRole('button', { name: /Continue/ }).click()
    await page.getByLabel('Minimum yearly salary').fill('85000')
    await page.getByRole('button', { name: /Continue/ }).click()
    await page.getByLabel('Skills').fill('SQL')
    await page.keyboard.press('Enter')
    await page.getByRole('button', { name: /Continue/ }).click()
    await page.getByRole('heading', { name: 'Upload your resume' }).waitFor()
  })

  await test.step('upload a resume and see it analysed', async () => {
    const file = join(tmpdir(), `jordan-rivera-resume-${stamp}.txt`)
    writeFileSync(file, RESUME_TEXT)
    await page.getByTestId('resume-file-input').setInputFiles(file)
    await page.getByText(/Your resume scored|Analysis failed/).first().waitFor({ timeout: 60_000 })
    await expect(page.getByText(/Analysis failed.*/), 'the API reported a failed analysis').toBeHidden()
    await shot(page, '05-onboarding-resume')
  })

  await test.step('finish onboarding', async () => {
    await page.getByRole('button', { name: /Continue/ }).click()
    await page.getByRole('heading', { name: 'Find interviews in your inbox' }).waitFor()
    await shot(page, '06-onboarding-gmail')
    await page.getByRole('button', { name: 'Skip and finish' }).click()
    await page.waitForURL(/\/dashboard/)
  })

  await test.step('dashboard', async () => {
    await page.getByRole('heading', { name: /Hello, Jordan/ }).waitFor()
    await page.getByText('Your top matches').waitFor()
    await page.waitForLoadState('networkidle')
    await shot(page, '07-dashboard')
  })

  await test.step('resume analysis page', async () => {
    await page.goto('/resume')
    await page.getByTestId('resume-analysis').or(page.getByText(/We could not analyse/)).first().waitFor({ timeout: 60_000 })
    await expect(page.getByTestId('resume-analysis'), 'the resume analysis failed').toBeVisible()
    await page.getByText('Score breakdown', { exact: true }).waitFor()
    await expect(page.getByRole('img', { name: /^Score breakdown: / })).toBeVisible()
    await shot(page, '08-resume')
  })

  await test.step('search jobs sorted by score', async () => {
    await page.goto('/jobs')
    await page.getByTestId('job-card').first().waitFor()
    const labels = await page
      .getByTestId('job-card')
      .locator('[aria-label$="out of 100 match"]')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('aria-label')!.split(' ')[0])))
    expect(labels.length, 'several scored jobs').toBeGreaterThanOrEqual(2)
    expect(labels, 'sorted by score').toEqual([...labels].sort((a, b) => b - a))
    await shot(page, '09-jobs')
  })

  await test.step('open a job and its breakdown', async () => {
    const first = page.getByTestId('job-card').first().getByRole('heading').getByRole('link')
    jobTitle = (await first.textContent())!.trim()
    await first.click()
    await page.getByRole('heading', { level: 1, name: jobTitle }).waitFor()
    await page.getByText('Why this score').waitFor()
    await page.getByRole('button', { name: 'Explain' }).click()
    await page.getByTestId('match-explanation').waitFor({ timeout: 60_000 })
    await shot(page, '10-job-detail')
  })

  await test.step('save to the tracker and move it to applied', async () => {
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await page.getByText('In tracker: Saved').waitFor()
    await page.goto('/applications')
    const card = page.getByTestId('application-card').filter({ hasText: jobTitle }).first()
    await card.waitFor()
    const applied = page.locator('section[data-status="applied"]')
    await card.dragTo(applied).catch(() => {})
    const moved = await applied.getByText(jobTitle).first().isVisible().catch(() => false)
    // Keyboard/touch path: the card's status menu.
    if (!moved) await card.getByRole('combobox').selectOption('applied')
    await applied.getByText(jobTitle).first().waitFor()
    await page.waitForLoadState('networkidle')
    await shot(page, '11-applications-board')
    await page.getByRole('tab', { name: /Table/ }).click()
    await page.getByRole('table').waitFor()
    await shot(page, '12-applications-table')
  })

  await test.step('add an interview to the application by hand', async () => {
    await page.getByRole('tab', { name: /Board/ }).click()
    await page.getByTestId('application-card').filter({ hasText: jobTitle }).first().locator('button').first().click()
    const dialog = page.getByRole('dialog')
    await dialog.getByRole('button', { name: /Add interview/ }).click()
    const form = dialog.getByRole('form', { name: 'Add an interview' })
    const soon = new Date(Date.now() + 3 * 86_400_000)
    const local = `${soon.getFullYear()}-${String(soon.getMonth() + 1).padStart(2, '0')}-${String(soon.getDate()).padStart(2, '0')}T10:30`
    await form.getByLabel('Day and time').fill(local)
    await form.getByLabel('Kind').selectOption('video')
    await form.getByRole('button', { name: 'Add interview' }).click()
    await dialog.getByRole('list', { name: 'Interviews' }).getByRole('listitem').first().waitFor()
    await expect(form).toBeHidden()
    await shot(page, '12b-interview-added')
    await page.keyboard.press('Escape')
  })

  await test.step('market chart renders with data', async () => {
    await page.goto(`/market?role=${encodeURIComponent(ROLE)}&location=`)
    await page.getByTestId('salary-chart').locator('.recharts-bar-rectangle').first().waitFor({ timeout: 30_000 })
    await page.getByTestId('trend-chart').locator('.recharts-area').first().waitFor()
    await shot(page, '13-market')
  })

  await test.step('career roadmap', async () => {
    await page.goto('/roadmap')
    await page.getByLabel('Current role').fill('Data Analyst')
    await page.getByLabel('Target role').fill('Data Scientist')
    await page.getByRole('button', { name: /Build my roadmap/ }).click()
    await page.getByTestId('roadmap').waitFor({ timeout: 60_000 })
    await shot(page, '14-roadmap')
  })

  await test.step('gmail page', async () => {
    await page.goto('/gmail')
    await page.getByRole('heading', { name: 'Gmail integration' }).waitFor()
    await page.getByRole('heading', { name: 'Your interviews' }).waitFor()
    await page.waitForLoadState('networkidle')
    await shot(page, '15-gmail')
  })

  await test.step('gmail page: import a Takeout mbox, see its progress, then its results', async () => {
    const mboxPath = join(tmpdir(), `career-agent-e2e-${Date.now()}.mbox`)
    writeFileSync(mboxPath, takeoutMbox(1500))
    await page.goto('/gmail')
    await page.getByLabel('Mailbox file (.mbox or .eml)').setInputFiles(mboxPath)
    await page.getByRole('button', { name: 'Import mailbox' }).click()
    const progress = page.getByTestId('import-progress')
    await expect(progress).toBeVisible()
    await expect(progress.getByText(/Reading messages: [\d,]+ of 1,515/)).toBeVisible()
    await shot(page, '15b-gmail-import-progress')
    const result = page.getByTestId('import-result')
    await expect(result).toBeVisible({ timeout: 120_000 })
    await expect(result).toContainText('Imported 1,515 messages')
    await expect(result).toContainText('6 about interviews')
    await expect(page.getByText('Northwind Analytics').first()).toBeVisible()
    await shot(page, '15c-gmail-import-results')
  })

  await test.step('phone-sized screens', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    })
    const p = await phone.newPage()
    // A device of its own signs in itself: a copy of this browser's refresh cookie would be a
    // second holder of one single-use token, which the API treats as theft.
    await signInThroughPage(p, email)
    await p.getByRole('heading', { name: /Hello/ }).waitFor()
    await p.waitForLoadState('networkidle')
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow, 'the dashboard scrolls sideways on a phone').toBeLessThanOrEqual(1)
    await shot(p, '16-phone-dashboard')
    await p.goto('/jobs')
    await p.getByTestId('job-card').first().waitFor()
    await shot(p, '17-phone-jobs')
    await p.getByRole('button', { name: 'Open menu' }).click()
    await shot(p, '18-phone-menu')
    await phone.close()
  })

  await test.step('settings: export my data', async () => {
    await page.goto('/settings')
    await page.getByRole('heading', { name: 'Settings' }).waitFor()
    await shot(page, '19-settings')
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export my data' }).click()])
    const path = join(ARTIFACTS, 'export.json')
    await download.saveAs(path)
    expect(readFileSync(path, 'utf8'), 'the export holds the account email').toContain(email)
  })

  await test.step('delete account', async () => {
    await page.getByRole('button', { name: 'Delete my account' }).click()
    await page.getByLabel(/Type your email/).fill(email)
    await shot(page, '20-delete-confirm')
    await page.getByRole('button', { name: 'Delete everything' }).click()
    await page.waitForURL((u) => u.pathname === '/')
    await page.getByText('Your account was deleted', { exact: true }).waitFor()
    await shot(page, '21-deleted')
    await page.goto('/signin')
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('alert').filter({ hasText: /incorrect email or password/i }).waitFor()
  })

  if (problems.length) await test.info().attach('browser problems', { body: [...new Set(problems)].join('\n') })
})

/** An mbox as Google Takeout writes it: the demo mailbox among `filler` everyday messages. */
function takeoutMbox(filler: number): string {
  const folder = join(import.meta.dirname, '..', '..', 'demo', 'mailbox')
  const demo = readdirSync(folder)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => readFileSync(join(folder, f), 'utf8'))
  const messages = [...demo]
  for (let n = 0; n < filler; n++) {
    messages.push(
      `From: Shop <orders@paperandpen.example>\r\nTo: e2e@example.com\r\nSubject: Receipt ${n}\r\n` +
        `Date: Tue, 01 Dec 2026 13:13:00 +0000\r\nMessage-ID: <e2e-${Date.now()}-${n}@example.com>\r\n` +
        `Content-Type: text/plain; charset=utf-8\r\n\r\nThanks for your order number ${n}.\r\n`,
    )
  }
  return messages
    .map((m, i) => `From ${1790000000000000 + i}@xxx Tue Dec 01 13:13:00 +0000 2026\n${m.replace(/\r\n/g, '\n').replace(/^(>*From )/gm, '>$1')}\n`)
    .join('')
}
