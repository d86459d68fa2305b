// Keyboard and focus: where the focus goes when a dialog closes, after navigation, and when an
// action replaces the control that started it.
import { expect, test, type Page } from '@playwright/test'
import { APP_ROUTES, pagesAccount, settled, signInThroughPage } from './support'

const focusedInMain = (page: Page) => page.evaluate(() => Boolean(document.activeElement?.closest('main')))

test.beforeEach(async ({ page }) => {
  await signInThroughPage(page, pagesAccount())
})

test('navigation sets the title and moves focus into <main>', async ({ page }) => {
  await settled(page)
  await expect(page).toHaveTitle('Dashboard · Career Agent')
  const nav = page.getByRole('navigation', { name: 'Main' })
  for (const { path, title } of APP_ROUTES.slice(1)) {
    await nav.locator(`a[href="${path}"]`).focus()
    await page.keyboard.press('Enter')
    await page.waitForURL((u) => u.pathname === path)
    await expect(page).toHaveTitle(`${title} · Career Agent`)
    await expect.poll(() => focusedInMain(page), { message: `focus in <main> after going to ${path}` }).toBe(true)
  }
})

test('dialogs give focus back to what opened them', async ({ page }) => {
  await page.goto('/settings')
  const opener = page.getByRole('button', { name: 'Delete my account' })
  await opener.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toBeHidden()
  await expect(opener).toBeFocused()

  await page.goto('/applications')
  const card = page.getByTestId('application-card').first().getByRole('button').first()
  await card.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog')).toBeVisible()
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).first().click()
  await expect(page.getByRole('dialog')).toBeHidden()
  await expect(card).toBeFocused()
})

test('moving a card with its menu keeps the focus on that card', async ({ page }) => {
  await page.goto('/applications')
  const card = page.getByTestId('application-card').first()
  const id = await card.getAttribute('data-application-id')
  await card.getByRole('combobox').focus()
  await card.getByRole('combobox').selectOption('interviewing')
  const moved = page.locator(`section[data-status="interviewing"] [data-application-id="${id}"]`)
  await expect(moved).toBeVisible()
  await expect(moved.getByRole('combobox')).toBeFocused()
})

test('searching and paging put the focus on the results', async ({ page }) => {
  await page.goto('/jobs')
  await settled(page)
  await page.getByLabel('Keywords').fill('analyst')
  await page.keyboard.press('Enter')
  await page.waitForURL(/q=analyst/)
  const results = page.getByRole('heading', { level: 2, name: /jobs?, best match first/ })
  await expect(results).toBeFocused()
  await page.getByRole('button', { name: /Next/ }).click()
  await page.waitForURL(/page=2/)
  await expect(results).toBeFocused()
})

test('the phone menu is a dialog: Escape closes it and focus returns', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto('/dashboard')
  const open = page.getByRole('button', { name: 'Open menu' })
  await open.focus()
  await page.keyboard.press('Enter')
  const menu = page.getByRole('dialog', { name: 'Menu' })
  await expect(menu).toBeVisible()
  await expect(page.locator('main')).toHaveAttribute('inert', '')
  await page.keyboard.press('Escape')
  await expect(menu).toBeHidden()
  await expect(open).toBeFocused()
  await expect(page.locator('main')).not.toHaveAttribute('inert', '')

  await page.keyboard.press('Enter')
  await menu.getByRole('link', { name: 'Market' }).click()
  await page.waitForURL((u) => u.pathname === '/market')
  await expect(menu).toBeHidden()
  await expect.poll(() => focusedInMain(page)).toBe(true)
})
