// Shared pieces of the benchmarks: a scratch database, the production app on a side port, small statistics.
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { root } from '../lib/build.ts'
import { ensureDatabase, withDatabase } from '../lib/embedded-pg.ts'
import { prepareDatabase } from '../lib/prepare-db.ts'

export const SERVER_URL = process.env.DATABASE_URL
  ? withDatabase(process.env.DATABASE_URL, 'postgres')
  : 'postgres://postgres@127.0.0.1:5432/postgres'

export async function scratchDatabase(prefix: string) {
  const name = `${prefix}_${randomBytes(3).toString('hex')}`
  await ensureDatabase(SERVER_URL, name, { fresh: true })
  const url = withDatabase(SERVER_URL, name)
  await prepareDatabase(url, { quiet: true })
  return {
    url,
    drop: async () => {
      const pg = (await import('pg')).default
      const c = new pg.Client({ connectionString: SERVER_URL })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await c.end()
    },
  }
}

export const benchEnv = (databaseUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
  DATABASE_URL: databaseUrl,
  AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-00',
  STRIPE_SECRET_KEY: 'sk_test_bench',
  STRIPE_WEBHOOK_SECRET: 'whsec_bench_secret',
  RESEND_API_KEY: 're_bench',
  RESEND_WEBHOOK_SECRET: 'whsec_YmVuY2gtc2VjcmV0',
  LOG_LEVEL: 'warn',
  ...extra,
})

/** Starts `next start` on a port of 127.0.0.1 and waits until it answers. */
export async function startApp(env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [`${root}/node_modules/next/dist/bin/next`, 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: root,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  )
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child
    } catch {}
    await new Promise((r) => setTimeout(r, 200))
  }
  child.kill('SIGKILL')
  throw new Error('the app did not start')
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
    setTimeout(() => child.kill('SIGKILL'), 5000).unref()
  })
}

export function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

export const fmt = (n: number, digits = 1) => n.toFixed(digits)
