// End-to-end walk of the web app in a real browser (Debian's chromium via playwright-core)
// against a running stack. Environment:
//   E2E_BASE_URL      the product's URL (required), e.g. http://127.0.0.1:8000
//   E2E_OUTBOX_DIR    the local dev outbox folder (.eml files) to read the verification code
//   E2E_ARTIFACTS_DIR where screenshots go (default: <repo>/test-artifacts/frontend)
//   E2E_BENCH_FILE    where first-load timings and build sizes go (default: <repo>/bench/results/frontend.json)
//   CHROMIUM_PATH     the browser (default: /usr/bin/chromium)
import { chromium } from 'playwright-core'
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { tmpdir } from 'node:os'
import { gzipSync } from 'node:zlib'
import { RESUME_TEXT } from './resume.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const repo = join(here, '..', '..')
const BASE = (process.env.E2E_BASE_URL ?? '').replace(/\/+$/, '')
if (!BASE) {
  console.error('E2E_BASE_URL is required (the URL of a running Career Agent)')
  process.exit(2)
}
const OUTBOX = process.env.E2E_OUTBOX_DIR ?? ''
const ARTIFACTS = process.env.E2E_ARTIFACTS_DIR ?? join(repo, 'test-artifacts', 'frontend')
const BENCH_FILE = process.env.E2E_BENCH_FILE ?? join(repo, 'bench', 'results', 'frontend.json')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const STEP_TIMEOUT = Number(process.env.E2E_STEP_TIMEOUT_MS ?? 30_000)
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
]

mkdirSync(ARTIFACTS, { recursive: true })

const results = []
const problems = []
let failedHard = false

async function step(name, fn, { critical = true } = {}) {
  if (failedHard) {
    results.push({ name, ok: false, skipped: true })
    console.log(`SKIP ${name}`)
    return
  }
  const started = Date.now()
  try {
    await fn()
    results.push({ name, ok: true, ms: Date.now() - started })
    console.log(`PASS ${name} (${Date.now() - started} ms)`)
  } catch (err) {
    results.push({ name, ok: false, ms: Date.now() - started, error: String(err?.message ?? err).split('\n')[0] })
    console.log(`FAIL ${name}: ${String(err?.message ?? err).split('\n').slice(0, 3).join(' | ')}`)
    if (page) await shot(`failed-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`).catch(() => {})
    if (critical) failedHard = true
  }
}

let page
async function shot(name, p = page) {
  // Sticky headers and sidebars land mid-page in a full-page capture unless scrolled to the top.
  await p.evaluate(() => window.scrollTo(0, 0))
  await p.waitForTimeout(150)
  await p.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true })
}

function expect(cond, message) {
  if (!cond) throw new Error(message)
}

/** The verification code from the newest .eml in the outbox addressed to `email`. */
function readCode(email) {
  expect(OUTBOX && existsSync(OUTBOX), `E2E_OUTBOX_DIR is not set or missing (${OUTBOX || 'unset'})`)
  const files = readdirSync(OUTBOX, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => ({ f: join(OUTBOX, f), t: statSync(join(OUTBOX, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t)
  for (const { f } of files) {
    const text = readFileSync(f, 'utf8')
    if (!text.toLowerCase().includes(email.toLowerCase())) continue
    const body = text.replace(/=\r?\n/g, '')
    const m = /\b(\d{6})\b/.exec(body.split(/\r?\n\r?\n/).slice(1).join('\n')) ?? /\b(\d{6})\b/.exec(body)
    if (m) return m[1]
  }
  throw new Error(`no verification email for ${email} in ${OUTBOX}`)
}

async function firstLoadTiming(browser, path) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  const p = await ctx.newPage()
  await p.addInitScript(() => {
    window.__lcp = 0
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__lcp = Math.max(window.__lcp, e.startTime)
    }).observe({ type: 'largest-contentful-paint', buffered: true })
  })
  await p.goto(`${BASE}${path}`, { waitUntil: 'load' })
  await p.waitForTimeout(500)
  const t = await p.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0]
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]
    const res = performance.getEntriesByType('resource')
    const js = res.filter((r) => r.name.endsWith('.js'))
    return {
      ttfbMs: Math.round(n.responseStart - n.startTime),
      domContentLoadedMs: Math.round(n.domContentLoadedEventEnd - n.startTime),
      loadMs: Math.round(n.loadEventEnd - n.startTime),
      firstContentfulPaintMs: fcp ? Math.round(fcp.startTime) : null,
      largestContentfulPaintMs: window.__lcp ? Math.round(window.__lcp) : null,
      jsRequests: js.length,
      jsTransferBytes: js.reduce((s, r) => s + (r.transferSize || 0), 0),
    }
  })
  await ctx.close()
  return t
}

