// npm run bench:inbox — inbound email against a private Dovecot on 127.0.0.1 (and the sandbox IMAP server for the
// latency), on a scratch database that is dropped afterwards.
//   1. a mailbox of N messages: imapflow's raw fetch of the whole folder (the floor: bytes off the wire, nothing
//      else), then the real poller ingesting the same folder (parse, analyse, link, store message + location +
//      cursor in one transaction per message); messages per second of each and the ratio
//   2. APPEND to visible on the order under IDLE: one message at a time to orders+<number>@, from the APPEND's
//      completion to the row being filed on the order (what the order page reads), p50/p95
//   BENCH_INBOX_MESSAGES=2000 BENCH_INBOX_LATENCY=30 npm run bench:inbox
import { ImapFlow } from 'imapflow'
import { startDovecot, startSandboxImap, type TestImapServer } from '../../test/imap-servers.ts'
import { fmt, percentile, scratchDatabase } from './lib.ts'

const N = Number(process.env.BENCH_INBOX_MESSAGES || 2000)
const LAT = Number(process.env.BENCH_INBOX_LATENCY || 30)
const DEADLINE = Date.now() + 240_000

const db = await scratchDatabase('hookline_bench_inbox')
Object.assign(process.env, {
  NODE_ENV: 'production',
  LOG_LEVEL: 'silent',
  DATABASE_URL: db.url,
  AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-00',
  STRIPE_SECRET_KEY: 'sk_test_bench',
  STRIPE_WEBHOOK_SECRET: 'whsec_bench',
  RESEND_API_KEY: 're_bench',
  RESEND_BASE_URL: 'http://127.0.0.1:9/resend',
  RESEND_WEBHOOK_SECRET: 'whsec_YmVuY2gtc2VjcmV0',
})
const { prisma } = await import('../../lib/db.ts')
const { startInboxPoller } = await import('../../lib/inbox/poller.ts')
const { placeOrder } = await import('../../lib/orders/place-order.ts')
const { seedDemoShop } = await import('../../prisma/seed.ts')

const body = 'Dzień dobry, mam pytanie o zamówienie i dostawę. '.repeat(30)
const message = (i: number, to = 'orders@hookline.test') =>
  [
    `From: Klient ${i} <klient${i}@example.com>`,
    `To: ${to}`,
    `Subject: Pytanie ${i}`,
    `Message-ID: <bench-${i}-${Date.now()}@example.com>`,
    'Date: Tue, 01 Dec 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    `${body}\r\n\r\n> cytowana historia ${i}\r\n`,
  ].join('\r\n')

const mailboxOf = (s: TestImapServer, id: string) => ({
  id,
  host: s.host,
  port: s.port,
  secure: false,
  user: s.user,
  password: s.password,
  folders: ['INBOX'],
})

