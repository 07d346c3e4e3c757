import { createHash } from 'node:crypto'
import { type Runner, run } from 'graphile-worker'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { PAYU_TEST_POS, startPaymentsTestbed } from '@/test/payments-testbed'

// PayU end to end on the app side: the real client against the sandbox's PayU emulator, real PostgreSQL, the real
// route, intake and job handlers. Forged notifications are made here with node:crypto, not by the app's code.
const tb = await startPaymentsTestbed()
const { prisma } = await import('@/lib/db')
const { countJobs, createProduct, customer, resetDb } = await import('@/test/db')
const { placeOrder } = await import('@/lib/orders/place-order')
const { startCheckout } = await import('./start-checkout')
const { requestRefund } = await import('./refunds')
const { reconcilePayments } = await import('./reconcile')
const { buildTaskList } = await import('@/lib/jobs/runner')
const { receiveWebhook } = await import('@/lib/intake/receive')
const { resetPayuToken } = await import('@/lib/integrations/payu')
const { syncPayment } = await import('./sync-payment')

type Note = { id: string; kind: string; status: string; orderId: string; rawBody: string; delivered: boolean }
type PayuOrder = { orderId: string; extOrderId: string; status: string }
const payuOrder = async (id: string | null) =>
  (await tb.control<{ order: PayuOrder }>('payu', `orders/${id}`)).order
const payuOrdersOf = async (extOrderId: string) =>
  (await tb.control<{ data: { order: PayuOrder }[] }>('payu', `orders?extOrderId=${extOrderId}`)).data.map(
    (o) => o.order,
  )

let runner: Runner | null = null
beforeAll(async () => {
  const all = buildTaskList(prisma)
  const tasks = ['process-inbound-event', 'create-refund', 'refund-double-payment']
  runner = await run({
    connectionString: process.env.DATABASE_URL!,
    concurrency: 4,
    noHandleSignals: true,
    pollInterval: 100,
    taskList: Object.fromEntries(Object.entries(all).filter(([n]) => tasks.includes(n))),
  })
})
afterAll(async () => {
  await runner?.stop()
  await tb.close()
})
beforeEach(async () => {
  await tb.control('payu', 'reset', {})
  await tb.control('stripe', 'reset', {})
  resetPayuToken()
  await resetDb()
})

async function newOrder(units = 2) {
  const product = await createProduct({ priceGrossMinor: 2500, stock: 50 })
  return placeOrder(
    prisma,
    {
      lines: [{ productId: product.id, quantity: units }],
      customer: customer(),
      locale: 'pl',
      consent: true,
    },
    { unpaidTtlMinutes: 60 },
  )
}
const pay = (placed: { number: string; accessToken: string }, method: 'blik' | 'bank_transfer' = 'blik') =>
  startCheckout(prisma, { orderNumber: placed.number, token: placed.accessToken, method })
const attempts = (orderId: string) =>
  prisma.payment.findMany({ where: { orderId }, orderBy: { attempt: 'asc' } })
const statusOf = async (id: string) => (await prisma.order.findUniqueOrThrow({ where: { id } })).status
const notes = async (orderId: string) =>
  (await tb.control<{ data: Note[] }>('payu', `notifications?orderId=${orderId}`)).data
const calls = (operation: string) =>
  prisma.providerCall.findMany({ where: { provider: 'payu', operation }, orderBy: { createdAt: 'asc' } })
const openFlags = async (orderId: string) =>
  (await prisma.orderFlag.findMany({ where: { orderId, clearedAt: null } })).map((f) => f.code)

