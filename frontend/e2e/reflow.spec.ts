// WCAG 1.4.10 Reflow: at 320 CSS pixels wide no page scrolls sideways.
import { expect, test } from '@playwright/test'
import { APP_ROUTES, PUBLIC_ROUTES, pagesAccount, settled, shot, signInThroughPage } from './support'

test('every page fits 320 px without scrolling sideways', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 720 })
  const overflow: Record<string, number> = {}
  const measure = async (path: string) => {
    await page.goto(path)
    await settled(page)
    overflow[path] = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    await shot(page, `reflow-320${path.replace(/\//g, '-')}`)
  }
  for (const path of PUBLIC_ROUTES) await measure(path)
  await signInThroughPage(page, pagesAccount())
  for (const { path } of APP_ROUTES) await measure(path)
  expect(Object.entries(overflow).filter(([, px]) => px > 0)).toEqual([])
})
