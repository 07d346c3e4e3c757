// `npm start`: the whole app on one machine, with no account anywhere.
// PostgreSQL (embedded unless DATABASE_URL is set) -> migrations -> demo data -> provider sandbox (unless real
// provider keys are set) -> production build (when sources changed) -> worker + web. Ctrl-C stops everything.
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '../generated/prisma/client.ts'
import { DEMO_STAFF_EMAIL, DEMO_STAFF_PASSWORD_DEFAULT, seedDemoShop } from '../prisma/seed.ts'
import { buildIfNeeded, needsBuild, nextBin } from './lib/build.ts'
import { type EmbeddedPg, ensureDatabase, startEmbeddedPg, withDatabase } from './lib/embedded-pg.ts'
import { prepareDatabase } from './lib/prepare-db.ts'

const root = path.resolve(import.meta.dirname, '..')
const dataDir = path.join(root, '.data')
const t0 = Date.now()
const say = (msg: string) => console.info(`[start +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`)

const port = Number(process.env.PORT || 3000)
const appUrl = process.env.APP_URL || `http://localhost:${port}`
const children: ChildProcess[] = []
let embedded: EmbeddedPg | null = null
let stopping = false

async function shutdown(code: number) {
  if (stopping) return
  stopping = true
  say('stopping…')
  await Promise.all(children.map((c) => stopChild(c)))
  if (embedded) await embedded.stop().catch(() => {})
  process.exit(code)
}
process.on('SIGINT', () => void shutdown(0))
process.on('SIGTERM', () => void shutdown(0))

function stopChild(c: ChildProcess): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => c.kill('SIGKILL'), 8000)
    c.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    c.kill('SIGTERM')
  })
}

function secretFromDataDir(file: string, make: () => string) {
  const p = path.join(dataDir, file)
  fs.mkdirSync(dataDir, { recursive: true })
  if (!fs.existsSync(p)) fs.writeFileSync(p, make(), { mode: 0o600 })
  return fs.readFileSync(p, 'utf8').trim()
}

// --- database
let databaseUrl = process.env.DATABASE_URL
if (!databaseUrl) {
  const pgPort = Number(process.env.EMBEDDED_PG_PORT || 54329)
  embedded = await startEmbeddedPg({ dataDir: path.join(dataDir, 'pg'), port: pgPort })
  await ensureDatabase(embedded.serverUrl, 'hookline')
  databaseUrl = withDatabase(embedded.serverUrl, 'hookline')
  say(`embedded PostgreSQL on 127.0.0.1:${pgPort} (data in .data/pg)`)
} else say('using the PostgreSQL server from DATABASE_URL')
await prepareDatabase(databaseUrl, { quiet: true })
say('migrations applied')

const staffPassword = process.env.SEED_STAFF_PASSWORD || DEMO_STAFF_PASSWORD_DEFAULT
const seedDb = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) })
const { seeded } = await seedDemoShop(seedDb, staffPassword)
await seedDb.$disconnect()
say(seeded ? 'demo shop seeded' : 'existing data kept (no seed)')

// --- configuration handed to the children
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
  DATABASE_URL: databaseUrl,
  APP_URL: appUrl,
  PORT: String(port),
  AUTH_SECRET:
    process.env.AUTH_SECRET || secretFromDataDir('auth-secret', () => randomBytes(32).toString('base64')),
  AUTH_URL: process.env.AUTH_URL || appUrl,
}

