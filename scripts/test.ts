// `npm test`: type check, lint + format check, unit and integration tests (vitest, real PostgreSQL), e2e tests
// (Playwright, Debian Chromium, the real app and the provider sandbox). Exits non-zero on the first failure.
// Without DATABASE_URL it starts an embedded PostgreSQL (data in .data/pg-test); with it, that server is used and
// the tests create their own databases on it (the role needs CREATEDB).
//   npm test -- --skip-e2e | --only-e2e | --no-static     (for local iteration; CI runs everything)
//   npm test -- --skip-e2e --no-static lib/payments       (other arguments are file filters for vitest / playwright)
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { type EmbeddedPg, ensureDatabase, startEmbeddedPg, withDatabase } from './lib/embedded-pg.ts'
import { prepareDatabase } from './lib/prepare-db.ts'

const root = path.resolve(import.meta.dirname, '..')
const argv = process.argv.slice(2)
const args = new Set(argv.filter((a) => a.startsWith('--')))
const filters = argv.filter((a) => !a.startsWith('--'))
const t0 = Date.now()
const timings: string[] = []
let embedded: EmbeddedPg | null = null

function step(name: string, cmd: string, cmdArgs: string[], env: NodeJS.ProcessEnv = process.env) {
  const started = Date.now()
  console.info(`\n=== ${name}`)
  const r = spawnSync(cmd, cmdArgs, { cwd: root, env, stdio: 'inherit' })
  timings.push(`${name}: ${((Date.now() - started) / 1000).toFixed(1)}s`)
  if (r.status !== 0) {
    console.error(`\n✗ ${name} failed (exit ${r.status ?? r.signal})`)
    return false
  }
  return true
}

async function finish(code: number): Promise<never> {
  if (embedded) await embedded.stop().catch(() => {})
  console.info(`\n${timings.join(' · ')} · total ${((Date.now() - t0) / 1000).toFixed(1)}s`)
  process.exit(code)
}
process.on('SIGINT', () => void finish(130))

const bin = (name: string) => path.join(root, 'node_modules/.bin', name)
const onlyE2e = args.has('--only-e2e')

if (!onlyE2e && !args.has('--no-static')) {
  if (!step('type check (tsc --noEmit)', bin('tsc'), ['--noEmit', '-p', '.'])) await finish(1)
  if (!step('lint + format (biome ci)', bin('biome'), ['ci', '.'])) await finish(1)
}

let serverUrl = process.env.DATABASE_URL
if (!serverUrl) {
  embedded = await startEmbeddedPg({
    dataDir: path.join(root, '.data/pg-test'),
    port: Number(process.env.EMBEDDED_PG_TEST_PORT || 54339),
  })
  serverUrl = embedded.serverUrl
}
const template = 'hookline_test_template'
await ensureDatabase(serverUrl, template, { fresh: true })
await prepareDatabase(withDatabase(serverUrl, template), { quiet: true })
const testEnv = {
  ...process.env,
  NODE_ENV: 'test' as const,
  TEST_DB_SERVER_URL: serverUrl,
  TEST_DB_TEMPLATE: template,
  NEXT_TELEMETRY_DISABLED: '1',
}
delete (testEnv as NodeJS.ProcessEnv).DATABASE_URL

if (!onlyE2e) {
  if (!step('unit + integration (vitest)', bin('vitest'), ['run', ...filters], testEnv)) await finish(1)
}
if (!args.has('--skip-e2e')) {
  const e2eDb = 'hookline_test_e2e'
  await ensureDatabase(serverUrl, e2eDb, { fresh: true, template })
  if (
    !step('e2e (playwright)', bin('playwright'), ['test', ...filters], {
      ...testEnv,
      E2E_DATABASE_URL: withDatabase(serverUrl, e2eDb),
    })
  )
    await finish(1)
}
console.info('\n✓ all tests passed')
await finish(0)
