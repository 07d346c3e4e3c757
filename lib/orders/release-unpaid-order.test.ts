import { beforeEach, describe, expect, it } from 'vitest'
import { prisma } from '@/lib/db'
import { createProduct, customer, resetDb } from '@/test/db'
import { cancelOrder } from './cancel-order'
import { placeOrder } from './place-order'
import { findOverdueUnpaidOrders, releaseUnpaidOrder } from './release-unpaid-order'
import { transitionOrder } from './transition'

const TTL = 30

async function setup(stock = 5, quantity = 2) {
  const product = await createProduct({ stock })
  const placed = await placeOrder(
    prisma,
    { lines: [{ productId: product.id, quantity }], customer: customer(), locale: 'pl', consent: true },
    { unpaidTtlMinutes: TTL },
  )
  const stockOf = async () => (await prisma.product.findUniqueOrThrow({ where: { id: product.id } })).stock
  return { product, placed, stockOf }
}

const later = (min: number) => new Date(Date.now() + min * 60_000)

describe('releasing unpaid orders', () => {
  beforeEach(resetDb)

  it('does nothing before the TTL', async () => {
    const { placed, stockOf } = await setup()
    expect(await releaseUnpaidOrder(prisma, placed.orderId, { ttlMinutes: TTL, now: later(TTL - 1) })).toBe(
      'not-due',
    )
    expect(await stockOf()).toBe(3)
  })

  it('cancels after the TTL and returns the stock exactly once, even when run twice or concurrently', async () => {
    const { placed, stockOf } = await setup()
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        releaseUnpaidOrder(prisma, placed.orderId, { ttlMinutes: TTL, now: later(TTL + 1) }),
      ),
    )
    expect(results.filter((r) => r === 'released')).toHaveLength(1)
    expect(await stockOf()).toBe(5)
    const order = await prisma.order.findUniqueOrThrow({
      where: { id: placed.orderId },
      include: { statusChanges: true },
    })
    expect(order.status).toBe('CANCELLED')
    expect(order.statusChanges.map((c) => c.toStatus)).toEqual(['PENDING_PAYMENT', 'CANCELLED'])
  })

  it('never touches a paid order', async () => {
    const { placed, stockOf } = await setup()
    await prisma.$transaction((tx) =>
      transitionOrder(tx, placed.orderId, 'PAID', { reason: 't', actor: 'test' }),
    )
    expect(await releaseUnpaidOrder(prisma, placed.orderId, { ttlMinutes: TTL, now: later(TTL * 10) })).toBe(
      'not-awaiting-payment',
    )
    expect(await stockOf()).toBe(3)
    expect(await findOverdueUnpaidOrders(prisma, TTL, later(TTL * 10))).toEqual([])
  })

  it('counts from the moment a failed asynchronous payment sent the order back, not from its creation', async () => {
    const { placed, stockOf } = await setup()
    // placed long ago...
    const longAgo = later(-TTL * 3)
    await prisma.order.update({ where: { id: placed.orderId }, data: { createdAt: longAgo } })
    await prisma.orderStatusChange.updateMany({
      where: { orderId: placed.orderId },
      data: { createdAt: longAgo },
    })
    // ...its bank transfer failed just now and sent it back to awaiting payment
    await prisma.$transaction(async (tx) => {
      await transitionOrder(tx, placed.orderId, 'PAYMENT_PROCESSING', { reason: 't', actor: 'test' })
      await transitionOrder(tx, placed.orderId, 'PENDING_PAYMENT', { reason: 'async failed', actor: 'test' })
    })
    expect(await releaseUnpaidOrder(prisma, placed.orderId, { ttlMinutes: TTL, now: later(TTL - 1) })).toBe(
      'not-due',
    )
    expect(await findOverdueUnpaidOrders(prisma, TTL, later(TTL - 1))).toEqual([])
    expect(await releaseUnpaidOrder(prisma, placed.orderId, { ttlMinutes: TTL, now: later(TTL + 1) })).toBe(
      'released',
    )
    expect(await stockOf()).toBe(5)
  })

  it('lists overdue unpaid orders for the sweep', async () => {
    const { placed } = await setup()
    expect(await findOverdueUnpaidOrders(prisma, TTL, later(TTL + 1))).toEqual([placed.orderId])
  })

  it('lets staff cancel an unpaid order (stock back) but not a paid one', async () => {
    const { placed, stockOf } = await setup()
    await cancelOrder(prisma, placed.orderId, { actor: 'staff:x' })
    expect(await stockOf()).toBe(5)
    const other = await setup(5, 1)
    await prisma.$transaction((tx) =>
      transitionOrder(tx, other.placed.orderId, 'PAID', { reason: 't', actor: 'test' }),
    )
    await expect(cancelOrder(prisma, other.placed.orderId, { actor: 'staff:x' })).rejects.toThrow(/refund/)
  })
})
