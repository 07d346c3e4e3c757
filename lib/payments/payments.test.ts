import { type Runner, run } from 'graphile-worker'
import Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startStripeTestbed } from '@/test/stripe-testbed'

// Real PostgreSQL, the Stripe sandbox, the official SDK, the real webhook route and the real job handlers.
// delayed payments settle only when a test says so (async/settle): no race with the worker under load
const tb = await startStripeTestbed({ asyncPaymentDelayMs: 600_000 })
const { prisma } = await import('@/lib/db')
const { countJobs, createProduct, customer, resetDb } = await import('@/test/db')
const { placeOrder } = await import('@/lib/orders/place-order')
const { startCheckout } = await import('./start-checkout')
const { reconcilePayments } = await import('./reconcile')
const { requestRefund } = await import('./refunds')
const { receiveWebhook } = await import('@/lib/intake/receive')
const receiveStripeWebhook = async (_db: unknown, payload: string, header: string | null) =>
  receiveWebhook(
    prisma,
    'stripe',
    new Request('http://127.0.0.1/api/webhooks/stripe', {
      method: 'POST',
      headers: header ? { 'stripe-signature': header } : {},
      body: payload,
    }),
  ) as Promise<{ status: number; body: { error?: string } }>
const { buildTaskList } = await import('@/lib/jobs/runner')
const { AppError } = await import('@/lib/errors')

const sdk = new Stripe('sk_test_sandbox', { ...hostOf(tb.url), maxNetworkRetries: 0 })
function hostOf(url: string) {
  const u = new URL(url)
  return { host: u.hostname, port: Number(u.port), protocol: 'http' as const }
}

type SandboxEvent = { id: string; type: string; objectId: string; delivered: boolean }
const events = async () => (await tb.control<{ data: SandboxEvent[] }>('events')).data

let runner: Runner | null = null
async function startWorker() {
  const all = buildTaskList(prisma)
  // payments' own tasks only: invoices and emails have their own tests
  const taskList = Object.fromEntries(
    Object.entries(all).filter(([name]) => ['process-inbound-event', 'create-refund'].includes(name)),
  )
  runner = await run({
    connectionString: process.env.DATABASE_URL!,
    concurrency: 4,
    noHandleSignals: true,
    pollInterval: 100,
    taskList,
  })
}

async function newOrder(totalUnits = 2) {
  const product = await createProduct({ priceGrossMinor: 2500, stock: 50 })
  const placed = await placeOrder(
    prisma,
    {
      lines: [{ productId: product.id, quantity: totalUnits }],
      customer: customer(),
      locale: 'pl',
      consent: true,
    },
    { unpaidTtlMinutes: 60 },
  )
  return placed
}

async function checkout(placed: { number: string; accessToken: string }) {
  await startCheckout(prisma, { orderNumber: placed.number, token: placed.accessToken })
  const payment = await prisma.payment.findFirstOrThrow({
    where: { order: { number: placed.number } },
    orderBy: { attempt: 'desc' },
  })
  return payment.providerCheckoutId!
}

const orderOf = (id: string) => prisma.order.findUniqueOrThrow({ where: { id } })
const openFlagMessages = async (orderId: string) =>
  (await prisma.orderFlag.findMany({ where: { orderId, clearedAt: null } })).map((f) => [f.code, f.message])
const statusOf = async (id: string) => (await orderOf(id)).status

beforeAll(startWorker)
afterAll(async () => {
  await runner?.stop()
  await tb.close()
})
beforeEach(async () => {
  await tb.control('reset', {})
  await resetDb()
})