async function until(fn: () => Promise<boolean>, what: string) {
  while (!(await fn())) {
    if (Date.now() > DEADLINE) throw new Error(`bench deadline passed waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

const dovecot = await startDovecot()
const sandboxImap = await startSandboxImap()
try {
  await seedDemoShop(prisma, 'bench-staff-password')
  const product = await prisma.product
    .findFirstOrThrow({ where: { stock: { gt: 100 } } })
    .catch(() => prisma.product.findFirstOrThrow())
  await prisma.product.update({ where: { id: product.id }, data: { stock: 10_000 } })
  const order = await placeOrder(
    prisma,
    {
      lines: [{ productId: product.id, quantity: 1 }],
      customer: {
        email: 'anna@example.com',
        name: 'Anna Nowak',
        billingAddress: { line1: 'ul. Długa 1', postalCode: '30-001', city: 'Kraków', country: 'PL' },
        shippingAddress: { line1: 'ul. Długa 1', postalCode: '30-001', city: 'Kraków', country: 'PL' },
      },
      locale: 'pl',
      consent: true,
    },
    { unpaidTtlMinutes: 60 },
  )

  // the database floor on this machine right now: one round trip, and one empty transaction
  const q0 = performance.now()
  for (let i = 0; i < 100; i++) await prisma.$queryRaw`SELECT 1`
  const queryMs = (performance.now() - q0) / 100
  const x0 = performance.now()
  for (let i = 0; i < 50; i++) await prisma.$transaction(async (tx) => tx.$queryRaw`SELECT 1`)
  const txMs = (performance.now() - x0) / 50

  // 1. throughput
  const t0 = performance.now()
  await dovecot.appendMany(Array.from({ length: N }, (_, i) => message(i)))
  const appendS = (performance.now() - t0) / 1000

  const raw = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    auth: { user: dovecot.user, pass: dovecot.password },
    logger: false,
  })
  await raw.connect()
  await raw.mailboxOpen('INBOX')
  const f0 = performance.now()
  let fetched = 0
  for await (const m of raw.fetch('1:*', { uid: true, source: true }, { uid: true })) if (m.source) fetched++
  const fetchS = (performance.now() - f0) / 1000
  await raw.logout()

  const i0 = performance.now()
  const poller = startInboxPoller({
    db: prisma,
    mailboxes: [mailboxOf(dovecot, 'bench-dovecot')],
    watchdogMs: 60_000,
  })
  await until(
    async () =>
      (await prisma.inboxCursor.findFirst({ where: { mailbox: 'bench-dovecot' } }))?.lastUid === BigInt(N),
    'ingestion',
  )
  const ingestS = (performance.now() - i0) / 1000
  const stored = await prisma.inboundMessage.count()
  const fetchRate = fetched / fetchS
  const ingestRate = stored / ingestS

  // 2. APPEND -> visible on the order, under IDLE (the poller above is idling on Dovecot now)
  async function latency(server: TestImapServer, label: string) {
    const samples: number[] = []
    for (let i = 0; i < LAT && Date.now() < DEADLINE; i++) {
      const raw = message(
        1_000_000 + i + (label === 'sandbox' ? 500_000 : 0),
        `orders+${order.number}@hookline.test`,
      )
      const id = /Message-ID: <([^>]+)>/.exec(raw)![1]!
      await server.append(raw)
      const a0 = performance.now()
      await until(
        async () =>
          !!(await prisma.inboundMessage.findFirst({
            where: { messageId: id, orderId: order.orderId },
            select: { id: true },
          })),
        'a message on the order',
      )
      samples.push(performance.now() - a0)
    }
    return samples
  }
  const dovecotLatency = await latency(dovecot, 'dovecot')
  await poller.stop()
  const sandboxPoller = startInboxPoller({
    db: prisma,
    mailboxes: [mailboxOf(sandboxImap, 'bench-sandbox')],
    watchdogMs: 60_000,
  })
  await until(
    async () => !!(await prisma.inboxCursor.findFirst({ where: { mailbox: 'bench-sandbox' } })),
    'sandbox cursor',
  )
  const sandboxLatency = await latency(sandboxImap, 'sandbox')
  await sandboxPoller.stop()

  console.info(`
inbox benchmark (machine under load from other work: compare the ratio, not the absolute numbers)
  mailbox: ${N} messages of ~${Math.round(message(1).length / 1024)} KB in Dovecot (APPENDed in ${fmt(appendS)} s)
  imapflow raw fetch (floor):        ${fmt(fetchRate, 0)} messages/s  (${fetched} in ${fmt(fetchS, 2)} s)
  poller ingestion (parse+link+store): ${fmt(ingestRate, 0)} messages/s  (${stored} in ${fmt(ingestS, 2)} s)
  ingestion / raw fetch:             ${fmt((100 * ingestRate) / fetchRate)} %
  database floor now: ${fmt(queryMs)} ms per round trip (SELECT 1), ${fmt(txMs)} ms per one-query transaction;
    ingestion costs ${fmt(1000 / ingestRate)} ms a message = ~${fmt(1000 / ingestRate / queryMs)} round trips (batches of 25 per transaction)
  APPEND -> visible on the order under IDLE (${dovecotLatency.length} samples each):
    Dovecot:  p50 ${fmt(percentile(dovecotLatency, 50), 0)} ms  p95 ${fmt(percentile(dovecotLatency, 95), 0)} ms  (Dovecot batches IDLE notifications by 500 ms)
    sandbox:  p50 ${fmt(percentile(sandboxLatency, 50), 0)} ms  p95 ${fmt(percentile(sandboxLatency, 95), 0)} ms`)
} finally {
  await dovecot.stop()
  await sandboxImap.stop()
  await prisma.$disconnect()
  await db.drop()
}