describe('starting a PayU payment', () => {
  it('creates the PayU order (302 with a JSON body, not followed) and sends the customer to its pay page', async () => {
    const placed = await newOrder()
    const { url } = await pay(placed)
    const [p] = await attempts(placed.orderId)
    expect(p).toMatchObject({ provider: 'payu', method: 'blik', status: 'OPEN', checkoutUrl: url })
    expect(url).toMatch(new RegExp(`^${tb.url}/payu/pay/`))
    const [create] = await calls('orders.create')
    expect(create).toMatchObject({ httpStatus: 302, isOk: true, idempotencyKey: `${placed.number}-1` })
    const order = await payuOrder(p!.providerCheckoutId)
    expect(order).toMatchObject({ extOrderId: `${placed.number}-1`, status: 'NEW' })
    // a second click reuses the open attempt: one PayU order
    expect((await pay(placed)).url).toBe(url)
    expect(await calls('orders.create')).toHaveLength(1)
  })

  it('an expired token mid-flow is refreshed once (401, new token, the call succeeds)', async () => {
    const placed = await newOrder()
    await pay(placed)
    expect(await calls('oauth.authorize')).toHaveLength(1)
    await tb.control('payu', 'tokens/expire', {})
    const [p] = await attempts(placed.orderId)
    await tb.control('payu', `orders/${p!.providerCheckoutId}/pay`, { method: 'blik', outcome: 'success' })
    await expect.poll(() => statusOf(placed.orderId), { timeout: 15_000 }).toBe('PAID')
    const retrieves = await calls('orders.retrieve')
    expect(retrieves[0]).toMatchObject({ httpStatus: 401, isOk: false })
    expect(retrieves.some((c) => c.httpStatus === 200)).toBe(true)
    expect(await calls('oauth.authorize')).toHaveLength(2)
  })

  it('a create whose answer was lost: the retry meets ERROR_ORDER_NOT_UNIQUE, closes that attempt, and the next one uses HL-…-2', async () => {
    const placed = await newOrder()
    await tb.control('payu', 'faults', {
      mode: 'timeout',
      delayMs: 2500,
      path: '/api/v2_1/orders',
      method: 'POST',
    })
    await expect(pay(placed)).rejects.toThrow(/not responding/)
    // the late create went through at PayU
    await expect
      .poll(
        async () =>
          (await tb.control<{ data: PayuOrder[] }>('payu', `orders?extOrderId=${placed.number}-1`)).data
            .length,
        {
          timeout: 10_000,
        },
      )
      .toBe(1)
    await expect(pay(placed)).rejects.toThrow(/could not start the payment/)
    const [first] = await attempts(placed.orderId)
    expect(first).toMatchObject({ attempt: 1, status: 'FAILED' })
    expect(first!.lastError).toMatch(/exists/)
    const lost = (await payuOrdersOf(`${placed.number}-1`))[0]!
    expect(lost.status).toBe('CANCELED')
    const { url } = await pay(placed)
    const all = await attempts(placed.orderId)
    expect(all.map((a) => [a.attempt, a.status])).toEqual([
      [1, 'FAILED'],
      [2, 'OPEN'],
    ])
    const second = await payuOrder(all[1]!.providerCheckoutId)
    expect(second.extOrderId).toBe(`${placed.number}-2`)
    expect(url).toContain(second.orderId)
    const creates = await calls('orders.create')
    expect(creates.map((c) => [c.idempotencyKey, c.httpStatus])).toEqual([
      [`${placed.number}-1`, null],
      [`${placed.number}-1`, 400],
      [`${placed.number}-2`, 302],
    ])
  })
})

