// npm run bench:emails — how fast one worker sends transactional email, end to end: the real 'send-email' job
// (load row, render the react-email template, mark SENDING, call Resend through the official SDK, record the provider
// call and the result) against the Resend sandbox on 127.0.0.1, on a scratch database that is dropped afterwards.
//   1. throughput: N messages queued at once, one in-process graphile-worker runner, emails accepted per second
//   2. latency: messages queued one at a time (no backlog), from the queueEmail commit to the sandbox accepting it
//   BENCH_EMAILS=200 BENCH_LATENCY_EMAILS=100 npm run bench:emails
import { Logger, run } from 'graphile-worker'
import { createResendEmulator } from '../../sandbox/resend/index.ts'
import { startSandbox } from '../../sandbox/server.ts'
import { fmt, percentile, scratchDatabase } from './lib.ts'

const N = Number(process.env.BENCH_EMAILS || 200)
const LATENCY_N = Number(process.env.BENCH_LATENCY_EMAILS || 100)
const CONCURRENCY = Number(process.env.WORKER_CONCURRENCY || 5)
const DEADLINE = Date.now() + 180_000

const db = await scratchDatabase('hookline_bench_emails')
const sandbox = await startSandbox({
  port: 0,
  emulators: ({ publicUrl }) => [createResendEmulator({ publicUrl, quiet: true })],
})
Object.assign(process.env, {
  NODE_ENV: 'production',
  LOG_LEVEL: 'silent',
  DATABASE_URL: db.url,
  AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-00',
  STRIPE_SECRET_KEY: 'sk_test_bench',
  STRIPE_WEBHOOK_SECRET: 'whsec_bench_secret',
  RESEND_API_KEY: 're_bench',
  RESEND_BASE_URL: `${sandbox.url}/resend`,
  RESEND_WEBHOOK_SECRET: 'whsec_YmVuY2gtc2VjcmV0',
})
// lib/ reads its env when first imported
const { prisma } = await import('../../lib/db.ts')
const { queueEmail } = await import('../../lib/email/queue-email.ts')
const { renderEmail } = await import('../../lib/email/templates/index.ts')
const { buildTaskList } = await import('../../lib/jobs/runner.ts')

const props = (i: number) => ({
  orderNumber: `HL-2026-${String(i).padStart(6, '0')}`,
  customerName: 'Zofia Łęcka',
  lines: [
    { name: 'Kubek ceramiczny „Żuraw”', quantity: 2, unitPriceMinor: 4900, totalMinor: 9800 },
    { name: 'Miód gryczany 400 g', quantity: 1, unitPriceMinor: 3450, totalMinor: 3450 },
    { name: 'Herbata ziołowa „Łąka”', quantity: 3, unitPriceMinor: 1800, totalMinor: 5400 },
  ],
  totalMinor: 18650,
  currency: 'PLN',
  orderUrl: `http://localhost:3000/orders/HL-2026-${String(i).padStart(6, '0')}?t=bench`,
  placedAt: new Date().toISOString(),
})

const queue = (key: string, i: number) =>
  prisma.$transaction((tx) =>
    queueEmail(tx, {
      template: 'order-received',
      to: `bench-${i}@example.com`,
      locale: 'pl',
      idempotencyKey: key,
      props: props(i),
    }),
  )

const sentCount = async (prefix: string) =>
  prisma.emailMessage.count({ where: { idempotencyKey: { startsWith: prefix }, status: 'SENT' } })

async function until(check: () => Promise<boolean>, label: string) {
  while (!(await check())) {
    if (Date.now() > DEADLINE) throw new Error(`bench timed out waiting for ${label}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

const quiet = new Logger(() => () => {})
const startRunner = (concurrency: number) =>
  run({
    connectionString: db.url,
    concurrency,
    noHandleSignals: true,
    pollInterval: 2000,
    logger: quiet,
    taskList: buildTaskList(prisma),
  })

type Accepted = { idempotency_key: string | null; created_at: string }
const sandboxMessages = async () =>
  ((await (await fetch(`${sandbox.url}/_sandbox/resend/messages`)).json()) as { data: Accepted[] }).data

try {
  // render cost alone, for context (warms the template code too)
  const renderTimes: number[] = []
  for (let i = 0; i < 50; i++) {
    const t = performance.now()
    await renderEmail('order-received', { locale: 'pl', ...props(i) })
    renderTimes.push(performance.now() - t)
  }

  const throughput: { concurrency: number; perSecond: number; seconds: number }[] = []
  for (const concurrency of [1, CONCURRENCY]) {
    const prefix = `bench/throughput/c${concurrency}/`
    for (let i = 0; i < N; i += 50) {
      await prisma.$transaction(async (tx) => {
        for (let j = i; j < Math.min(N, i + 50); j++)
          await queueEmail(tx, {
            template: 'order-received',
            to: `bench-${j}@example.com`,
            locale: 'pl',
            idempotencyKey: `${prefix}${j}`,
            props: props(j),
          })
      })
    }
    const started = performance.now()
    const runner = await startRunner(concurrency)
    await until(async () => (await sentCount(prefix)) === N, `${N} sends`)
    const seconds = (performance.now() - started) / 1000
    await runner.stop()
    throughput.push({ concurrency, perSecond: N / seconds, seconds })
  }

  // latency: one message at a time, each committed while the worker idles (LISTEN/NOTIFY pickup)
  const runner = await startRunner(CONCURRENCY)
  const committedAt = new Map<string, number>()
  for (let i = 0; i < LATENCY_N; i++) {
    const key = `bench/latency/${i}`
    await queue(key, i)
    committedAt.set(key, Date.now())
    await until(async () => (await sentCount(key)) === 1, 'a latency send')
    await new Promise((r) => setTimeout(r, 10))
  }
  await runner.stop()
  const latencies = (await sandboxMessages())
    .filter((m) => m.idempotency_key && committedAt.has(m.idempotency_key))
    .map((m) => new Date(m.created_at).getTime() - committedAt.get(m.idempotency_key!)!)
  const duplicates = (await sandboxMessages()).length - (2 * N + LATENCY_N)

  console.info(`
Transactional email, one worker, Resend sandbox on 127.0.0.1 (PostgreSQL ${db.url.replace(/\/\/[^@]*@/, '//')})
  render order-received (react-email, html + text)   p50 ${fmt(percentile(renderTimes, 50))} ms   p95 ${fmt(percentile(renderTimes, 95))} ms
${throughput
  .map(
    (t) =>
      `  throughput, concurrency ${String(t.concurrency).padEnd(2)}  ${N} emails in ${fmt(t.seconds, 2)} s  = ${fmt(t.perSecond)} emails/s`,
  )
  .join('\n')}
  latency queueEmail commit -> accepted by the sandbox (${latencies.length} emails, one at a time)
    p50 ${fmt(percentile(latencies, 50))} ms   p95 ${fmt(percentile(latencies, 95))} ms   max ${fmt(Math.max(...latencies))} ms
  duplicates in the sandbox: ${duplicates}
`)
} finally {
  await prisma.$disconnect()
  await sandbox.close()
  await db.drop()
}
