// npm run bench:storefront — the product list's throughput and latency under autocannon (-c 20 -d 10) side by side
// with a trivial static page of the same production build (the framework's floor), and its Lighthouse
// performance score. Everything on 127.0.0.1; a scratch database with the demo shop; bounded in time.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PrismaPg } from '@prisma/adapter-pg'
import autocannon from 'autocannon'
import { PrismaClient } from '../../generated/prisma/client.ts'
import { seedDemoShop } from '../../prisma/seed.ts'
import { buildIfNeeded, root } from '../lib/build.ts'
import { benchEnv, fmt, scratchDatabase, startApp, stop } from './lib.ts'

const PORT = Number(process.env.BENCH_PORT || 3291)
const DURATION = Number(process.env.BENCH_DURATION || 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 20)

const db = await scratchDatabase('hookline_bench_storefront')
const seedDb = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) })
await seedDemoShop(seedDb, 'bench-password')
await seedDb.$disconnect()
const env = benchEnv(db.url)
if (!buildIfNeeded(env)) throw new Error('next build failed')
const app = await startApp(env, PORT)

const run = async (pathname: string) => {
  const r = await autocannon({
    url: `http://127.0.0.1:${PORT}${pathname}`,
    connections: CONNECTIONS,
    duration: DURATION,
  })
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.non2xx + r.errors + r.timeouts,
  }
}

function lighthouse(url: string): number | null {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lh-')), 'report.json')
  const r = spawnSync(
    path.join(root, 'node_modules/.bin/lighthouse'),
    [
      url,
      '--quiet',
      '--output=json',
      `--output-path=${out}`,
      '--only-categories=performance',
      '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --disable-quic',
    ],
    {
      env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH || '/usr/bin/chromium' },
      encoding: 'utf8',
      timeout: 120_000,
    },
  )
  if (r.status !== 0 || !fs.existsSync(out)) {
    console.error(`lighthouse failed: ${r.stderr?.slice(-500)}`)
    return null
  }
  const report = JSON.parse(fs.readFileSync(out, 'utf8'))
  return Math.round(report.categories.performance.score * 100)
}

try {
  await run('/') // warm-up
  await run('/bench/static')
  await run('/bench/dynamic')
  const list = await run('/')
  const floor = await run('/bench/static')
  const dynamicFloor = await run('/bench/dynamic')
  console.info(`\nautocannon -c ${CONNECTIONS} -d ${DURATION} on 127.0.0.1 (production build)`)
  console.info('page                       req/s    p50 ms   p99 ms  errors')
  console.info(
    `product list /          ${fmt(list.rps).padStart(8)} ${fmt(list.p50).padStart(9)} ${fmt(list.p99).padStart(8)} ${String(list.errors).padStart(7)}`,
  )
  console.info(
    `static floor            ${fmt(floor.rps).padStart(8)} ${fmt(floor.p50).padStart(9)} ${fmt(floor.p99).padStart(8)} ${String(floor.errors).padStart(7)}`,
  )
  console.info(
    `dynamic floor           ${fmt(dynamicFloor.rps).padStart(8)} ${fmt(dynamicFloor.p50).padStart(9)} ${fmt(dynamicFloor.p99).padStart(8)} ${String(dynamicFloor.errors).padStart(7)}`,
  )
  const ratio = (a: typeof list, b: typeof list) =>
    `${fmt((100 * a.rps) / b.rps)} % of the throughput, p99 ${fmt(a.p99 / b.p99, 2)}x`
  console.info(`product list vs static floor: ${ratio(list, floor)}`)
  console.info(`product list vs dynamic floor (a page that reads one cookie): ${ratio(list, dynamicFloor)}`)
  const score = lighthouse(`http://127.0.0.1:${PORT}/`)
  console.info(`Lighthouse performance score (product list, desktop Chromium headless): ${score ?? 'n/a'}`)
} finally {
  await stop(app)
  await db.drop()
}
