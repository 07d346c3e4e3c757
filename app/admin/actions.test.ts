import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createProduct, customer, resetDb } from '@/test/db'

// The real server actions, called the way Next calls them; only the session lookup is replaced.
const session = vi.hoisted(() => ({
  current: null as null | { userId: string; email: string; role: string },
}))
vi.mock('@/lib/auth', () => ({ getActor: async () => session.current }))
vi.mock('next/cache', () => ({ revalidatePath: () => {} }))

const { cancelOrderAction, retryJobAction } = await import('./actions')
const { prisma } = await import('@/lib/db')
const { placeOrder } = await import('@/lib/orders/place-order')

const form = (data: Record<string, string>) => {
  const f = new FormData()
  for (const [k, v] of Object.entries(data)) f.set(k, v)
  return f
}

async function unpaidOrder() {
  const p = await createProduct({ stock: 3 })
  return placeOrder(
    prisma,
    { lines: [{ productId: p.id, quantity: 1 }], customer: customer(), locale: 'pl', consent: true },
    { unpaidTtlMinutes: 60 },
  )
}

describe('admin actions refuse anyone who is not staff', () => {
  beforeEach(resetDb)

  it.each([
    ['an anonymous visitor', null, 'Please sign in.'],
    [
      'a signed-in customer',
      { userId: crypto.randomUUID(), email: 'c@example.com', role: 'CUSTOMER' },
      'You are not allowed to do this.',
    ],
  ])('%s cannot cancel an order', async (_who, actor, message) => {
    session.current = actor
    const placed = await unpaidOrder()
    const result = await cancelOrderAction(null, form({ orderId: placed.orderId }))
    expect(result).toMatchObject({ ok: false, message })
    expect((await prisma.order.findUniqueOrThrow({ where: { id: placed.orderId } })).status).toBe(
      'PENDING_PAYMENT',
    )
  })

  it('a customer cannot retry dead jobs', async () => {
    session.current = { userId: crypto.randomUUID(), email: 'c@example.com', role: 'CUSTOMER' }
    const f = await prisma.jobFailure.create({
      data: { taskName: 'sweep-unpaid-orders', payload: {}, error: 'x', attempts: 3, isPermanent: false },
    })
    expect(await retryJobAction(null, form({ failureId: f.id }))).toMatchObject({ ok: false })
    expect((await prisma.jobFailure.findUniqueOrThrow({ where: { id: f.id } })).retriedAt).toBeNull()
  })

  it('staff can cancel an unpaid order; bad input gets a field error', async () => {
    session.current = { userId: crypto.randomUUID(), email: 's@example.com', role: 'STAFF' }
    const placed = await unpaidOrder()
    expect(await cancelOrderAction(null, form({ orderId: 'nope' }))).toMatchObject({
      ok: false,
      fieldErrors: { orderId: expect.any(Array) },
    })
    expect(await cancelOrderAction(null, form({ orderId: placed.orderId }))).toMatchObject({ ok: true })
    expect((await prisma.order.findUniqueOrThrow({ where: { id: placed.orderId } })).status).toBe('CANCELLED')
  })
})