function buildSizes() {
  const dist = join(here, '..', 'dist')
  if (!existsSync(join(dist, 'index.html'))) return null
  const html = readFileSync(join(dist, 'index.html'), 'utf8')
  const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1])
  const gz = (rel) => gzipSync(readFileSync(join(dist, rel)), { level: 9 }).length
  const all = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`)
  return {
    initialJsGzipBytes: initial.reduce((n, f) => n + gz(f), 0),
    totalJsGzipBytes: all.reduce((n, f) => n + gz(f), 0),
    jsChunks: all.length,
  }
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true })
const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true })
context.setDefaultTimeout(STEP_TIMEOUT)
page = await context.newPage()
page.on('console', (m) => {
  if (m.type() === 'error') problems.push(`console: ${m.text().slice(0, 200)}`)
})
page.on('pageerror', (e) => problems.push(`page error: ${String(e).slice(0, 200)}`))
page.on('response', (r) => {
  if (r.status() >= 500) problems.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`)
})

const stamp = Date.now().toString(36)
const email = `e2e-${stamp}@example.com`
const password = 'Str0ng!Passw0rd'
const role = process.env.E2E_ROLE ?? 'Data Analyst'
let jobTitle = ''

await step('landing page', async () => {
  await page.goto(`${BASE}/`)
  await page.getByRole('heading', { level: 1 }).waitFor()
  await shot('01-landing')
})

await step('sign up', async () => {
  await page.getByRole('link', { name: 'Get started' }).click()
  await page.getByLabel('Your name').fill('Jordan Rivera')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await shot('02-signup')
  await page.getByRole('button', { name: 'Create account' }).click()
  await page.waitForURL(/\/verify/)
})

await step('verify email with the code from the outbox', async () => {
  let code = null
  for (let i = 0; i < 50 && !code; i++) {
    try {
      code = readCode(email)
    } catch (e) {
      if (i === 49) throw e
      await page.waitForTimeout(100)
    }
  }
  await page.getByLabel('Verification code').fill(code)
  await shot('03-verify')
  await page.getByRole('button', { name: 'Verify email' }).click()
  await page.waitForURL(/\/onboarding/)
})

await step('onboarding', async () => {
  await page.getByText('Mid-level').click()
  await shot('04-onboarding-stage')
  await page.getByRole('button', { name: /Continue/ }).click()
  await page.getByLabel('Target role').fill(role)
  await page.getByLabel('Where do you want to work?').fill('Austin, TX')
  await page.getByRole('button', { name: /Continue/ }).click()
  await page.getByLabel('Minimum yearly salary').fill('85000')
  await page.getByRole('button', { name: /Continue/ }).click()
  await page.getByLabel('Skills').fill('SQL')
  await page.keyboard.press('Enter')
  await page.getByRole('button', { name: /Continue/ }).click()
  await page.getByRole('heading', { name: 'Upload your resume' }).waitFor()
})

await step('upload a resume and see it analysed', async () => {
  const file = join(tmpdir(), `jordan-rivera-resume-${stamp}.txt`)
  writeFileSync(file, RESUME_TEXT)
  await page.getByTestId('resume-file-input').setInputFiles(file)
  await page.getByText(/Your resume scored|Analysis failed/).first().waitFor({ timeout: 60_000 })
  const failed = page.getByText(/Analysis failed.*/)
  if (await failed.isVisible()) throw new Error(`the API reported: ${await failed.textContent()}`)
  await shot('05-onboarding-resume')
}, { critical: false })

await step('finish onboarding', async () => {
  const analysed = await page.getByText(/Your resume scored/).isVisible()
  if (!analysed) await shot('05-onboarding-resume')
  await page.getByRole('button', { name: analysed ? /Continue/ : 'Skip' }).click()
  await page.getByRole('heading', { name: 'Find interviews in your inbox' }).waitFor()
  await shot('06-onboarding-gmail')
  await page.getByRole('button', { name: 'Skip and finish' }).click()
  await page.waitForURL(/\/dashboard/)
})

await step('dashboard', async () => {
  await page.getByRole('heading', { name: /Hello, Jordan/ }).waitFor()
  await page.getByText('Top matches this week').waitFor()
  await page.waitForLoadState('networkidle')
  await shot('07-dashboard')
}, { critical: false })

