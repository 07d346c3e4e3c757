// npm run bench:webhooks — acknowledgements per second and ack latency of the real Stripe webhook route, side by
// side with the framework's floor (verify + insert one row, same production build) and the bare PostgreSQL
// insert+commit rate, all at the same concurrency on 127.0.0.1. Then processes every acknowledged event with the
// real worker and checks each was processed exactly once.
//   BENCH_EVENTS=4000 BENCH_CONCURRENCY=20 npm run bench:webhooks
import { createHash, createHmac, randomUUID } from 'node:crypto'
import autocannon from 'autocannon'
import pg from 'pg'
import { buildIfNeeded } from '../lib/build.ts'
import { benchEnv, fmt, scratchDatabase, startApp, stop } from './lib.ts'

const N = Number(process.env.BENCH_EVENTS || 8000)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 20)
const PORT = Number(process.env.BENCH_PORT || 3290)
const SECRET = 'whsec_bench_secret'
const PAYU_KEY = 'b6ca15b0d1020e8094d9b5f8d163db54'

const db = await scratchDatabase('hookline_bench_webhooks')
const env = benchEnv(db.url, {
  BENCH_ROUTES: 'true',
  PAYU_POS_ID: '300746',
  PAYU_CLIENT_ID: '300746',
  PAYU_CLIENT_SECRET: 'bench',
  PAYU_SECOND_KEY: PAYU_KEY,
})
if (!buildIfNeeded(env)) throw new Error('next build failed')
const app = await startApp(env, PORT)

function signedEvent() {
  const id = `evt_bench_${randomUUID().replaceAll('-', '')}`
  // a type the app stores and acknowledges but has no business handler for: processing needs no provider call
  const body = JSON.stringify({
    id,
    object: 'event',
    type: 'payment_intent.created',
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: `pi_${id.slice(10)}`,
        object: 'payment_intent',
        amount: 1000,
        currency: 'pln',
        metadata: {},
      },
    },
  })
  const t = Math.floor(Date.now() / 1000)
  const sig = createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex')
  return { body, headers: { 'content-type': 'application/json', 'stripe-signature': `t=${t},v1=${sig}` } }
}

/** A PayU order notification signed with the second key (MD5 over body + key); NEW: stored, nothing to process. */
function signedPayuNotification() {
  const orderId = `BENCH${randomUUID().replaceAll('-', '').slice(0, 20).toUpperCase()}`
  const body = JSON.stringify({
    order: {
      orderId,
      extOrderId: `bench-${orderId}`,
      status: 'NEW',
      totalAmount: '1000',
      currencyCode: 'PLN',
    },
  })
  const sig = createHash('md5')
    .update(body + PAYU_KEY)
    .digest('hex')
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'openpayu-signature': `sender=checkout;signature=${sig};algorithm=MD5;content=DOCUMENT`,
    },
  }
}

async function fire(path: string, amount: number) {
  const result = await autocannon({
    url: `http://127.0.0.1:${PORT}${path}`,
    connections: CONCURRENCY,
    amount,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => ({
          ...req,
          ...(path.endsWith('/payu') ? signedPayuNotification() : signedEvent()),
        }),
      },
    ],
  })
  return {
    // completed requests over wall time (autocannon's per-second average is quantised on short runs)
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    errors: result.non2xx + result.errors + result.timeouts,
    seconds: result.duration,
  }
}

async function bareInsertRate(seconds: number) {
  const pool = new pg.Pool({ connectionString: db.url, max: CONCURRENCY })
  let count = 0
  const until = Date.now() + seconds * 1000
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < until) {
        await pool.query(
          `INSERT INTO webhook_events (provider, event_id, type, status) VALUES ('bench-bare', $1, 'x', 'IGNORED')`,
          [randomUUID()],
        )
        count++
      }
    }),
  )
  await pool.end()
  return count / seconds
}

