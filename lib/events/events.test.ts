import { beforeEach, describe, expect, it } from 'vitest'
import { prisma } from '@/lib/db'
import { createPaidOrder } from '@/lib/invoices/testing/orders'
import { countJobs, resetDb } from '@/test/db'
import { emitLifecycleEvent } from './emit'
import { allSubscribers, subscribersOf } from './subscribers'

const jobKeys = async (task: string) =>
  (
    await prisma.$queryRaw<{ key: string | null }[]>`
      SELECT key FROM graphile_worker.jobs WHERE task_identifier = ${task} ORDER BY key`
  ).map((r) => r.key)

beforeEach(resetDb)

describe('lifecycle events', () => {
  it('order.paid is recorded once and enqueues its subscribers with their keys, in the same transaction', async () => {
    const order = await createPaidOrder(prisma, { enqueue: false })
    const first = await prisma.$transaction((tx) =>
      emitLifecycleEvent(tx, 'order.paid', { orderId: order.id }),
    )
    const again = await prisma.$transaction((tx) =>
      emitLifecycleEvent(tx, 'order.paid', { orderId: order.id }),
    )
    expect([first.isNew, again.isNew]).toEqual([true, false])
    expect(
      await prisma.lifecycleEvent.findMany({ select: { name: true, key: true, orderId: true } }),
    ).toEqual([{ name: 'order.paid', key: `order.paid/order/${order.id}`, orderId: order.id }])
    expect(await jobKeys('issue-invoice')).toEqual([`order/${order.id}/invoice`])
  })

  it('a rolled-back transaction leaves neither the event nor its jobs', async () => {
    const order = await createPaidOrder(prisma, { enqueue: false })
    await expect(
      prisma.$transaction(async (tx) => {
        await emitLifecycleEvent(tx, 'order.paid', { orderId: order.id })
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(await prisma.lifecycleEvent.count()).toBe(0)
    expect(await countJobs('issue-invoice')).toBe(0)
  })

  it('a bad payload is refused before anything is written', async () => {
    await expect(
      prisma.$transaction((tx) => emitLifecycleEvent(tx, 'order.paid', { orderId: 'not-a-uuid' })),
    ).rejects.toThrow()
    expect(await prisma.lifecycleEvent.count()).toBe(0)
  })

  it('the registry: who reacts to what', () => {
    expect(allSubscribers.map((s) => `${s.event} -> ${s.task}`)).toEqual([
      'order.paid -> issue-invoice',
      'refund.confirmed -> issue-corrective-invoice',
      'invoice.issued -> render-invoice-pdf',
      'invoice.pdf_ready -> queue-invoice-email',
      'payment.double -> refund-double-payment',
    ])
    expect(subscribersOf('order.placed')).toEqual([])
  })
})