await step('resume analysis page', async () => {
  await page.goto(`${BASE}/resume`)
  await page.getByTestId('resume-analysis').or(page.getByText(/We could not analyse/)).first().waitFor({ timeout: 60_000 })
  await shot('08-resume')
  expect(await page.getByTestId('resume-analysis').isVisible(), 'the resume analysis failed')
  await page.getByText('Score breakdown', { exact: true }).waitFor()
  await page.locator('.recharts-bar-rectangle').first().waitFor()
  await shot('08-resume')
}, { critical: false })

await step('search jobs sorted by score', async () => {
  await page.goto(`${BASE}/jobs`)
  await page.getByTestId('job-card').first().waitFor()
  const labels = await page.getByTestId('job-card').locator('[aria-label$="out of 100 match"]').evaluateAll((els) =>
    els.map((e) => Number(e.getAttribute('aria-label').split(' ')[0])),
  )
  expect(labels.length >= 2, `expected several scored jobs, got ${labels.length}`)
  for (let i = 1; i < labels.length; i++) expect(labels[i - 1] >= labels[i], `not sorted by score: ${labels.join(',')}`)
  await shot('09-jobs')
}, { critical: false })

await step('open a job and its breakdown', async () => {
  const first = page.getByTestId('job-card').first().getByRole('heading').getByRole('link')
  jobTitle = (await first.textContent()).trim()
  await first.click()
  await page.getByRole('heading', { level: 1, name: jobTitle }).waitFor()
  await page.getByText('Why this score').waitFor()
  await page.getByRole('button', { name: 'Explain' }).click()
  await page.getByTestId('match-explanation').waitFor({ timeout: 60_000 })
  await shot('10-job-detail')
}, { critical: false })

await step('save to the tracker and move it to applied', async () => {
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await page.getByText('In tracker: Saved').waitFor()
  await page.goto(`${BASE}/applications`)
  const card = page.getByTestId('application-card').filter({ hasText: jobTitle }).first()
  await card.waitFor()
  const applied = page.locator('section[data-status="applied"]')
  await card.dragTo(applied).catch(() => {})
  const moved = await applied.getByText(jobTitle).first().isVisible().catch(() => false)
  if (!moved) {
    // Keyboard/touch path: the card's status menu.
    await card.getByRole('combobox').selectOption('applied')
  }
  await applied.getByText(jobTitle).first().waitFor()
  await page.waitForLoadState('networkidle')
  await shot('11-applications-board')
  await page.getByRole('tab', { name: /Table/ }).click()
  await page.getByRole('table').waitFor()
  await shot('12-applications-table')
}, { critical: false })

await step('market chart renders with data', async () => {
  await page.goto(`${BASE}/market?role=${encodeURIComponent(role)}&location=`)
  await page.getByTestId('salary-chart').locator('.recharts-bar-rectangle').first().waitFor({ timeout: 30_000 })
  await page.getByTestId('trend-chart').locator('.recharts-area').first().waitFor()
  await shot('13-market')
}, { critical: false })

await step('career roadmap', async () => {
  await page.goto(`${BASE}/roadmap`)
  await page.getByLabel('Current role').fill('Data Analyst')
  await page.getByLabel('Target role').fill('Data Scientist')
  await page.getByRole('button', { name: /Build my roadmap/ }).click()
  await page.getByTestId('roadmap').waitFor({ timeout: 60_000 })
  await shot('14-roadmap')
}, { critical: false })

await step('gmail page', async () => {
  await page.goto(`${BASE}/gmail`)
  await page.getByRole('heading', { name: 'Gmail integration' }).waitFor()
  await page.getByRole('heading', { name: 'Detected interviews' }).waitFor()
  await page.waitForLoadState('networkidle')
  await shot('15-gmail')
}, { critical: false })

// --- Gmail, interviews and the review queue (a fake Google holds a job seeker's mailbox) ---
const CONTROL = process.env.E2E_GOOGLE_CONTROL_URL ?? ''

/** A toast on screen (the toaster's list items), by its title. */
function toast(title) {
  return page.locator('ol > li', { hasText: title }).first()
}