describe('starting a checkout', () => {
  it('creates one session with the order lines, our idempotency key and the order id, and reuses it', async () => {
    const placed = await newOrder(2)
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        startCheckout(prisma, { orderNumber: placed.number, token: placed.accessToken }),
      ),
    )
    expect(new Set(results.map((r) => r.url)).size).toBe(1)
    const payments = await prisma.payment.findMany({ where: { orderId: placed.orderId } })
    expect(payments).toHaveLength(1)
    expect(payments[0]).toMatchObject({
      attempt: 1,
      status: 'OPEN',
      idempotencyKey: `order/${placed.orderId}/checkout/1`,
    })
    const sessions = await sdk.checkout.sessions.list({ limit: 100 })
    expect(sessions.data).toHaveLength(1)
    const s = sessions.data[0]!
    expect(s.amount_total).toBe(5000)
    expect(s.currency).toBe('pln')
    expect(s.metadata?.orderId).toBe(placed.orderId)
    const calls = await prisma.providerCall.findMany({
      where: { orderId: placed.orderId, operation: 'checkout.sessions.create' },
    })
    expect(calls.every((c) => c.idempotencyKey === `order/${placed.orderId}/checkout/1`)).toBe(true)
  })

  it('refuses without the order token and for orders not awaiting payment', async () => {
    const placed = await newOrder()
    await expect(startCheckout(prisma, { orderNumber: placed.number, token: 'nope' })).rejects.toThrow(
      /not valid/,
    )
    await prisma.order.update({ where: { id: placed.orderId }, data: { status: 'CANCELLED' } })
    await expect(
      startCheckout(prisma, { orderNumber: placed.number, token: placed.accessToken }),
    ).rejects.toThrow(/can no longer be paid/)
  })

  it('with the API failing (500s), retries with the same key, tells the customer clearly, and never opens a second session', async () => {
    const placed = await newOrder()
    await tb.control('faults', { mode: 'error', status: 500, count: 10, path: '/v1/checkout/sessions' })
    const err = await startCheckout(prisma, { orderNumber: placed.number, token: placed.accessToken }).catch(
      (e) => e,
    )
    expect(err).toBeInstanceOf(AppError)
    expect(err.message).toMatch(/not responding.*not be charged twice/)
    expect((await prisma.payment.findFirstOrThrow({ where: { orderId: placed.orderId } })).status).toBe(
      'CREATING',
    )
    await tb.control('faults', undefined, 'DELETE')
    await startCheckout(prisma, { orderNumber: placed.number, token: placed.accessToken })
    expect(await prisma.payment.count({ where: { orderId: placed.orderId } })).toBe(1)
    expect((await sdk.checkout.sessions.list({ limit: 100 })).data).toHaveLength(1)
  })

  it('after a timeout (the provider did create the session), a retry gets that same session back', async () => {
    const placed = await newOrder()
    // the sandbox answers only after the client gave up, but still creates the session
    await tb.control('faults', {
      mode: 'timeout',
      delayMs: 3000,
      count: 2,
      path: '/v1/checkout/sessions',
      after: 'respond',
    })
    await expect(
      startCheckout(prisma, { orderNumber: placed.number, token: placed.accessToken }),
    ).rejects.toThrow(/not responding/)
    await new Promise((r) => setTimeout(r, 3500))
    const { url } = await startCheckout(prisma, { orderNumber: placed.number, token: placed.accessToken })
    const sessions = (await sdk.checkout.sessions.list({ limit: 100 })).data
    expect(sessions).toHaveLength(1)
    expect(url).toBe(sessions[0]!.url)
  })
})

