import { beforeEach, describe, expect, it } from 'vitest'
import { prisma } from '@/lib/db'
import { createPaidOrder } from '@/lib/invoices/testing/orders'
import { resetDb } from '@/test/db'
import { clearOrderFlagById, clearOrderFlags, openOrderFlags, raiseOrderFlag } from './flags'
import { decideFulfilment, FULFILMENT_STATUSES, setFulfilmentStatus } from './fulfilment'

describe('fulfilment status only moves forward', () => {
  it.each([
    ['UNFULFILLED', 'IN_PREPARATION', 'apply'],
    ['IN_PREPARATION', 'DELIVERED', 'apply'],
    ['SHIPPED', 'READY_FOR_PICKUP', 'apply'],
    ['DELIVERED', 'RETURNED', 'apply'],
    ['DELIVERED', 'SHIPPED', 'reject'],
    ['READY_FOR_PICKUP', 'SHIPPED', 'reject'],
    ['UNFULFILLED', 'RETURNED', 'reject'],
    ['IN_PREPARATION', 'RETURNED', 'reject'],
    ['SHIPPED', 'SHIPPED', 'noop'],
  ] as const)('%s -> %s: %s', (from, to, kind) => {
    expect(decideFulfilment(from, to).kind).toBe(kind)
  })

  it('no status can be reached again once left', () => {
    for (const [i, from] of FULFILMENT_STATUSES.entries())
      for (const to of FULFILMENT_STATUSES.slice(0, i)) expect(decideFulfilment(from, to).kind).toBe('reject')
  })
})

describe('on an order', () => {
  beforeEach(resetDb)

  it('a late SHIPPED after DELIVERED changes nothing; each change is on the timeline and emitted once', async () => {
    const order = await createPaidOrder(prisma)
    const set = (to: 'SHIPPED' | 'DELIVERED') =>
      prisma.$transaction((tx) => setFulfilmentStatus(tx, order.id, to, { reason: 'courier', actor: 'test' }))
    expect(await set('DELIVERED')).toMatchObject({ changed: true, from: 'UNFULFILLED', to: 'DELIVERED' })
    expect(await set('SHIPPED')).toMatchObject({ changed: false, reason: 'not-allowed' })
    expect(await set('DELIVERED')).toMatchObject({ changed: false, reason: 'already' })
    const o = await prisma.order.findUniqueOrThrow({ where: { id: order.id } })
    expect([o.status, o.fulfilmentStatus]).toEqual(['PAID', 'DELIVERED'])
    expect(
      (await prisma.orderTimelineEntry.findMany({ where: { orderId: order.id, kind: 'fulfilment.status' } }))
        .length,
    ).toBe(1)
    expect(
      (
        await prisma.lifecycleEvent.findMany({
          where: { orderId: order.id, name: 'order.fulfilment_changed' },
        })
      ).map((e) => e.key),
    ).toEqual([`order.fulfilment_changed/order/${order.id}/DELIVERED`])
  })

  it('strict mode refuses a backwards move with a clear error', async () => {
    const order = await createPaidOrder(prisma)
    await prisma.$transaction((tx) =>
      setFulfilmentStatus(tx, order.id, 'SHIPPED', { reason: 'x', actor: 'staff' }),
    )
    await expect(
      prisma.$transaction((tx) =>
        setFulfilmentStatus(tx, order.id, 'IN_PREPARATION', { reason: 'x', actor: 'staff', strict: true }),
      ),
    ).rejects.toThrow(/never moves back from SHIPPED to IN_PREPARATION/)
  })
})

describe('order flags', () => {
  beforeEach(resetDb)

  it('raise (once per code), clear by code or id; needsAttention follows the open flags', async () => {
    const order = await createPaidOrder(prisma)
    const raise = (code: string, message: string) =>
      prisma.$transaction((tx) => raiseOrderFlag(tx, order.id, { source: 'payments', code, message }))
    expect(await raise('payment.dispute', 'first')).toEqual({ isNew: true })
    expect(await raise('payment.dispute', 'updated')).toEqual({ isNew: false })
    await raise('invoice.blocked', 'no seller data')
    const attention = async () =>
      (await prisma.order.findUniqueOrThrow({ where: { id: order.id } })).needsAttention
    expect((await openOrderFlags(prisma, order.id)).map((f) => [f.code, f.message])).toEqual([
      ['payment.dispute', 'updated'],
      ['invoice.blocked', 'no seller data'],
    ])
    expect(await attention()).toBe(true)
    await prisma.$transaction((tx) => clearOrderFlags(tx, order.id, ['invoice.*'], 'invoices'))
    expect(await attention()).toBe(true)
    const [dispute] = await openOrderFlags(prisma, order.id)
    expect(await clearOrderFlagById(prisma, dispute!.id, 'staff:1')).toEqual({ cleared: 1 })
    expect(await clearOrderFlagById(prisma, dispute!.id, 'staff:1')).toEqual({ cleared: 0 })
    expect(await attention()).toBe(false)
    expect(
      await prisma.orderFlag.findMany({ select: { code: true, clearedBy: true }, orderBy: { code: 'asc' } }),
    ).toEqual([
      { code: 'invoice.blocked', clearedBy: 'invoices' },
      { code: 'payment.dispute', clearedBy: 'staff:1' },
    ])
  })
})