describe('PayU notifications', () => {
  async function paidOrder() {
    const placed = await newOrder()
    await pay(placed)
    const [p] = await attempts(placed.orderId)
    await tb.control('payu', `orders/${p!.providerCheckoutId}/pay`, { method: 'blik', outcome: 'success' })
    await expect.poll(() => statusOf(placed.orderId), { timeout: 15_000 }).toBe('PAID')
    return { placed, payuOrderId: p!.providerCheckoutId! }
  }
  const sign = (body: string, key: string, alg: 'md5' | 'sha256') =>
    createHash(alg)
      .update(body + key)
      .digest('hex')
  const header = (sig: string, alg = 'MD5') =>
    `sender=checkout;signature=${sig};algorithm=${alg};content=DOCUMENT`
  const deliver = (body: string, signature: string | null) =>
    receiveWebhook(
      prisma,
      'payu',
      new Request('http://127.0.0.1/api/webhooks/payu', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(signature ? { 'openpayu-signature': signature } : {}),
        },
        body,
      }),
    )

  it('forged notifications are refused with 400, recorded, and change nothing', async () => {
    // order A is paid; order B awaits payment and is the target
    const a = await paidOrder()
    const b = await newOrder()
    await pay(b)
    const [pb] = await attempts(b.orderId)
    const realA = (await notes(a.payuOrderId)).find((n) => n.status === 'COMPLETED')!
    const forgedB = realA.rawBody.replaceAll(a.payuOrderId, pb!.providerCheckoutId!)
    const key = PAYU_TEST_POS.secondKey
    const cases: [string, string, string | null, RegExp][] = [
      ['unsigned', forgedB, null, /missing OpenPayu-Signature/],
      ['wrong second key', forgedB, header(sign(forgedB, 'not-the-second-key', 'md5')), /does not match/],
      ['wrong algorithm', forgedB, header(sign(forgedB, key, 'md5'), 'SHA-256'), /does not match/],
      [
        'unknown algorithm',
        forgedB,
        header(sign(forgedB, key, 'md5'), 'CRC32'),
        /unknown signature algorithm/,
      ],
      ['altered body', forgedB, header(sign(realA.rawBody, key, 'md5')), /does not match/],
    ]
    for (const [label, body, sig, reason] of cases) {
      const answer = await deliver(body, sig)
      expect([label, answer.status]).toEqual([label, 400])
      expect((answer.body as { error: string }).error).toMatch(reason)
    }
    // a valid signature, over another order's notification: it is authentic, but it is about order A
    const replay = await deliver(realA.rawBody, header(sign(realA.rawBody, key, 'md5')))
    expect(replay.status).toBe(200)
    expect(replay.body).toMatchObject({ duplicate: true })
    expect(await statusOf(b.orderId)).toBe('PENDING_PAYMENT')
    const refused = await prisma.webhookRefusalCount.findMany({ where: { provider: 'payu' } })
    expect(refused.reduce((s, r) => s + r.count, 0)).toBe(5)
  })

  it('a notification that arrives before the customer returns pays the order; the return adds nothing', async () => {
    const { placed, payuOrderId } = await paidOrder()
    // the customer's return asks PayU through the same code path, and finds nothing to do
    const again = await syncPayment(prisma, 'payu', payuOrderId, 'customer-return')
    expect(again).toMatchObject({ outcome: 'processed', detail: 'order already PAID; nothing to change' })
    expect(
      await prisma.lifecycleEvent.count({ where: { orderId: placed.orderId, name: 'order.paid' } }),
    ).toBe(1)
    expect(
      await prisma.orderStatusChange.count({ where: { orderId: placed.orderId, toStatus: 'PAID' } }),
    ).toBe(1)
  })

  it('with notifications held, the return page asks PayU through the same code path and pays the order', async () => {
    const placed = await newOrder()
    await pay(placed)
    const [p] = await attempts(placed.orderId)
    await tb.control('payu', 'hold', { enabled: true })
    await tb.control('payu', `orders/${p!.providerCheckoutId}/pay`, { method: 'blik', outcome: 'success' })
    expect(await statusOf(placed.orderId)).toBe('PENDING_PAYMENT')
    await syncPayment(prisma, 'payu', p!.providerCheckoutId!, 'customer-return')
    expect(await statusOf(placed.orderId)).toBe('PAID')
    // the held notifications arrive later and change nothing
    await tb.control('payu', 'release', {})
    await expect
      .poll(() => prisma.webhookEvent.count({ where: { provider: 'payu', status: 'PROCESSED' } }), {
        timeout: 15_000,
      })
      .toBe(2)
    expect(
      await prisma.orderStatusChange.count({ where: { orderId: placed.orderId, toStatus: 'PAID' } }),
    ).toBe(1)
  })

  it('a failed BLIK code leaves the order payable; the next attempt is a new PayU order', async () => {
    const placed = await newOrder()
    await pay(placed)
    const [p] = await attempts(placed.orderId)
    await tb.control('payu', `orders/${p!.providerCheckoutId}/pay`, { method: 'blik', outcome: 'failure' })
    await expect
      .poll(async () => (await attempts(placed.orderId))[0]!.status, { timeout: 15_000 })
      .toBe('EXPIRED')
    expect(await statusOf(placed.orderId)).toBe('PENDING_PAYMENT')
    await pay(placed)
    const all = await attempts(placed.orderId)
    expect(all).toHaveLength(2)
    expect((await payuOrder(all[1]!.providerCheckoutId)).extOrderId).toBe(`${placed.number}-2`)
  })

  it('WAITING_FOR_CONFIRMATION is captured when it pays the order', async () => {
    await tb.control('payu', 'config', { autoReceive: false })
    const placed = await newOrder()
    await pay(placed)
    const [p] = await attempts(placed.orderId)
    await tb.control('payu', `orders/${p!.providerCheckoutId}/pay`, { method: 'blik', outcome: 'success' })
    await expect.poll(() => statusOf(placed.orderId), { timeout: 15_000 }).toBe('PAID')
    expect((await payuOrder(p!.providerCheckoutId)).status).toBe('COMPLETED')
    // duplicate notifications may both try; PayU captures once
    expect((await calls('orders.capture')).filter((c) => c.isOk)).toHaveLength(1)
  })
})