describe('webhooks', () => {
  it('a paid checkout makes the order paid only through the verified webhook, and queues the invoice', async () => {
    const placed = await newOrder()
    const sessionId = await checkout(placed)
    expect(await statusOf(placed.orderId)).toBe('PENDING_PAYMENT')
    await tb.control(`sessions/${sessionId}/pay`, { outcome: 'card_success' })
    await expect.poll(() => statusOf(placed.orderId), { timeout: 10_000 }).toBe('PAID')
    const order = await orderOf(placed.orderId)
    expect(order.paymentMethod).toBe('card')
    expect(order.paidAt).toBeInstanceOf(Date)
    expect(await countJobs('issue-invoice')).toBe(1)
    const stored = await prisma.webhookEvent.findFirstOrThrow({
      where: { type: 'checkout.session.completed' },
    })
    expect(stored).toMatchObject({ provider: 'stripe', orderId: placed.orderId })
    expect(JSON.stringify(stored.payload)).not.toContain('anna@example.com')
  })

  it('the same event delivered 5 times concurrently is stored and processed once', async () => {
    const placed = await newOrder()
    const sessionId = await checkout(placed)
    await tb.control('hold', { enabled: true })
    await tb.control(`sessions/${sessionId}/pay`, { outcome: 'card_success' })
    const completed = (await events()).find((e) => e.type === 'checkout.session.completed')!
    const { statuses } = await tb.control<{ statuses: number[] }>(`events/${completed.id}/redeliver`, {
      times: 5,
      concurrent: true,
    })
    expect(statuses).toEqual([200, 200, 200, 200, 200])
    await expect.poll(() => statusOf(placed.orderId), { timeout: 10_000 }).toBe('PAID')
    await expect.poll(() => countJobs('process-inbound-event'), { timeout: 10_000 }).toBe(0)
    const rows = await prisma.webhookEvent.findMany({
      where: { eventId: completed.id },
      include: { attempts: true },
    })
    expect(rows).toHaveLength(1)
    expect(rows[0]!.attempts).toHaveLength(1)
    const changes = await prisma.orderStatusChange.findMany({
      where: { orderId: placed.orderId, toStatus: 'PAID' },
    })
    expect(changes).toHaveLength(1)
    expect(await countJobs('issue-invoice')).toBe(1)
  })

  describe('refused deliveries change nothing and are recorded', () => {
    const body = (orderId: string) =>
      JSON.stringify({
        id: 'evt_forged',
        object: 'event',
        type: 'checkout.session.completed',
        data: { object: { id: 'cs_x', metadata: { orderId } } },
      })
    const sign = (payload: string, secret: string, timestamp?: number) =>
      sdk.webhooks.generateTestHeaderString({ payload, secret, timestamp })

    it.each([
      [
        'a forged signature',
        (p: string) => ({ payload: p, header: `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` }),
        /does not match/,
      ],
      ['the wrong secret', (p: string) => ({ payload: p, header: sign(p, 'whsec_wrong') }), /does not match/],
      [
        'a timestamp 10 minutes old',
        (p: string) => ({
          payload: p,
          header: sign(p, 'whsec_test_secret', Math.floor(Date.now() / 1000) - 600),
        }),
        /tolerance/,
      ],
      [
        'a timestamp 10 minutes in the future',
        (p: string) => ({
          payload: p,
          header: sign(p, 'whsec_test_secret', Math.floor(Date.now() / 1000) + 600),
        }),
        /in the future/,
      ],
      [
        'a body altered after signing',
        (p: string) => ({ payload: p.replace('cs_x', 'cs_y'), header: sign(p, 'whsec_test_secret') }),
        /does not match/,
      ],
      ['no signature header', (p: string) => ({ payload: p, header: null }), /missing/],
    ])('%s', async (_label, make, reason) => {
      const placed = await newOrder()
      const { payload, header } = make(body(placed.orderId))
      const answer = await receiveStripeWebhook(prisma, payload, header)
      expect(answer.status).toBe(400)
      expect(answer.body.error).toMatch(reason)
      const refused = await prisma.webhookEvent.findMany({ where: { status: 'REFUSED' } })
      expect(refused).toHaveLength(1)
      expect(refused[0]).toMatchObject({ eventId: null, orderId: null, type: 'checkout.session.completed' })
      expect(refused[0]!.refusalReason).toMatch(reason)
      expect(await countJobs('process-inbound-event')).toBe(0)
      expect(await statusOf(placed.orderId)).toBe('PENDING_PAYMENT')
    })
  })

  it('a session whose amount differs from the order is flagged for staff, not paid', async () => {
    const placed = await newOrder()
    const sessionId = await checkout(placed)
    // the order changed after the session was created (e.g. a manual correction): 50.00 charged, 50.01 due
    await prisma.order.update({ where: { id: placed.orderId }, data: { totalGrossMinor: 5001 } })
    await tb.control(`sessions/${sessionId}/pay`, { outcome: 'card_success' })
    await expect
      .poll(async () => (await orderOf(placed.orderId)).needsAttention, { timeout: 10_000 })
      .toBe(true)
    const order = await orderOf(placed.orderId)
    expect(order.status).toBe('PENDING_PAYMENT')
    expect(await openFlagMessages(placed.orderId)).toEqual([
      ['payment.amount_mismatch', expect.stringMatching(/5000 PLN.*5001 PLN.*not marked paid/)],
    ])
    expect(await countJobs('issue-invoice')).toBe(0)
  })

  it('an asynchronous payment goes processing, then paid', async () => {
    const placed = await newOrder()
    const sessionId = await checkout(placed)
    await tb.control('hold', { enabled: true })
    await tb.control(`sessions/${sessionId}/pay`, { outcome: 'async_success' })
    const completed = (await events()).find((e) => e.type === 'checkout.session.completed')!
    await tb.control('deliver', { ids: [completed.id] })
    await expect.poll(() => statusOf(placed.orderId), { timeout: 10_000 }).toBe('PAYMENT_PROCESSING')
    await tb.control('async/settle', {})
    await tb.control('hold', { enabled: false })
    await tb.control('release', {})
    await expect.poll(() => statusOf(placed.orderId), { timeout: 10_000 }).toBe('PAID')
  })

  it('a failed asynchronous payment returns the order to awaiting payment, and a new attempt can pay it', async () => {
    const placed = await newOrder()
    const sessionId = await checkout(placed)
    await tb.control(`sessions/${sessionId}/pay`, { outcome: 'async_failure' })
    await expect.poll(() => statusOf(placed.orderId), { timeout: 10_000 }).toBe('PAYMENT_PROCESSING')
    await tb.control('async/settle', {})
    await expect.poll(() => statusOf(placed.orderId), { timeout: 10_000 }).toBe('PENDING_PAYMENT')
    const second = await checkout(placed)
    expect(second).not.toBe(sessionId)
    await tb.control(`sessions/${second}/pay`, { outcome: 'card_success' })
    await expect.poll(() => statusOf(placed.orderId), { timeout: 10_000 }).toBe('PAID')
  })
})