// --- provider sandbox (only when no real provider keys are configured)
const sandboxPort = Number(process.env.SANDBOX_PORT || 12111)
const useSandbox = !process.env.STRIPE_SECRET_KEY && fs.existsSync(path.join(root, 'sandbox/stripe/index.ts'))
if (useSandbox) {
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`
  Object.assign(env, {
    SANDBOX_PORT: String(sandboxPort),
    STRIPE_SECRET_KEY: 'sk_test_sandbox',
    STRIPE_WEBHOOK_SECRET: process.env.STRIPE_WEBHOOK_SECRET || 'whsec_sandbox_local_secret',
    STRIPE_API_BASE: sandboxUrl,
    STRIPE_WEBHOOK_URL: `http://127.0.0.1:${port}/api/webhooks/stripe`,
    RESEND_API_KEY: process.env.RESEND_API_KEY || 're_test_sandbox',
    RESEND_BASE_URL: process.env.RESEND_BASE_URL || `${sandboxUrl}/resend`,
    RESEND_WEBHOOK_SECRET: process.env.RESEND_WEBHOOK_SECRET || 'whsec_c2FuZGJveC1yZXNlbmQtc2VjcmV0LWtleQ==',
    RESEND_WEBHOOK_URL: `http://127.0.0.1:${port}/api/webhooks/resend`,
    // PayU's public sandbox POS (the sandbox's defaults too), unless real PayU credentials are set
    ...(process.env.PAYU_POS_ID
      ? {}
      : {
          PAYU_API_BASE: sandboxUrl,
          PAYU_POS_ID: '300746',
          PAYU_CLIENT_ID: '300746',
          PAYU_CLIENT_SECRET: '2ee86a66e5d97e3fadc400c9f19b065d',
          PAYU_SECOND_KEY: 'b6ca15b0d1020e8094d9b5f8d163db54',
          PAYU_NOTIFY_URL: `http://127.0.0.1:${port}/api/webhooks/payu`,
        }),
    INPOST_API_URL: process.env.INPOST_API_URL || `${sandboxUrl}/inpost`,
    INPOST_API_TOKEN: process.env.INPOST_API_TOKEN || 'inpost-sandbox-token',
    INPOST_ORGANIZATION_ID: process.env.INPOST_ORGANIZATION_ID || '1',
    INPOST_WEBHOOK_URL: `http://127.0.0.1:${port}/api/webhooks/inpost`,
    INPOST_WEBHOOK_SOURCES: process.env.INPOST_WEBHOOK_SOURCES || '127.0.0.1/32',
    INPOST_TRACKING_URL: process.env.INPOST_TRACKING_URL || `${sandboxUrl}/inpost/v1/tracking/`,
    APACZKA_API_URL: process.env.APACZKA_API_URL || `${sandboxUrl}/apaczka/api/v2/`,
    APACZKA_APP_ID: process.env.APACZKA_APP_ID || 'sandbox_app_id',
    APACZKA_APP_SECRET: process.env.APACZKA_APP_SECRET || 'sandbox_app_secret',
  })
  // the shop's mailbox in the sandbox (real IMAP), unless a real one is configured
  if (!process.env.IMAP_HOST && !process.env.IMAP_MAILBOXES) {
    const imapPort = Number(process.env.SANDBOX_IMAP_PORT || sandboxPort + 32)
    Object.assign(env, {
      SANDBOX_IMAP_PORT: String(imapPort),
      SANDBOX_IMAP_STATE: process.env.SANDBOX_IMAP_STATE || path.join(dataDir, 'sandbox-imap.json'),
      IMAP_HOST: '127.0.0.1',
      IMAP_PORT: String(imapPort),
      IMAP_SECURE: 'false',
      IMAP_USER: 'orders@hookline.test',
      IMAP_PASSWORD: 'hookline-imap-demo',
      IMAP_FOLDERS: 'INBOX,Support',
      INBOUND_ADDRESS: 'orders@hookline.test',
    })
  }
  await startChild('sandbox', ['--import', 'tsx', 'sandbox/main.ts'])
  await waitForHttp(`${sandboxUrl}/_sandbox/health`, 15_000)
  say(`provider sandbox on ${sandboxUrl}`)
}

// --- build (skipped when .next is newer than every source file)
if (process.env.HOOKLINE_SKIP_BUILD !== '1' && needsBuild()) {
  say('building the app (next build)…')
  if (!buildIfNeeded(env)) {
    console.error('next build failed')
    await shutdown(1)
  }
} else say('build is up to date')

// --- worker and web
await startChild(
  'worker',
  ['--import', 'tsx', '--import', './scripts/lib/node-server-only.mjs', 'worker/index.ts'],
  {
    HOOKLINE_SERVICE: 'worker',
  },
)
await startChild('web', [nextBin(), 'start', '-p', String(port)])
await waitForHttp(`http://127.0.0.1:${port}/api/health`, 60_000)

say('ready')
console.info(`
  Shop          ${appUrl}
  Admin         ${appUrl}/admin   (staff: ${DEMO_STAFF_EMAIL} / ${seeded || !process.env.SEED_STAFF_PASSWORD ? staffPassword : '(your SEED_STAFF_PASSWORD)'})
  Database      ${embedded ? `embedded PostgreSQL, data in .data/pg (${redact(databaseUrl)})` : redact(databaseUrl)}
  ${useSandbox ? `Sandbox       http://127.0.0.1:${sandboxPort}  (Stripe test checkout, PayU BLIK 777123, email inbox at /inbox, shop mailbox on IMAP ${env.IMAP_HOST}:${env.IMAP_PORT})` : 'Providers     real (keys from env)'}
  Worker        running (graphile-worker, same database)

  Ctrl-C stops everything.`)

function redact(url: string) {
  const u = new URL(url)
  if (u.password) u.password = '***'
  return u.toString()
}

async function startChild(name: string, args: string[], extraEnv: Record<string, string> = {}) {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((l) => `[${name}] ${l}\n`)
      .join('')
  child.stdout?.on('data', (c: Buffer) => process.stdout.write(prefix(c)))
  child.stderr?.on('data', (c: Buffer) => process.stderr.write(prefix(c)))
  child.on('exit', (code, signal) => {
    if (stopping) return
    console.error(`[start] ${name} exited unexpectedly (code ${code}, signal ${signal}); stopping everything`)
    void shutdown(1)
  })
}

async function waitForHttp(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url)
      if (res.ok) return
    } catch {}
    await new Promise((r) => setTimeout(r, 200))
  }
  console.error(`[start] ${url} did not answer within ${timeoutMs / 1000}s`)
  await shutdown(1)
}