describe('double payment', () => {
  it('a second COMPLETED PayU order for a paid order is flagged and refunded in full, once; the order keeps its payment', async () => {
    const placed = await newOrder()
    await pay(placed)
    const [p] = await attempts(placed.orderId)
    await tb.control('payu', `orders/${p!.providerCheckoutId}/pay`, { method: 'blik', outcome: 'success' })
    await expect.poll(() => statusOf(placed.orderId), { timeout: 15_000 }).toBe('PAID')
    const second = (
      await tb.control<{ order: PayuOrder }>('payu', `orders/${p!.providerCheckoutId}/second-payment`, {})
    ).order
    expect(second.extOrderId).toBe(`${placed.number}-2`)
    await expect
      .poll(
        async () =>
          (await prisma.refund.findMany({ where: { orderId: placed.orderId } })).map((r) => r.status),
        {
          timeout: 20_000,
        },
      )
      .toEqual(['SUCCEEDED'])
    const [refund] = await prisma.refund.findMany({
      where: { orderId: placed.orderId },
      include: { payment: true },
    })
    expect(refund).toMatchObject({ purpose: 'DUPLICATE_PAYMENT', amountMinor: 5000, requestedBy: 'system' })
    expect(refund!.payment).toMatchObject({
      providerCheckoutId: second.orderId,
      isDuplicate: true,
      status: 'COMPLETED',
    })
    const order = await prisma.order.findUniqueOrThrow({ where: { id: placed.orderId } })
    expect([order.status, order.refundedMinor]).toEqual(['PAID', 0])
    expect(await openFlags(placed.orderId)).toEqual(['payment.double'])
    // no corrective invoice for money the order never kept
    expect(
      await prisma.lifecycleEvent.count({ where: { orderId: placed.orderId, name: 'refund.confirmed' } }),
    ).toBe(0)
  })

  it('with automatic refunds turned off, the double payment is only flagged', async () => {
    await prisma.shopSettings.upsert({
      where: { id: 1 },
      create: {
        sellerName: 'Hookline',
        sellerNip: '5260250274',
        sellerAddress: { line1: 'x', postalCode: '00-001', city: 'Warszawa', country: 'PL' },
        autoRefundDoublePayments: false,
      },
      update: { autoRefundDoublePayments: false },
    })
    const placed = await newOrder()
    await pay(placed)
    const [p] = await attempts(placed.orderId)
    await tb.control('payu', `orders/${p!.providerCheckoutId}/pay`, { method: 'blik', outcome: 'success' })
    await expect.poll(() => statusOf(placed.orderId), { timeout: 15_000 }).toBe('PAID')
    await tb.control('payu', `orders/${p!.providerCheckoutId}/second-payment`, {})
    await expect.poll(() => openFlags(placed.orderId), { timeout: 15_000 }).toEqual(['payment.double'])
    // the subscriber ran (its job is gone) and chose not to refund
    await expect.poll(() => countJobs('refund-double-payment'), { timeout: 15_000 }).toBe(0)
    expect(await prisma.refund.count()).toBe(0)
  })
})

describe('PayU refunds and reconciliation', () => {
  it('staff refund one unit through the same refund form; confirmed by PayU, it gets its corrective invoice', async () => {
    const placed = await newOrder(2)
    await pay(placed)
    const [p] = await attempts(placed.orderId)
    await tb.control('payu', `orders/${p!.providerCheckoutId}/pay`, { method: 'blik', outcome: 'success' })
    await expect.poll(() => statusOf(placed.orderId), { timeout: 15_000 }).toBe('PAID')
    const refund = await requestRefund(
      prisma,
      { orderId: placed.orderId, lines: [{ position: 1, quantity: 1 }], reason: 'one unit came back' },
      'staff:test',
    )
    await expect.poll(() => statusOf(placed.orderId), { timeout: 20_000 }).toBe('PARTIALLY_REFUNDED')
    const after = await prisma.refund.findUniqueOrThrow({ where: { id: refund.id } })
    expect(after).toMatchObject({ status: 'SUCCEEDED', amountMinor: 2500, purpose: 'ORDER' })
    const [payuRefund] = (
      await tb.control<{ data: { refundId: string; extRefundId: string }[] }>('payu', 'refunds')
    ).data
    expect(payuRefund).toMatchObject({ refundId: after.providerRefundId, extRefundId: refund.id })
    expect(
      (
        await prisma.lifecycleEvent.findMany({ where: { orderId: placed.orderId, name: 'refund.confirmed' } })
      ).map((e) => e.key),
    ).toEqual([`refund.confirmed/refund/${refund.id}`])
    expect((await prisma.order.findUniqueOrThrow({ where: { id: placed.orderId } })).refundedMinor).toBe(2500)
  })

  it('reconciliation polls open PayU orders and pays the one whose notifications were lost', async () => {
    const placed = await newOrder()
    await pay(placed, 'bank_transfer')
    const [p] = await attempts(placed.orderId)
    await tb.control('payu', 'hold', { enabled: true })
    await tb.control('payu', `orders/${p!.providerCheckoutId}/pay`, { method: 'pbl', outcome: 'success' })
    expect(await statusOf(placed.orderId)).toBe('PENDING_PAYMENT')
    const r = await reconcilePayments(prisma, { olderThanMinutes: 0, now: new Date(Date.now() + 1000) })
    expect(r.fixed).toEqual([
      expect.objectContaining({ orderId: placed.orderId, from: 'PENDING_PAYMENT', to: 'PAID' }),
    ])
    const o = await prisma.order.findUniqueOrThrow({ where: { id: placed.orderId } })
    expect(o.paymentMethod).toBe('bank_transfer')
  })
})