describe('events late, twice and out of order', () => {
  it('completed (attempt 2) and expired (attempt 1) end paid in either order', async () => {
    for (const order of ['expired-last', 'expired-first'] as const) {
      await tb.control('reset', {})
      await resetDb()
      const placed = await newOrder()
      await tb.control('hold', { enabled: true })
      const first = await checkout(placed)
      await tb.control(`sessions/${first}/expire`, {})
      // the customer tries again: the expired attempt is synced from Stripe first, then attempt 2 starts
      const second = await checkout(placed)
      await tb.control(`sessions/${second}/pay`, { outcome: 'card_success' })
      const evs = await events()
      const expired = evs.find((e) => e.type === 'checkout.session.expired')!
      const completed = evs.find((e) => e.type === 'checkout.session.completed')!
      const ids = order === 'expired-last' ? [completed.id, expired.id] : [expired.id, completed.id]
      await tb.control('deliver', { ids })
      await expect.poll(() => statusOf(placed.orderId), { timeout: 10_000 }).toBe('PAID')
      await expect.poll(() => countJobs('process-inbound-event'), { timeout: 10_000 }).toBe(0)
      expect(await statusOf(placed.orderId)).toBe('PAID')
      await tb.control('hold', { enabled: false })
    }
  })

  it('a late expired never un-pays, and a replayed completed changes nothing', async () => {
    const placed = await newOrder()
    const sessionId = await checkout(placed)
    await tb.control(`sessions/${sessionId}/pay`, { outcome: 'card_success' })
    await expect.poll(() => statusOf(placed.orderId), { timeout: 10_000 }).toBe('PAID')
    const completed = (await events()).find((e) => e.type === 'checkout.session.completed')!
    const row = await prisma.webhookEvent.findFirstOrThrow({ where: { eventId: completed.id } })
    const { reprocessWebhookEvent } = await import('@/lib/webhooks/reprocess')
    await reprocessWebhookEvent(prisma, row.id)
    await expect
      .poll(async () => await prisma.eventProcessingAttempt.count({ where: { webhookEventId: row.id } }), {
        timeout: 10_000,
      })
      .toBe(2)
    expect(
      await prisma.orderStatusChange.count({ where: { orderId: placed.orderId, toStatus: 'PAID' } }),
    ).toBe(1)
    expect(await statusOf(placed.orderId)).toBe('PAID')
  })

  it('a refund event that arrives before checkout.session.completed still ends refunded', async () => {
    const placed = await newOrder()
    const sessionId = await checkout(placed)
    await tb.control('hold', { enabled: true })
    await tb.control(`sessions/${sessionId}/pay`, { outcome: 'card_success' })
    const session = await sdk.checkout.sessions.retrieve(sessionId)
    await sdk.refunds.create({ payment_intent: session.payment_intent as string })
    await tb.control('refunds/settle', {})
    const evs = await events()
    const refunded = evs.find((e) => e.type === 'charge.refunded')!
    const completed = evs.find((e) => e.type === 'checkout.session.completed')!
    await tb.control('deliver', { ids: [refunded.id, completed.id] })
    await expect.poll(() => statusOf(placed.orderId), { timeout: 10_000 }).toBe('REFUNDED')
    const order = await orderOf(placed.orderId)
    expect(order.refundedMinor).toBe(order.totalGrossMinor)
    const refund = await prisma.refund.findFirstOrThrow({ where: { orderId: placed.orderId } })
    expect(refund).toMatchObject({ status: 'SUCCEEDED', requestedBy: 'stripe', amountMinor: 5000 })
    expect(await countJobs('issue-corrective-invoice')).toBe(1)
  })
})

