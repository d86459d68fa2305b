// Browser tests against a running Career Agent (tests/e2e/run_browser.py starts the real stack
// and sets E2E_BASE_URL). Debian's Chromium is used; Playwright never downloads a browser here.
import { join } from 'node:path'
import { defineConfig, devices } from '@playwright/test'

const artifacts = process.env.E2E_ARTIFACTS_DIR ?? join(import.meta.dirname, '..', 'test-artifacts', 'frontend')
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--disable-component-update', '--disable-sync'],
}
const desktop = { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 860 }, launchOptions: chromium }

export default defineConfig({
  testDir: 'e2e',
  outputDir: join(artifacts, 'results'),
  // One real stack on two shared cores: specs run one after another.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 30_000 },
  reporter: [['list'], ['html', { outputFolder: join(artifacts, 'report'), open: 'never' }]],
  use: {
    baseURL: process.env.E2E_BASE_URL,
    actionTimeout: 30_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    // A signed-in user with a profile, an analysed resume and a tracked job, for the page checks.
    { name: 'setup', testMatch: /signed-in\.setup\.ts/, use: desktop },
    { name: 'journey', testMatch: /journey\.spec\.ts/, use: { ...desktop, acceptDownloads: true } },
    // Where the tokens live: memory and an httpOnly cookie, never web storage.
    { name: 'session', testMatch: /session\.spec\.ts/, use: desktop },
    // A forgotten password reset with the code from the dev outbox.
    { name: 'password-reset', testMatch: /password-reset\.spec\.ts/, use: desktop },
    // Connects the fake Google's mailbox (tests/e2e/run_browser.py) with an account of its own.
    { name: 'interviews', testMatch: /interviews\.spec\.ts/, use: desktop },
    {
      name: 'pages',
      testMatch: /(a11y|keyboard|reflow)\.spec\.ts/,
      dependencies: ['setup'],
      use: desktop,
    },
  ],
})
