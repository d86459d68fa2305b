// Interviews a person can trust and correct, in a real browser against the real stack and a fake
// Google holding a job seeker's mailbox (tests/e2e/run_browser.py): connect Gmail and watch the
// first scan, work the review queue, undo a move in the tracker, edit and dismiss interviews, and
// read the toast of a scan that disconnects the account.
import { expect, test, type Page } from '@playwright/test'
import { PASSWORD, createAccount, shot, signInThroughPage } from './support'

const CONTROL = process.env.E2E_GOOGLE_CONTROL_URL ?? ''

/** A toast on screen (the toaster's list items), by its title. */
function toast(page: Page, title: string) {
  return page.locator('ol > li', { hasText: title }).first()
}

test('gmail interviews: first scan, review queue, corrections, disconnection', async ({ page, request }) => {
  expect(CONTROL, 'E2E_GOOGLE_CONTROL_URL is not set: run through tests/e2e/run_browser.py').not.toBe('')
  // Its own account: the one the page checks share must keep Gmail unconnected.
  const email = `gmail-${Date.now().toString(36)}@example.com`
  await createAccount(request, email, 'Jamie Rivera')
  const login = await request.post('/api/auth/login', { data: { email, password: PASSWORD } })
  const headers = { Authorization: `Bearer ${(await login.json()).accessToken}` }
  const onboarded = await request.put('/api/users/me', { headers, data: { onboarding: { completed: true, step: 5 } } })
  expect(onboarded.ok(), await onboarded.text()).toBe(true)
  await signInThroughPage(page, email, '/gmail')

  await test.step('connect, follow the first scan live, see its results without reloading', async () => {
    await page.getByRole('button', { name: 'Connect Gmail' }).click()
    await page.waitForURL(/\/gmail\?connected=1&scan=/)
    await page.evaluate(() => Object.assign(window, { sameDocument: true }))
    await page.getByTestId('scan-progress').waitFor()
    await shot(page, 'gmail-1-first-scan')
    await toast(page, 'Inbox scanned').waitFor({ timeout: 90_000 })
    await expect(toast(page, 'Inbox scanned')).toContainText('3 new')
    await page.getByRole('group', { name: /^Northwind Labs/ }).waitFor()
    await page.getByRole('group', { name: /^Lumen Health/ }).waitFor()
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true)
    await expect(page.getByTestId('scan-progress')).toHaveCount(0)
    await expect(page.getByRole('group', { name: /^Lumen Health/ }).getByTestId('interview-time')).toContainText(/CST|GMT-6/)
    await page.getByRole('link', { name: /2 emails from your inbox need your review/ }).waitFor()
    await shot(page, 'gmail-2-results')
  })

  await test.step('review queue: accept, undo, correct', async () => {
    await page.getByRole('link', { name: /need your review/ }).click()
    await page.getByRole('heading', { name: 'Review emails' }).waitFor()
    const webinar = page.getByRole('group', { name: /You're registered/ })
    await webinar.getByText('From email, needs review').waitFor()
    await shot(page, 'gmail-3-review-queue')
    await webinar.getByRole('button', { name: 'Accept' }).click()
    await toast(page, 'Added to your tracker').waitFor()
    await expect(page.getByRole('group', { name: /You're registered/ })).toHaveCount(0)
    const accepted = page.getByTestId('accepted-item').filter({ hasText: "You're registered" })
    await accepted.getByRole('button', { name: 'Undo' }).click()
    await toast(page, 'Undone').waitFor()

    await page.getByRole('group', { name: /You're registered/ }).getByRole('button', { name: 'Correct' }).click()
    const dialog = page.getByRole('dialog', { name: 'What is this email?' })
    await dialog.getByLabel('It is').selectOption('rejection')
    await dialog.getByLabel('For the application').selectOption({ label: 'Globex · Data Platform Engineer' })
    await dialog.getByRole('button', { name: 'Apply' }).click()
    await toast(page, 'Applied as corrected').waitFor()
    await page.getByTestId('accepted-item').filter({ hasText: 'corrected by you' }).waitFor()
    await shot(page, 'gmail-4-review-done')
  })

  await test.step('tracker: the history names the email, and its move can be undone', async () => {
    await page.goto('/applications')
    await page.getByText('Globex', { exact: true }).first().click()
    const detail = page.getByRole('dialog')
    await detail.getByText(/from the email “You're registered/).waitFor()
    await detail.getByRole('button', { name: 'Undo' }).first().click()
    await toast(page, 'Back to Interviewing').waitFor()
    await shot(page, 'gmail-5-tracker-history')
    await page.keyboard.press('Escape')
  })

  await test.step('edit an interview: its time and zone', async () => {
    await page.goto('/gmail')
    await page.getByRole('group', { name: /^Northwind Labs/ }).getByRole('button', { name: /^Edit/ }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit interview' })
    await dialog.getByLabel('Date and time').fill('2030-01-15T09:30')
    await dialog.getByLabel('Time zone').selectOption('America/Chicago')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await toast(page, 'Interview updated').waitFor()
    await expect(page.getByRole('group', { name: /^Northwind Labs/ }).getByTestId('interview-time')).toContainText(/Jan 15.*9:30/)
    await shot(page, 'gmail-6-interview-edited')
  })

  await test.step('dismiss an interview: not an interview', async () => {
    await page.getByRole('group', { name: /^Globex/ }).getByRole('button', { name: /^Not an interview/ }).click()
    await page.getByRole('dialog', { name: 'Not an interview?' }).getByRole('button', { name: 'Not an interview' }).click()
    await toast(page, 'Removed').waitFor()
    await expect(page.getByRole('group', { name: /^Globex/ })).toHaveCount(0)
  })

  await test.step('a scan that disconnects the account says so, in words', async () => {
    const revoked = await fetch(`${CONTROL}/revoke`, { method: 'POST' })
    expect(revoked.status).toBe(204)
    await page.getByRole('button', { name: 'Scan now' }).click()
    await toast(page, 'Gmail was disconnected').waitFor({ timeout: 60_000 })
    await expect(toast(page, 'Gmail was disconnected')).toContainText('Connect Gmail again')
    await expect(toast(page, 'Gmail was disconnected')).not.toContainText('invalid_grant')
    await expect(page.locator('ol > li', { hasText: 'Inbox scanned' })).toHaveCount(0)
    await page.getByRole('button', { name: 'Connect Gmail' }).waitFor()
    await shot(page, 'gmail-7-disconnected')
  })
})
