import { type Runner, run } from 'graphile-worker'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { drivers, startPaymentsTestbed } from '@/test/payments-testbed'

// The duplicate, reordering and concurrency guarantees, run against BOTH providers through the payment-provider
// interface: real PostgreSQL, the sandbox's Stripe and PayU emulators, the real route, intake and job handlers.
const tb = await startPaymentsTestbed()
const { prisma } = await import('@/lib/db')
const { createProduct, customer, resetDb } = await import('@/test/db')
const { placeOrder } = await import('@/lib/orders/place-order')
const { startCheckout } = await import('./start-checkout')
const { syncPayment } = await import('./sync-payment')
const { buildTaskList } = await import('@/lib/jobs/runner')

let runner: Runner | null = null
beforeAll(async () => {
  const all = buildTaskList(prisma)
  runner = await run({
    connectionString: process.env.DATABASE_URL!,
    concurrency: 4,
    noHandleSignals: true,
    pollInterval: 100,
    taskList: Object.fromEntries(Object.entries(all).filter(([n]) => n === 'process-inbound-event')),
  })
})
afterAll(async () => {
  await runner?.stop()
  await tb.close()
})
beforeEach(async () => {
  await tb.control('stripe', 'reset', {})
  await tb.control('payu', 'reset', {})
  await resetDb()
})

async function newOrder() {
  const product = await createProduct({ priceGrossMinor: 2500, stock: 50 })
  return placeOrder(
    prisma,
    { lines: [{ productId: product.id, quantity: 2 }], customer: customer(), locale: 'pl', consent: true },
    { unpaidTtlMinutes: 60 },
  )
}

const statusOf = async (id: string) => (await prisma.order.findUniqueOrThrow({ where: { id } })).status
const paidFacts = async (orderId: string) => ({
  paidEvents: await prisma.lifecycleEvent.count({ where: { orderId, name: 'order.paid' } }),
  toPaid: await prisma.orderStatusChange.count({ where: { orderId, toStatus: 'PAID' } }),
})

describe.each(drivers(tb))('$provider ($method)', (d) => {
  async function checkout(placed: { number: string; accessToken: string }) {
    const { url } = await startCheckout(prisma, {
      orderNumber: placed.number,
      token: placed.accessToken,
      method: d.method,
    })
    const p = await prisma.payment.findFirstOrThrow({
      where: { order: { number: placed.number } },
      orderBy: { attempt: 'desc' },
    })
    expect(p).toMatchObject({ provider: d.provider, method: d.method, status: 'OPEN', checkoutUrl: url })
    return p.providerCheckoutId!
  }

  it('a paid checkout turns the order paid through the verified notification, once', async () => {
    const placed = await newOrder()
    const id = await checkout(placed)
    await d.pay(id)
    await expect.poll(() => statusOf(placed.orderId), { timeout: 15_000 }).toBe('PAID')
    expect(await paidFacts(placed.orderId)).toEqual({ paidEvents: 1, toPaid: 1 })
    const o = await prisma.order.findUniqueOrThrow({ where: { id: placed.orderId } })
    expect(o.paymentMethod).toBe(d.method)
  })

  it('the paid notification delivered 5 times at once is stored and applied once', async () => {
    const placed = await newOrder()
    const id = await checkout(placed)
    await d.hold(true)
    await d.pay(id)
    const ids = await d.notificationIds(id)
    const last = ids[ids.length - 1]!
    const statuses = await d.redeliver(last, 5)
    expect(statuses).toEqual([200, 200, 200, 200, 200])
    await expect.poll(() => statusOf(placed.orderId), { timeout: 15_000 }).toBe('PAID')
    const stored = await prisma.webhookEvent.findMany({
      where: { provider: d.provider, status: { not: 'REFUSED' } },
    })
    expect(stored).toHaveLength(1)
    await expect
      .poll(
        async () => (await prisma.webhookEvent.findFirstOrThrow({ where: { id: stored[0]!.id } })).status,
        {
          timeout: 15_000,
        },
      )
      .toBe('PROCESSED')
    expect(await paidFacts(placed.orderId)).toEqual({ paidEvents: 1, toPaid: 1 })
  })

  it('notifications delivered newest first still end paid, and a late earlier state never downgrades it', async () => {
    const placed = await newOrder()
    const id = await checkout(placed)
    await d.hold(true)
    await d.pay(id)
    const ids = await d.notificationIds(id)
    expect(ids.length).toBeGreaterThanOrEqual(1)
    expect(await d.deliverInOrder([...ids].reverse())).toEqual(ids.map(() => 200))
    await expect.poll(() => statusOf(placed.orderId), { timeout: 15_000 }).toBe('PAID')
    // every notification processed (the older ones after the newer), and still paid
    await expect
      .poll(() => prisma.webhookEvent.count({ where: { provider: d.provider, status: 'RECEIVED' } }), {
        timeout: 15_000,
      })
      .toBe(0)
    expect(await statusOf(placed.orderId)).toBe('PAID')
    const p = await prisma.payment.findFirstOrThrow({ where: { orderId: placed.orderId } })
    expect(p.status).toBe('COMPLETED')
    expect(await paidFacts(placed.orderId)).toEqual({ paidEvents: 1, toPaid: 1 })
  })

  it('the return page, reconciliation and the notification applying the same payment at once pay it once', async () => {
    const placed = await newOrder()
    const id = await checkout(placed)
    await d.hold(true)
    await d.pay(id)
    const ids = await d.notificationIds(id)
    await Promise.all([
      ...Array.from({ length: 4 }, (_, i) =>
        syncPayment(prisma, d.provider, id, i % 2 ? 'customer-return' : 'reconciliation'),
      ),
      d.deliverInOrder(ids),
    ])
    await expect.poll(() => statusOf(placed.orderId), { timeout: 15_000 }).toBe('PAID')
    expect(await paidFacts(placed.orderId)).toEqual({ paidEvents: 1, toPaid: 1 })
  })
})
