import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { APIRequestContext, Page } from '@playwright/test'

export const ARTIFACTS = process.env.E2E_ARTIFACTS_DIR ?? join(import.meta.dirname, '..', '..', 'test-artifacts', 'frontend')
export const SIGNED_IN = join(ARTIFACTS, 'signed-in.json')
export const PASSWORD = 'Str0ng!Passw0rd'
export const ROLE = process.env.E2E_ROLE ?? 'Data Analyst'

/** The pages behind sign-in, each with the title it should set and what shows it has loaded. */
export const APP_ROUTES = [
  { path: '/dashboard', title: 'Dashboard' },
  { path: '/jobs', title: 'Job search' },
  { path: '/resume', title: 'Resume' },
  { path: '/applications', title: 'Applications' },
  { path: '/market', title: 'Market' },
  { path: '/roadmap', title: 'Career roadmap' },
  { path: '/gmail', title: 'Gmail' },
  { path: '/review', title: 'Review emails' },
  { path: '/settings', title: 'Settings' },
] as const
export const PUBLIC_ROUTES = ['/', '/signin', '/signup', '/no-such-page'] as const

/**
 * The code in the newest .eml of the local dev outbox addressed to `email` (and, when given,
 * whose text says `about`, e.g. 'password reset').
 */
export function readCode(email: string, about = ''): string | null {
  const outbox = process.env.E2E_OUTBOX_DIR ?? ''
  if (!outbox || !existsSync(outbox)) throw new Error(`E2E_OUTBOX_DIR is not set or missing (${outbox || 'unset'})`)
  const files = readdirSync(outbox, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => ({ f: join(outbox, f), t: statSync(join(outbox, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t)
  for (const { f } of files) {
    const text = readFileSync(f, 'utf8')
    if (!text.toLowerCase().includes(email.toLowerCase())) continue
    const body = text.replace(/=\r?\n/g, '')
    if (about && !body.includes(about)) continue
    const m = /\b(\d{6})\b/.exec(body.split(/\r?\n\r?\n/).slice(1).join('\n')) ?? /\b(\d{6})\b/.exec(body)
    if (m) return m[1]!
  }
  return null
}

export async function waitForCode(email: string, about = ''): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const code = readCode(email, about)
    if (code) return code
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`no ${about || 'verification'} email for ${email}`)
}

/** A verified account made through the API (the journey spec makes its own through the pages). */
export async function createAccount(request: APIRequestContext, email: string, name: string): Promise<void> {
  const signup = await request.post('/api/auth/signup', { data: { email, password: PASSWORD, name } })
  if (!signup.ok()) throw new Error(`signup: HTTP ${signup.status()} ${await signup.text()}`)
  const verify = await request.post('/api/auth/verify', { data: { email, code: await waitForCode(email) } })
  if (!verify.ok()) throw new Error(`verify: HTTP ${verify.status()} ${await verify.text()}`)
}

export async function signInThroughPage(page: Page, email: string, next = '/dashboard', password = PASSWORD): Promise<void> {
  await page.goto(`/signin?next=${encodeURIComponent(next)}`)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL((u) => u.pathname === next)
}

/** A full-page screenshot from the top (sticky headers land mid-page otherwise). */
export async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.waitForTimeout(150)
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true })
}

/** The account the setup project made (signed-in.setup.ts). */
export function pagesAccount(): string {
  return (JSON.parse(readFileSync(SIGNED_IN, 'utf8')) as { email: string }).email
}

/** Waits until a page has drawn its data: no skeleton, loading row or pending request left. */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle')
  await page.locator('[aria-busy="true"], [data-skeleton]').first().waitFor({ state: 'detached', timeout: 30_000 }).catch(() => {})
  await page.getByRole('heading', { level: 1 }).first().waitFor()
}