await step('gmail: connect, follow the first scan live, see its results without reloading', async () => {
  expect(CONTROL, 'E2E_GOOGLE_CONTROL_URL is not set: run through tests/e2e/run_browser.py')
  await page.goto(`${BASE}/gmail`)
  await page.getByRole('button', { name: 'Connect Gmail' }).click()
  await page.waitForURL(/\/gmail\?connected=1&scan=/)
  await page.evaluate(() => { window.__sameDocument = true })
  await page.getByTestId('scan-progress').waitFor({ timeout: STEP_TIMEOUT })
  await shot('gmail-1-first-scan')
  await toast('Inbox scanned').waitFor({ timeout: 90_000 })
  const summary = await toast('Inbox scanned').innerText()
  expect(/3 new/.test(summary), `the toast should count new interviews: ${summary}`)
  await page.getByRole('group', { name: /^Northwind Labs/ }).waitFor()
  await page.getByRole('group', { name: /^Lumen Health/ }).waitFor()
  expect(await page.evaluate(() => window.__sameDocument === true), 'the page reloaded to show the results')
  expect(await page.getByTestId('scan-progress').count() === 0, 'the progress bar stayed after the scan')
  const lumen = await page.getByRole('group', { name: /^Lumen Health/ }).getByTestId('interview-time').innerText()
  expect(/CST|GMT-6|Central/.test(lumen), `the booking should show its own zone: ${lumen}`)
  await page.getByRole('link', { name: /2 emails from your inbox need your review/ }).waitFor()
  await shot('gmail-2-results')
})