try {
  // warm-up (JIT, connection pools), then two alternating rounds so neither side gets the quieter machine
  await fire('/api/webhooks/stripe', 300)
  await fire('/api/webhooks/payu', 300)
  await fire('/api/bench/webhook-floor', 300)
  const real: Awaited<ReturnType<typeof fire>>[] = []
  const payuRuns: Awaited<ReturnType<typeof fire>>[] = []
  const floor: Awaited<ReturnType<typeof fire>>[] = []
  for (let round = 0; round < 2; round++) {
    real.push(await fire('/api/webhooks/stripe', N / 2))
    payuRuns.push(await fire('/api/webhooks/payu', N / 2))
    floor.push(await fire('/api/bench/webhook-floor', N / 2))
  }
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
  const r = {
    rps: avg(real.map((x) => x.rps)),
    p50: avg(real.map((x) => x.p50)),
    p99: avg(real.map((x) => x.p99)),
  }
  const pu = {
    rps: avg(payuRuns.map((x) => x.rps)),
    p50: avg(payuRuns.map((x) => x.p50)),
    p99: avg(payuRuns.map((x) => x.p99)),
  }
  const f = {
    rps: avg(floor.map((x) => x.rps)),
    p50: avg(floor.map((x) => x.p50)),
    p99: avg(floor.map((x) => x.p99)),
  }
  const bare = await bareInsertRate(5)
  const acked = real.reduce((s, x) => s + x.ok, 0)
  const failed = [...real, ...payuRuns, ...floor].reduce((s, x) => s + x.errors, 0)

  console.info(
    `\nwebhook acknowledgements, ${N} signed events per route, concurrency ${CONCURRENCY}, 127.0.0.1`,
  )
  console.info('route                        acks/s    p50 ms   p99 ms')
  console.info(
    `real /api/webhooks/stripe  ${fmt(r.rps).padStart(8)} ${fmt(r.p50).padStart(9)} ${fmt(r.p99).padStart(8)}`,
  )
  console.info(
    `real /api/webhooks/payu    ${fmt(pu.rps).padStart(8)} ${fmt(pu.p50).padStart(9)} ${fmt(pu.p99).padStart(8)}`,
  )
  console.info(
    `floor (verify + 1 insert)  ${fmt(f.rps).padStart(8)} ${fmt(f.p50).padStart(9)} ${fmt(f.p99).padStart(8)}`,
  )
  console.info(
    `ratio real/floor: throughput ${fmt((100 * r.rps) / f.rps)} %, p99 ${fmt(r.p99 / f.p99, 2)}x (target >= 80 %, <= 1.5x)`,
  )
  console.info(
    `ratio payu/floor: throughput ${fmt((100 * pu.rps) / f.rps)} %, p99 ${fmt(pu.p99 / f.p99, 2)}x`,
  )
  console.info(`bare PostgreSQL INSERT+COMMIT at concurrency ${CONCURRENCY}: ${fmt(bare)} rows/s`)
  console.info(`non-2xx or errors: ${failed}`)

  // every acknowledged event is processed exactly once by the real worker
  await stop(app)
  const started = Date.now()
  process.env.DATABASE_URL = db.url
  Object.assign(process.env, env, { NODE_ENV: 'production' })
  const { Logger, run } = await import('graphile-worker')
  const quiet = new Logger(() => () => {})
  const { prisma } = await import('@/lib/db')
  const { buildTaskList } = await import('@/lib/jobs/runner')
  const runner = await run({
    connectionString: db.url,
    concurrency: 10,
    noHandleSignals: true,
    pollInterval: 100,
    taskList: buildTaskList(prisma),
    logger: quiet,
  })
  const c = new pg.Client({ connectionString: db.url })
  await c.connect()
  for (;;) {
    const { rows } = await c.query(`SELECT count(*)::int AS n FROM graphile_worker.jobs`)
    if (rows[0].n === 0 || Date.now() - started > 120_000) break
    await new Promise((res) => setTimeout(res, 250))
  }
  await runner.stop()
  const stored = await c.query(`SELECT count(*)::int AS n FROM webhook_events WHERE provider = 'stripe'`)
  const done = await c.query(
    `SELECT count(*)::int AS n FROM webhook_events WHERE provider = 'stripe' AND status IN ('IGNORED','PROCESSED')`,
  )
  const attempts = await c.query(
    `SELECT count(*)::int AS n, count(DISTINCT webhook_event_id)::int AS d FROM event_processing_attempts`,
  )
  await c.end()
  await prisma.$disconnect()
  const seconds = (Date.now() - started) / 1000
  console.info(
    `\nprocessing: ${acked} acknowledged (+300 warm-up), ${stored.rows[0].n} stored, ${done.rows[0].n} processed, ${attempts.rows[0].n} attempts for ${attempts.rows[0].d} events in ${fmt(seconds)} s (${fmt(done.rows[0].n / seconds)} events/s)`,
  )
  // a type no handler acts on is stored IGNORED by the intake and queues no job: no attempt, never twice
  const exactlyOnce =
    stored.rows[0].n === acked + 300 &&
    done.rows[0].n === stored.rows[0].n &&
    attempts.rows[0].n === attempts.rows[0].d
  console.info(
    exactlyOnce
      ? 'every acknowledged event was processed exactly once'
      : 'MISMATCH: not every acknowledged event was processed exactly once',
  )
  process.exitCode = exactlyOnce ? 0 : 1
} finally {
  await stop(app).catch(() => {})
  await db.drop()
}
