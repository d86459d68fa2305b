// Lighthouse (mobile, its default simulated throttling) over the main pages, signed in as a user
// with a profile and an analysed resume; plus first-visit timings and build sizes. Run by
// bench/frontend/bench_lighthouse.py against the real stack. Environment:
//   E2E_BASE_URL    the product's URL      E2E_OUTBOX_DIR  the dev outbox (verification codes)
//   CHROME_PATH     the browser (default /usr/bin/chromium)
// Prints one JSON document on stdout.
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { chromium } from '@playwright/test'
import lighthouse from 'lighthouse'

const here = dirname(fileURLToPath(import.meta.url))
const BASE = (process.env.E2E_BASE_URL ?? '').replace(/\/+$/, '')
const OUTBOX = process.env.E2E_OUTBOX_DIR ?? ''
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium'
const ROUTES = ['/', '/dashboard', '/jobs', '/resume', '/market', '/applications']
const PASSWORD = 'Str0ng!Passw0rd'
const RESUME = `Jordan Rivera
Austin, TX · jordan.rivera@example.com

EXPERIENCE
Senior Data Analyst, Brightline Logistics — Austin, TX, March 2021 – Present
- Built Tableau dashboards used by 120 managers; wrote SQL models in PostgreSQL and dbt.
- Automated data quality checks in Python (pandas).

EDUCATION
B.S. in Statistics, University of Texas at Austin, 2018

SKILLS
SQL, PostgreSQL, Python, pandas, Tableau, Power BI, Excel, dbt, statistics
`

async function call(method, path, { token, json, form } = {}) {
  const r = await fetch(`${BASE}${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(json ? { 'Content-Type': 'application/json' } : {}) },
    body: json ? JSON.stringify(json) : form,
  })
  if (!r.ok) throw new Error(`${method} ${path}: HTTP ${r.status} ${await r.text()}`)
  return r.status === 204 ? null : r.json()
}

function code(email) {
  for (const f of readdirSync(OUTBOX, { recursive: true }).map(String).filter((f) => f.endsWith('.eml'))) {
    const text = readFileSync(join(OUTBOX, f), 'utf8').replace(/=\r?\n/g, '')
    if (!text.toLowerCase().includes(email)) continue
    const m = /\b(\d{6})\b/.exec(text.split(/\r?\n\r?\n/).slice(1).join('\n'))
    if (m) return m[1]
  }
  return null
}

async function account() {
  const email = `lighthouse-${Date.now().toString(36)}@example.com`
  await call('POST', '/api/auth/signup', { json: { email, password: PASSWORD, name: 'Jordan Rivera' } })
  let c = null
  for (let i = 0; i < 100 && !c; i++) {
    c = code(email)
    if (!c) await new Promise((r) => setTimeout(r, 100))
  }
  await call('POST', '/api/auth/verify', { json: { email, code: c } })
  const { accessToken: token } = await call('POST', '/api/auth/login', { json: { email, password: PASSWORD } })
  await call('PUT', '/api/users/me', {
    token,
    json: { name: 'Jordan Rivera', targetRole: 'Data Analyst', location: 'Austin, TX', skills: ['SQL', 'Python'], onboarding: { completed: true, step: 5 } },
  })
  const form = new FormData()
  form.set('file', new Blob([RESUME], { type: 'text/plain' }), 'jordan-rivera.txt')
  const { resumeId } = await call('POST', '/api/resume', { token, form })
  for (let i = 0; i < 180; i++) {
    if ((await call('GET', `/api/resume/${resumeId}`, { token })).status === 'done') break
    await new Promise((r) => setTimeout(r, 500))
  }
  const jobs = await call('GET', '/api/jobs?sort=score&pageSize=2', { token })
  for (const j of jobs.items) await call('POST', `/api/jobs/${j.jobId}/save`, { token })
  return email
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

async function firstLoad(browser, path) {
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
    const js = performance.getEntriesByType('resource').filter((r) => r.name.endsWith('.js'))
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

const median = (list, key) => {
  const v = list.map((x) => x[key]).filter((x) => typeof x === 'number').sort((a, b) => a - b)
  return v.length ? v[Math.floor(v.length / 2)] : null
}
const summarise = (list) => Object.fromEntries(Object.keys(list[0]).map((k) => [k, median(list, k)]))

const email = await account()
const port = 9300 + Math.floor(Math.random() * 500)
// One browser profile for the sign-in and for Lighthouse, which connects to it and keeps its storage.
const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'lighthouse-')), {
  executablePath: CHROME,
  args: [`--remote-debugging-port=${port}`, '--no-sandbox', '--disable-gpu'],
})
const page = context.pages()[0] ?? (await context.newPage())
await page.goto(`${BASE}/signin?next=/dashboard`)
await page.getByLabel('Email').fill(email)
await page.getByLabel('Password').fill(PASSWORD)
await page.getByRole('button', { name: 'Sign in' }).click()
await page.waitForURL((u) => u.pathname === '/dashboard')

const pages = {}
for (const route of ROUTES) {
  const { lhr } = await lighthouse(`${BASE}${route}`, {
    port,
    output: 'json',
    logLevel: 'error',
    disableStorageReset: true,
    onlyCategories: ['performance', 'accessibility', 'seo', 'best-practices'],
  })
  const score = (id) => Math.round((lhr.categories[id]?.score ?? 0) * 100)
  const failed = (id) =>
    lhr.categories[id].auditRefs
      .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id].score ?? 1) < 1)
      .map((ref) => ref.id)
  pages[route] = {
    performance: score('performance'),
    accessibility: score('accessibility'),
    seo: score('seo'),
    bestPractices: score('best-practices'),
    cumulativeLayoutShift: Number(lhr.audits['cumulative-layout-shift'].numericValue.toFixed(3)),
    largestContentfulPaintMs: Math.round(lhr.audits['largest-contentful-paint'].numericValue),
    totalBlockingTimeMs: Math.round(lhr.audits['total-blocking-time'].numericValue),
    failedAudits: [...new Set([...failed('accessibility'), ...failed('seo')])],
  }
  process.stderr.write(`${route}: ${JSON.stringify(pages[route])}\n`)
}
await context.close()

const browser = await chromium.launch({ executablePath: CHROME, args: ['--no-sandbox', '--disable-gpu'] })
const landing = []
const signin = []
for (let i = 0; i < 3; i++) landing.push(await firstLoad(browser, '/'))
for (let i = 0; i < 3; i++) signin.push(await firstLoad(browser, '/signin'))
await browser.close()

process.stdout.write(
  JSON.stringify({
    measuredAt: new Date().toISOString(),
    build: buildSizes(),
    firstLoad: { landing: summarise(landing), signin: summarise(signin), runs: 3 },
    lighthouse: {
      lighthouseVersion: '12',
      note: 'Lighthouse defaults: mobile form factor, simulated slow 4G and 4x CPU slowdown; signed in; headless Chromium on this machine',
      // Total blocking time, and so Performance, grows with whatever else the machine runs.
      loadAverage1m: Number(loadavg()[0].toFixed(1)),
      pages,
    },
  }) + '\n',
)
