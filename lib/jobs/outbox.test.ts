import { type JobHelpers, run } from 'graphile-worker'
import { beforeEach, describe, expect, it } from 'vitest'
import { prisma } from '@/lib/db'
import { AppError } from '@/lib/errors'
import { placeOrder } from '@/lib/orders/place-order'
import { countJobs, createProduct, customer, resetDb } from '@/test/db'
import { enqueueJob } from './enqueue'
import { taskHandlers } from './handlers'
import { buildTaskList } from './runner'

const ORDER_ID = '00000000-0000-4000-8000-000000000001'

const fakeHelpers = (attempts: number, maxAttempts: number) =>
  ({
    job: { id: '1', attempts, max_attempts: maxAttempts, key: 'k' },
    logger: console,
  }) as unknown as JobHelpers

describe('transactional outbox', () => {
  beforeEach(resetDb)

  it('a rolled-back transaction leaves no job', async () => {
    await expect(
      prisma.$transaction(async (tx) => {
        await enqueueJob(tx, 'release-unpaid-order', { orderId: ORDER_ID })
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(await countJobs()).toBe(0)
  })

  it('a committed transaction leaves exactly one job, and its job key de-duplicates a second add', async () => {
    await prisma.$transaction(async (tx) => {
      await enqueueJob(
        tx,
        'release-unpaid-order',
        { orderId: ORDER_ID },
        { jobKey: `order/${ORDER_ID}/release` },
      )
    })
    await prisma.$transaction(async (tx) => {
      await enqueueJob(
        tx,
        'release-unpaid-order',
        { orderId: ORDER_ID },
        { jobKey: `order/${ORDER_ID}/release` },
      )
    })
    expect(await countJobs('release-unpaid-order')).toBe(1)
  })

  it('refuses to enqueue a payload that does not match the task schema', async () => {
    await expect(
      prisma.$transaction((tx) => enqueueJob(tx, 'release-unpaid-order', { orderId: 'not-a-uuid' })),
    ).rejects.toThrow()
    expect(await countJobs()).toBe(0)
  })
})

describe('task runner', () => {
  beforeEach(resetDb)

  it('sends a bad payload to the dead-letter list without retrying', async () => {
    const task = buildTaskList(prisma)['release-unpaid-order']!
    await expect(task({ orderId: 42 }, fakeHelpers(1, 10))).resolves.toBeUndefined()
    const failures = await prisma.jobFailure.findMany()
    expect(failures).toHaveLength(1)
    expect(failures[0]).toMatchObject({ taskName: 'release-unpaid-order', isPermanent: true, attempts: 1 })
    expect(failures[0]!.error).toMatch(/invalid payload/)
  })

  it('does not retry a permanent error, retries a transient one, and records the last failed attempt', async () => {
    const calls: string[] = []
    const handlers = {
      ...taskHandlers,
      'release-unpaid-order': async () => {
        calls.push('x')
        throw calls.length === 1
          ? new AppError('VALIDATION', 'seller NIP missing')
          : new AppError('PROVIDER_UNAVAILABLE', 'timeout')
      },
    }
    const task = buildTaskList(prisma, handlers)['release-unpaid-order']!
    await expect(task({ orderId: ORDER_ID }, fakeHelpers(1, 3))).resolves.toBeUndefined()
    await expect(task({ orderId: ORDER_ID }, fakeHelpers(1, 3))).rejects.toThrow('timeout')
    expect(await prisma.jobFailure.count()).toBe(1)
    await expect(task({ orderId: ORDER_ID }, fakeHelpers(3, 3))).rejects.toThrow('timeout')
    const failures = await prisma.jobFailure.findMany({ orderBy: { createdAt: 'asc' } })
    expect(failures.map((f) => [f.isPermanent, f.attempts, f.orderId])).toEqual([
      [true, 1, ORDER_ID],
      [false, 3, ORDER_ID],
    ])
  })

  it('runs a committed job in a real worker: an unpaid order past its TTL is cancelled and its stock returns', async () => {
    const product = await createProduct({ stock: 4 })
    const placed = await placeOrder(
      prisma,
      { lines: [{ productId: product.id, quantity: 3 }], customer: customer(), locale: 'en', consent: true },
      { unpaidTtlMinutes: 60 },
    )
    // make the order overdue and its release job due now
    const overdue = new Date(Date.now() - 61 * 60_000)
    await prisma.order.update({ where: { id: placed.orderId }, data: { createdAt: overdue } })
    await prisma.orderStatusChange.updateMany({
      where: { orderId: placed.orderId },
      data: { createdAt: overdue },
    })
    await prisma.$executeRaw`UPDATE graphile_worker._private_jobs SET run_at = now()`
    const runner = await run({
      connectionString: process.env.DATABASE_URL!,
      concurrency: 2,
      noHandleSignals: true,
      pollInterval: 100,
      taskList: buildTaskList(prisma),
    })
    try {
      await expect
        .poll(async () => (await prisma.order.findUniqueOrThrow({ where: { id: placed.orderId } })).status, {
          timeout: 10_000,
        })
        .toBe('CANCELLED')
      expect((await prisma.product.findUniqueOrThrow({ where: { id: product.id } })).stock).toBe(4)
      // (placing the order also queued its confirmation email, which cannot be sent here)
      await expect.poll(() => countJobs('release-unpaid-order'), { timeout: 5000 }).toBe(0)
    } finally {
      await runner.stop()
    }
  })
})