await step('review queue: accept, undo, correct, dismiss', async () => {
  await page.getByRole('link', { name: /need your review/ }).click()
  await page.getByRole('heading', { name: 'Review emails' }).waitFor()
  const receipt = page.getByRole('group', { name: /Amazon\.com order/ })
  await receipt.getByText('From email, needs review').waitFor()
  await shot('gmail-3-review-queue')
  await receipt.getByRole('button', { name: 'Accept' }).click()
  await toast('Added to your tracker').waitFor()
  const accepted = page.getByTestId('accepted-item').filter({ hasText: 'Amazon.com order' })
  await accepted.waitFor()
  await accepted.getByRole('button', { name: 'Undo' }).click()
  await toast('Undone').waitFor()
  await page.getByRole('group', { name: /Amazon\.com order/ }).waitFor()

  const webinar = page.getByRole('group', { name: /You're registered/ })
  await webinar.getByRole('button', { name: 'Correct' }).click()
  const dialog = page.getByRole('dialog', { name: 'What is this email?' })
  await dialog.getByLabel('It is').selectOption('rejection')
  await dialog.getByLabel('For the application').selectOption({ label: 'Globex · Data Platform Engineer' })
  await dialog.getByRole('button', { name: 'Apply' }).click()
  await toast('Applied as corrected').waitFor()
  await page.getByTestId('accepted-item').filter({ hasText: 'corrected by you' }).waitFor()

  await page.getByRole('group', { name: /Amazon\.com order/ }).getByRole('button', { name: 'Dismiss' }).click()
  await page.getByText('Nothing to review').waitFor()
  await shot('gmail-4-review-done')
})

await step('tracker: the corrected email moved its application, with its history', async () => {
  await page.goto(`${BASE}/applications`)
  await page.getByRole('heading', { name: /Applications/ }).first().waitFor()
  await page.getByText('Globex', { exact: true }).first().click()
  const detail = page.getByRole('dialog')
  await detail.getByText(/from the email “You're registered/).waitFor()
  await detail.getByRole('button', { name: 'Undo' }).first().click()
  await toast('Back to Interviewing').waitFor()
  await shot('gmail-5-tracker-history')
  await page.keyboard.press('Escape')
})

await step('edit an interview: its time and zone', async () => {
  await page.goto(`${BASE}/gmail`)
  const northwind = page.getByRole('group', { name: /^Northwind Labs/ })
  await northwind.getByRole('button', { name: /^Edit/ }).click()
  const dialog = page.getByRole('dialog', { name: 'Edit interview' })
  await dialog.getByLabel('Date and time').fill('2030-01-15T09:30')
  await dialog.getByLabel('Time zone').selectOption('America/Chicago')
  await dialog.getByRole('button', { name: 'Save' }).click()
  await toast('Interview updated').waitFor()
  await page.getByRole('group', { name: /^Northwind Labs/ }).getByTestId('interview-time').filter({ hasText: /Jan 15.*9:30/ }).waitFor()
  await shot('gmail-6-interview-edited')
})

await step('dismiss an interview: not an interview', async () => {
  const globex = page.getByRole('group', { name: /^Globex/ })
  await globex.getByRole('button', { name: /^Not an interview/ }).click()
  await page.getByRole('dialog', { name: 'Not an interview?' }).getByRole('button', { name: 'Not an interview' }).click()
  await toast('Removed').waitFor()
  await page.getByRole('group', { name: /^Globex/ }).waitFor({ state: 'detached' })
})

await step('a scan that disconnects the account says so, in words', async () => {
  const r = await fetch(`${CONTROL}/revoke`, { method: 'POST' })
  expect(r.status === 204, `the fake Google did not revoke (${r.status})`)
  await page.getByRole('button', { name: 'Scan now' }).click()
  await toast('Gmail was disconnected').waitFor({ timeout: 60_000 })
  const text = await toast('Gmail was disconnected').innerText()
  expect(/Connect Gmail again/.test(text) && !/invalid_grant/.test(text), `the toast should say what to do: ${text}`)
  expect((await page.locator('ol > li', { hasText: 'Inbox scanned' }).count()) === 0, 'a disconnecting scan was shown as a success')
  await page.getByRole('button', { name: 'Connect Gmail' }).waitFor()
  await shot('gmail-7-disconnected')
})

await step('phone-sized screens', async () => {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true })
  const state = await context.storageState()
  await phone.addInitScript((items) => {
    for (const [k, v] of items) localStorage.setItem(k, v)
  }, state.origins.find((o) => BASE.startsWith(o.origin))?.localStorage.map((i) => [i.name, i.value]) ?? [])
  const p = await phone.newPage()
  await p.goto(`${BASE}/dashboard`)
  await p.getByRole('heading', { name: /Hello/ }).waitFor()
  await p.waitForLoadState('networkidle')
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  expect(overflow <= 1, `dashboard scrolls sideways on a phone by ${overflow}px`)
  await shot('16-phone-dashboard', p)
  await p.goto(`${BASE}/jobs`)
  await p.getByTestId('job-card').first().waitFor()
  await shot('17-phone-jobs', p)
  await p.getByRole('button', { name: 'Open menu' }).click()
  await shot('18-phone-menu', p)
  await phone.close()
}, { critical: false })

await step('settings: export my data', async () => {
  await page.goto(`${BASE}/settings`)
  await page.getByRole('heading', { name: 'Settings' }).waitFor()
  await shot('19-settings')
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export my data' }).click()])
  const path = join(ARTIFACTS, 'export.json')
  await download.saveAs(path)
  const data = readFileSync(path, 'utf8')
  expect(data.includes(email), 'the export does not contain the account email')
}, { critical: false })

await step('delete account', async () => {
  await page.getByRole('button', { name: 'Delete my account' }).click()
  await page.getByLabel(/Type your email/).fill(email)
  await shot('20-delete-confirm')
  await page.getByRole('button', { name: 'Delete everything' }).click()
  await page.waitForURL(`${BASE}/`)
  await page.goto(`${BASE}/signin`)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('alert').filter({ hasText: /incorrect email or password/i }).waitFor()
})

let timing = null
await step('first-load timing', async () => {
  const landing = []
  const signin = []
  for (let i = 0; i < 3; i++) landing.push(await firstLoadTiming(browser, '/'))
  for (let i = 0; i < 3; i++) signin.push(await firstLoadTiming(browser, '/signin'))
  const median = (list, key) => {
    const v = list.map((x) => x[key]).filter((x) => typeof x === 'number').sort((a, b) => a - b)
    return v.length ? v[Math.floor(v.length / 2)] : null
  }
  const summarise = (list) => Object.fromEntries(Object.keys(list[0]).map((k) => [k, median(list, k)]))
  timing = { landing: summarise(landing), signin: summarise(signin), runs: 3 }
}, { critical: false })

await browser.close()

const passed = results.filter((r) => r.ok).length
const failed = results.length - passed
const report = {
  measuredAt: new Date().toISOString(),
  baseUrl: BASE,
  note: 'first visit, empty cache, headless Chromium on this machine; medians of 3 loads',
  build: buildSizes(),
  firstLoad: timing,
  e2e: { passed, failed, steps: results },
}
writeFileSync(join(ARTIFACTS, 'report.json'), JSON.stringify({ ...report, problems }, null, 2))
if (timing) {
  mkdirSync(dirname(BENCH_FILE), { recursive: true })
  writeFileSync(BENCH_FILE, JSON.stringify(report, null, 2) + '\n')
}
if (problems.length) {
  console.log('browser problems seen:')
  for (const p of [...new Set(problems)].slice(0, 20)) console.log(`  ${p}`)
}
console.log(`screenshots: ${ARTIFACTS}`)
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
