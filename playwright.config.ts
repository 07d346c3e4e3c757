import { defineConfig, devices } from '@playwright/test'

// Real app (production build), real PostgreSQL (E2E_DATABASE_URL, prepared by scripts/test.ts), the provider
// sandbox, and Debian's Chromium (never `npx playwright install`: browser downloads fail on these machines).
const port = Number(process.env.E2E_PORT || 3100)
const sandboxPort = Number(process.env.E2E_SANDBOX_PORT || 12112)
export const baseURL = `http://localhost:${port}`
export const sandboxURL = `http://127.0.0.1:${sandboxPort}`

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    command: 'node --import tsx scripts/start.ts',
    url: `${baseURL}/api/health`,
    // the machines are shared: a cold build under load can take over two minutes
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    env: {
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? '',
      PORT: String(port),
      APP_URL: baseURL,
      SANDBOX_PORT: String(sandboxPort),
      SANDBOX_RETRY_BASE_MS: '200',
      // long enough for the return page to show "processing" before the bank transfer settles
      SANDBOX_ASYNC_PAYMENT_DELAY_MS: '6000',
      AUTH_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0000',
      LOG_LEVEL: 'warn',
      // the sandbox mailbox in memory: every run starts with an empty one, like its fresh database
      SANDBOX_IMAP_STATE: 'memory',
      // specs that play a client address send X-Forwarded-For; the rest count as one client
      TRUSTED_PROXY_HEADER: 'x-forwarded-for',
    },
  },
})