describe('reconciliation', () => {
  it('with webhooks dropped, makes the order paid and records what it fixed', async () => {
    const placed = await newOrder()
    const sessionId = await checkout(placed)
    await tb.control('hold', { enabled: true })
    await tb.control(`sessions/${sessionId}/pay`, { outcome: 'card_success' })
    await new Promise((r) => setTimeout(r, 300))
    expect(await statusOf(placed.orderId)).toBe('PENDING_PAYMENT')
    const result = await reconcilePayments(prisma, { olderThanMinutes: 0 })
    expect(await statusOf(placed.orderId)).toBe('PAID')
    expect(result.fixed).toEqual([
      expect.objectContaining({ orderId: placed.orderId, from: 'PENDING_PAYMENT', to: 'PAID' }),
    ])
    expect(result.recovered).toBeGreaterThan(0)
    const run = await prisma.reconciliationRun.findUniqueOrThrow({ where: { id: result.runId } })
    expect(run).toMatchObject({ fixedOrders: 1, checkedPayments: 1 })
    const recovered = await prisma.webhookEvent.findMany({ where: { source: 'reconciliation' } })
    expect(recovered.map((e) => e.type)).toContain('checkout.session.completed')
    // the recovered events are processed through the normal queue and change nothing more
    await expect.poll(() => countJobs('process-inbound-event'), { timeout: 10_000 }).toBe(0)
    expect(
      await prisma.orderStatusChange.count({ where: { orderId: placed.orderId, toStatus: 'PAID' } }),
    ).toBe(1)
    expect(
      await prisma.orderTimelineEntry.count({
        where: { orderId: placed.orderId, kind: 'reconciliation.fixed' },
      }),
    ).toBe(1)
  })
})

