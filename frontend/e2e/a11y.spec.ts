// axe-core over every page, at desktop and phone width: WCAG 2.0/2.1 A and AA rules; a serious
// or critical violation fails the test.
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { APP_ROUTES, PUBLIC_ROUTES, pagesAccount, settled, signInThroughPage } from './support'

const WIDTHS = [
  { name: 'desktop', viewport: { width: 1280, height: 860 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const

async function audit(page: Page, path: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${path}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)
}

for (const { name, viewport } of WIDTHS) {
  test(`no serious accessibility violations, ${name}`, async ({ page }) => {
    await page.setViewportSize(viewport)
    const found: string[] = []
    for (const path of PUBLIC_ROUTES) {
      await page.goto(path)
      await settled(page)
      found.push(...(await audit(page, path)))
    }
    await signInThroughPage(page, pagesAccount())
    for (const { path } of APP_ROUTES) {
      await page.goto(path)
      await settled(page)
      found.push(...(await audit(page, path)))
    }
    expect(found).toEqual([])
  })
}
