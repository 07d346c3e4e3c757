// Vitest setup (runs in every test worker before each test file): gives the file its own database, cloned from the
// migrated template that scripts/test.ts prepared, so files never see each other's rows.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll } from 'vitest'

const server = process.env.TEST_DB_SERVER_URL
const template = process.env.TEST_DB_TEMPLATE ?? 'hookline_test_template'
// Without a server (e.g. `npx vitest run sandbox`), tests that need the database fail on the missing DATABASE_URL.

const dbName = `hookline_t_${randomBytes(5).toString('hex')}`
const admin = () => {
  const u = new URL(server!)
  u.pathname = '/postgres'
  return new pg.Client({ connectionString: u.toString() })
}

if (server) {
  const c = admin()
  await c.connect()
  await c.query(`CREATE DATABASE ${dbName} TEMPLATE ${template}`)
  await c.end()
  const url = new URL(server)
  url.pathname = `/${dbName}`
  process.env.DATABASE_URL = url.toString()
}
process.env.AUTH_SECRET ??= 'test-secret-test-secret-test-secret-000'
process.env.DATABASE_POOL_SIZE ??= '20'
// tests act as the reverse proxy: they set X-Forwarded-For to the client address they play
process.env.TRUSTED_PROXY_HEADER ??= 'x-forwarded-for'
// provider settings point at a sandbox each test starts itself (test/sandbox.ts); these are only defaults
process.env.STRIPE_SECRET_KEY ??= 'sk_test_sandbox'
process.env.STRIPE_WEBHOOK_SECRET ??= 'whsec_test_secret'
process.env.RESEND_API_KEY ??= 're_test_sandbox'
// never the real api.resend.com: a port nothing listens on, unless a test points it at its own sandbox
process.env.RESEND_BASE_URL ??= 'http://127.0.0.1:9/resend'
process.env.RESEND_WEBHOOK_SECRET ??= 'whsec_dGVzdC1yZXNlbmQtc2VjcmV0'
// PayU's public test POS; never the real PayU: a port nothing listens on unless a test starts its own sandbox
process.env.PAYU_API_BASE ??= 'http://127.0.0.1:9/payu'
process.env.PAYU_POS_ID ??= '300746'
process.env.PAYU_CLIENT_ID ??= '300746'
process.env.PAYU_CLIENT_SECRET ??= '2ee86a66e5d97e3fadc400c9f19b065d'
process.env.PAYU_SECOND_KEY ??= 'b6ca15b0d1020e8094d9b5f8d163db54'

afterAll(async () => {
  if (!server) return
  const g = globalThis as { hooklinePrisma?: { $disconnect(): Promise<void> } }
  await g.hooklinePrisma?.$disconnect()
  const c2 = admin()
  await c2.connect()
  await c2.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
  await c2.end()
})