describe('refunds requested by staff', () => {
  it('refuses more than is left; a partial refund changes the order only when Stripe confirms it', async () => {
    const placed = await newOrder()
    const sessionId = await checkout(placed)
    await tb.control(`sessions/${sessionId}/pay`, { outcome: 'card_success' })
    await expect.poll(() => statusOf(placed.orderId), { timeout: 10_000 }).toBe('PAID')
    await expect(
      requestRefund(prisma, { orderId: placed.orderId, amountMinor: 5001, reason: 'too much' }, 'staff:x'),
    ).rejects.toThrow(/At most PLN\s50\.00 is left to refund/)
    const refund = await requestRefund(
      prisma,
      { orderId: placed.orderId, amountMinor: 1200, reason: 'damaged mug' },
      'staff:x',
    )
    expect(refund.idempotencyKey).toBe(`order/${placed.orderId}/refund/1`)
    await expect(
      requestRefund(prisma, { orderId: placed.orderId, amountMinor: 3801, reason: 'second' }, 'staff:x'),
    ).rejects.toThrow(/At most PLN\s38\.00 is left to refund/)
    await expect.poll(() => statusOf(placed.orderId), { timeout: 10_000 }).toBe('PARTIALLY_REFUNDED')
    const order = await orderOf(placed.orderId)
    expect(order.refundedMinor).toBe(1200)
    const stored = await prisma.refund.findUniqueOrThrow({ where: { id: refund.id } })
    expect(stored.status).toBe('SUCCEEDED')
    expect(stored.providerRefundId).toMatch(/^re_/)
    const call = await prisma.providerCall.findFirstOrThrow({ where: { operation: 'refunds.create' } })
    expect(call.idempotencyKey).toBe(refund.idempotencyKey)
    expect(await countJobs('issue-corrective-invoice')).toBe(1)
  })

  it('refunds whole units: the amount follows from the lines, units are capped, and amount refunds end unit refunds', async () => {
    const placed = await newOrder(3)
    const sessionId = await checkout(placed)
    await tb.control(`sessions/${sessionId}/pay`, { outcome: 'card_success' })
    await expect.poll(() => statusOf(placed.orderId), { timeout: 10_000 }).toBe('PAID')
    await expect(
      requestRefund(
        prisma,
        { orderId: placed.orderId, lines: [{ position: 1, quantity: 4 }], reason: 'too many' },
        'staff:x',
      ),
    ).rejects.toThrow(/at most 3 unit\(s\) left/)
    const byUnits = await requestRefund(
      prisma,
      { orderId: placed.orderId, lines: [{ position: 1, quantity: 2 }], reason: 'two cracked' },
      'staff:x',
    )
    expect(byUnits.amountMinor).toBe(5000)
    expect(byUnits.lines).toEqual([{ position: 1, quantity: 2 }])
    await expect(
      requestRefund(
        prisma,
        { orderId: placed.orderId, lines: [{ position: 1, quantity: 2 }], reason: 'again' },
        'staff:x',
      ),
    ).rejects.toThrow(/at most 1 unit\(s\) left/)
    await expect.poll(() => statusOf(placed.orderId), { timeout: 10_000 }).toBe('PARTIALLY_REFUNDED')
    expect((await orderOf(placed.orderId)).refundedMinor).toBe(5000)
    await requestRefund(prisma, { orderId: placed.orderId, amountMinor: 100, reason: 'goodwill' }, 'staff:x')
    await expect(
      requestRefund(
        prisma,
        { orderId: placed.orderId, lines: [{ position: 1, quantity: 1 }], reason: 'last' },
        'staff:x',
      ),
    ).rejects.toThrow(/already refunded by amount/)
  })

  it('a dispute flags the order for staff', async () => {
    const placed = await newOrder()
    const sessionId = await checkout(placed)
    await tb.control(`sessions/${sessionId}/pay`, { outcome: 'card_success' })
    await expect.poll(() => statusOf(placed.orderId), { timeout: 10_000 }).toBe('PAID')
    const charge = (await prisma.payment.findFirstOrThrow({ where: { orderId: placed.orderId } }))
      .providerChargeId!
    await tb.control(`charges/${charge}/dispute`, { reason: 'fraudulent' })
    await expect
      .poll(async () => (await orderOf(placed.orderId)).needsAttention, { timeout: 10_000 })
      .toBe(true)
    expect(await openFlagMessages(placed.orderId)).toEqual([
      ['payment.dispute', expect.stringMatching(/Dispute .* fraudulent/)],
    ])
  })
})
