import type { JobHelpers } from 'graphile-worker'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { startResendTestbed } from '@/test/resend-testbed'

const bed = await startResendTestbed()
const { prisma } = await import('@/lib/db')
const { AppError } = await import('@/lib/errors')
const { taskHandlers } = await import('@/lib/jobs/handlers')
const { buildTaskList } = await import('@/lib/jobs/runner')
const { sendQueuedEmail } = await import('./send-email')
const { ALERT_WINDOW_MINUTES, checkIntegrationHealth, queueStaffAlert } = await import('./staff-alerts')
const { resetDb } = await import('@/test/db')
const { recordRefusal } = await import('@/lib/intake/refuse')

afterAll(() => bed.close())

const ORDER_ID = '00000000-0000-4000-8000-000000000001'
const helpers = (attempts: number, maxAttempts: number) =>
  ({
    job: { id: '1', attempts, max_attempts: maxAttempts, key: 'k' },
    logger: console,
  }) as unknown as JobHelpers

const alerts = () =>
  prisma.emailMessage.findMany({ where: { template: 'staff-alert' }, orderBy: { createdAt: 'asc' } })

describe('staff alerts', () => {
  beforeEach(async () => {
    await resetDb()
    await bed.reset()
  })

  it('a dead job queues one staff alert; a storm of dead jobs of the same task does not queue more', async () => {
    const failing = buildTaskList(prisma, {
      ...taskHandlers,
      'release-unpaid-order': async () => {
        throw new AppError('VALIDATION', 'seller NIP missing')
      },
    })['release-unpaid-order']!
    for (let i = 0; i < 10; i++) await failing({ orderId: ORDER_ID }, helpers(1, 10))
    expect(await prisma.jobFailure.count()).toBe(10)
    const [alert, ...more] = await alerts()
    expect(more).toHaveLength(0)
    expect(alert).toMatchObject({ toAddress: 'staff@hookline.test', status: 'QUEUED', locale: 'en' })
    expect(alert!.idempotencyKey).toMatch(/^alert\/job\/release-unpaid-order\/\d+$/)

    await sendQueuedEmail(prisma, alert!.id, { attempt: 1, maxAttempts: 8 })
    const [sent] = await bed.messages('staff@hookline.test')
    expect(sent!.subject).toBe('[Hookline] Needs attention: Job release-unpaid-order failed for good')
    expect(sent!.text).toContain('Permanent error after 1 attempt(s): seller NIP missing')
    expect(sent!.links).toContain('http://localhost:3000/admin/jobs')
  })

  it('dead jobs failing at the same moment are all recorded, with one alert between them', async () => {
    const failing = buildTaskList(prisma, {
      ...taskHandlers,
      'sweep-unpaid-orders': async () => {
        throw new AppError('CONFIGURATION', 'broken', { isRetryable: false })
      },
    })['sweep-unpaid-orders']!
    await Promise.all(Array.from({ length: 8 }, () => failing({}, helpers(1, 3))))
    expect(await prisma.jobFailure.count()).toBe(8)
    expect(await alerts()).toHaveLength(1)
  })

  it('one alert per topic and window: another topic, or the next window, alerts again', async () => {
    const now = new Date('2026-03-05T10:00:00Z')
    const alert = (topic: string, at: Date) =>
      prisma.$transaction((tx) =>
        queueStaffAlert(tx, { topic, title: topic, details: 'x', adminPath: '/admin/jobs', now: at }),
      )
    expect((await alert('job/a', now)).isNew).toBe(true)
    expect((await alert('job/a', new Date(now.getTime() + 60_000))).isNew).toBe(false)
    expect((await alert('job/b', now)).isNew).toBe(true)
    expect((await alert('job/a', new Date(now.getTime() + ALERT_WINDOW_MINUTES * 60_000))).isNew).toBe(true)
    expect(await alerts()).toHaveLength(3)
  })

  it('alerts when an integration keeps failing or its webhooks keep being refused, not for a few blips', async () => {
    const now = new Date()
    const failedCall = (provider: string, minutesAgo: number) =>
      prisma.providerCall.create({
        data: {
          provider,
          operation: 'emails.send',
          httpStatus: 500,
          isOk: false,
          latencyMs: 12,
          error: 'internal_server_error: boom',
          createdAt: new Date(now.getTime() - minutesAgo * 60_000),
        },
      })
    for (let i = 0; i < 4; i++) await failedCall('resend', 1)
    await failedCall('resend', 30) // outside the window
    expect(await checkIntegrationHealth(prisma, now)).toEqual({ alerts: 0 })
    await failedCall('resend', 2)
    for (let i = 0; i < 3; i++)
      await recordRefusal(prisma, 'stripe', { reason: 'signature does not match the body' })
    expect(await checkIntegrationHealth(prisma, now)).toEqual({ alerts: 2 })
    // the cron runs again within the window: nothing new
    expect(await checkIntegrationHealth(prisma, now)).toEqual({ alerts: 0 })
    const titles = (await alerts()).map((a) => (a.props as { title: string }).title).sort()
    expect(titles).toEqual(['resend keeps failing', 'stripe webhooks are being refused'])
  })
})
