// npm run bench:emails — how fast one worker sends transactional email, end to end: the real 'send-email' job
// (load row, render the react-email template, mark SENDING, call Resend through the official SDK, record the provider
// call and the result) against the Resend sandbox on 127.0.0.1, on a scratch database that is dropped afterwards.
//   1. throughput: N messages queued at once, one in-process graphile-worker runner, emails accepted per second
//   2. latency: messages queued one at a time (no backlog), from the queueEmail commit to the sandbox accepting it
//   3. the issue's figure: orders paid one at a time through the Stripe sandbox, from the moment the app stored the
//      verified checkout.session.completed webhook to the sandbox accepting the payment-confirmed email with the
//      invoice PDF (webhook -> PAID -> issue invoice -> render PDF -> send email), all with the real code paths
//   BENCH_EMAILS=200 BENCH_LATENCY_EMAILS=100 BENCH_PAID_ORDERS=100 npm run bench:emails
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Logger, run } from 'graphile-worker'
import { createResendEmulator } from '../../sandbox/resend/index.ts'
import { startSandbox } from '../../sandbox/server.ts'
import { createStripeEmulator } from '../../sandbox/stripe/index.ts'
import { fmt, percentile, scratchDatabase } from './lib.ts'

const N = Number(process.env.BENCH_EMAILS || 200)
const LATENCY_N = Number(process.env.BENCH_LATENCY_EMAILS || 100)
const PAID_N = Number(process.env.BENCH_PAID_ORDERS || 100)
const CONCURRENCY = Number(process.env.WORKER_CONCURRENCY || 5)
const DEADLINE = Date.now() + 300_000
const STRIPE_SECRET = 'whsec_bench_secret'

const db = await scratchDatabase('hookline_bench_emails')
// Stripe's webhooks go to the app's real route handler, called in this process
const receiver = http.createServer(async (req, res) => {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  const { POST } = await import('../../app/api/webhooks/[provider]/route.ts')
  const headers = new Headers()
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v)
  try {
    const r = await POST(
      new Request('http://127.0.0.1/api/webhooks/stripe', {
        method: 'POST',
        headers,
        body: Buffer.concat(chunks),
      }),
      { params: Promise.resolve({ provider: 'stripe' }) },
    )
    res.writeHead(r.status).end(await r.text())
  } catch {
    res.writeHead(500).end()
  }
})
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
const sandbox = await startSandbox({
  port: 0,
  emulators: ({ publicUrl }) => [
    createStripeEmulator({
      publicUrl,
      webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhooks/stripe`,
      webhookSecret: STRIPE_SECRET,
      retryBaseMs: 200,
    }),
    createResendEmulator({ publicUrl, quiet: true }),
  ],
})
Object.assign(process.env, {
  NODE_ENV: 'production',
  LOG_LEVEL: 'silent',
  DATABASE_URL: db.url,
  AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-00',
  STRIPE_SECRET_KEY: 'sk_test_bench',
  STRIPE_WEBHOOK_SECRET: STRIPE_SECRET,
  STRIPE_API_BASE: sandbox.url,
  RESEND_API_KEY: 're_bench',
  RESEND_BASE_URL: `${sandbox.url}/resend`,
  RESEND_WEBHOOK_SECRET: 'whsec_YmVuY2gtc2VjcmV0',
})
// lib/ reads its env when first imported
const { prisma } = await import('../../lib/db.ts')
const { queueEmail } = await import('../../lib/email/queue-email.ts')
const { renderEmail } = await import('../../lib/email/templates/index.ts')
const { buildTaskList } = await import('../../lib/jobs/runner.ts')
const { placeOrder } = await import('../../lib/orders/place-order.ts')
const { startCheckout } = await import('../../lib/payments/start-checkout.ts')
const { seedDemoShop } = await import('../../prisma/seed.ts')

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

  // the issue's figure: paid webhook -> payment-confirmed email (with the invoice PDF) accepted by the sandbox
  await seedDemoShop(prisma, 'bench-staff-password')
  const product = await prisma.product.findFirstOrThrow({
    where: { isActive: true },
    orderBy: { sku: 'asc' },
  })
  await prisma.product.update({ where: { id: product.id }, data: { stock: 100_000 } })
  const paidRunner = await startRunner(CONCURRENCY)
  const paid: number[] = []
  for (let i = 0; i < PAID_N; i++) {
    const placed = await placeOrder(
      prisma,
      {
        lines: [{ productId: product.id, quantity: 1 }],
        customer: {
          email: `bench-paid-${i}@example.com`,
          name: 'Jan Kowalski',
          billingAddress: { line1: 'ul. Floriańska 3', postalCode: '31-019', city: 'Kraków', country: 'PL' },
          shippingAddress: { line1: 'ul. Floriańska 3', postalCode: '31-019', city: 'Kraków', country: 'PL' },
        },
        locale: 'pl',
        consent: true,
      },
      { unpaidTtlMinutes: 60 },
    )
    await startCheckout(prisma, { orderNumber: placed.number, token: placed.accessToken })
    const payment = await prisma.payment.findFirstOrThrow({ where: { orderId: placed.orderId } })
    await fetch(`${sandbox.url}/_sandbox/stripe/sessions/${payment.providerCheckoutId}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    let email: { sentAt: Date | null; idempotencyKey: string } | null = null
    await until(async () => {
      email = await prisma.emailMessage.findFirst({
        where: {
          orderId: placed.orderId,
          template: 'payment-confirmed',
          status: { in: ['SENT', 'DELIVERED'] },
        },
        select: { sentAt: true, idempotencyKey: true },
      })
      return email !== null
    }, 'a payment-confirmed email')
    const webhook = await prisma.webhookEvent.findFirstOrThrow({
      where: { provider: 'stripe', orderId: placed.orderId, type: 'checkout.session.completed' },
      orderBy: { receivedAt: 'asc' },
    })
    const accepted = (await sandboxMessages()).find((m) => m.idempotency_key === email!.idempotencyKey)
    if (!accepted) throw new Error('the payment-confirmed email is missing from the sandbox')
    paid.push(new Date(accepted.created_at).getTime() - webhook.receivedAt.getTime())
  }
  await paidRunner.stop()
  const withPdf = await prisma.emailMessage.count({
    where: { template: 'payment-confirmed', attachmentInvoiceIds: { isEmpty: false } },
  })

  const duplicates = (await sandboxMessages()).length - (2 * N + LATENCY_N + 2 * PAID_N)

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
  paid webhook stored -> payment-confirmed email with invoice PDF accepted (${paid.length} orders, ${withPdf} with PDF)
    p50 ${fmt(percentile(paid, 50))} ms   p95 ${fmt(percentile(paid, 95))} ms   max ${fmt(Math.max(...paid))} ms
  duplicates in the sandbox: ${duplicates}
`)
} finally {
  await prisma.$disconnect()
  await sandbox.close()
  receiver.closeAllConnections()
  receiver.close()
  await db.drop()
}
