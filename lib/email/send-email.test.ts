import type { JobHelpers } from 'graphile-worker'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { startResendTestbed } from '@/test/resend-testbed'

// Real PostgreSQL, a Resend sandbox of our own, the official SDK, and the job runner the worker uses.
const bed = await startResendTestbed()
const { prisma } = await import('@/lib/db')
const { placeOrder } = await import('@/lib/orders/place-order')
const { buildTaskList } = await import('@/lib/jobs/runner')
const { queueEmail } = await import('./queue-email')
const { sendQueuedEmail } = await import('./send-email')
const { sendEmailAgain } = await import('./send-again')
const { countJobs, createProduct, customer, resetDb } = await import('@/test/db')
const { run } = await import('graphile-worker')

afterAll(() => bed.close())

const helpers = (attempts: number, maxAttempts = 8) =>
  ({
    job: { id: '1', attempts, max_attempts: maxAttempts, key: 'k' },
    logger: console,
  }) as unknown as JobHelpers
const sendTask = buildTaskList(prisma)['send-email']!

async function placedOrder(email = 'anna@example.com') {
  const p = await createProduct({ stock: 5, nameEn: 'Buckwheat honey', namePl: 'Miód gryczany' })
  return placeOrder(
    prisma,
    { lines: [{ productId: p.id, quantity: 2 }], customer: customer({ email }), locale: 'pl', consent: true },
    { unpaidTtlMinutes: 60 },
  )
}

const receivedEmail = (orderId: string) =>
  prisma.emailMessage.findUniqueOrThrow({ where: { idempotencyKey: `order/${orderId}/received` } })

async function staffAlertProps(key: string) {
  return prisma.$transaction((tx) =>
    queueEmail(tx, {
      template: 'staff-alert',
      to: 'staff@hookline.test',
      locale: 'en',
      idempotencyKey: key,
      props: { title: 'Test', details: 'x', adminUrl: 'http://localhost:3000/admin' },
    }),
  )
}

describe('sending', () => {
  beforeEach(async () => {
    await resetDb()
    await bed.reset()
  })

  it('placing an order queues the confirmation in the same transaction; a real worker sends it once with the private link', async () => {
    const placed = await placedOrder()
    const msg = await receivedEmail(placed.orderId)
    expect(msg).toMatchObject({ status: 'QUEUED', template: 'order-received', toAddress: 'anna@example.com' })
    // the private link is not readable in the database
    expect(JSON.stringify(msg.props)).not.toContain(placed.accessToken)
    expect(await countJobs('send-email')).toBe(1)

    const runner = await run({
      connectionString: process.env.DATABASE_URL!,
      concurrency: 2,
      noHandleSignals: true,
      pollInterval: 100,
      taskList: buildTaskList(prisma),
    })
    try {
      await expect
        .poll(async () => (await receivedEmail(placed.orderId)).status, { timeout: 10_000 })
        .toBe('DELIVERED')
    } finally {
      await runner.stop()
    }
    const [sent] = await bed.messages('anna@example.com')
    expect(sent!.subject).toBe(`Przyjęliśmy Twoje zamówienie ${placed.number}`)
    expect(sent!.idempotency_key).toBe(`order/${placed.orderId}/received`)
    expect(sent!.links).toContain(`http://localhost:3000/orders/${placed.number}?t=${placed.accessToken}`)
    expect(sent!.text).toContain('Miód gryczany')
    const after = await receivedEmail(placed.orderId)
    expect(after).toMatchObject({ attempts: 1, providerMessageId: sent!.id, lastError: null })
    expect(after.sentAt).toBeInstanceOf(Date)
    expect(after.deliveredAt).toBeInstanceOf(Date)
    expect(await prisma.providerCall.count({ where: { provider: 'resend', isOk: true } })).toBe(1)
  })

  it('429, then 500, then success: a real worker retries with the same key and exactly one email arrives', async () => {
    await bed.control('faults', { mode: 'rate_limit', count: 1 })
    await bed.control('faults', { mode: 'error', count: 1 })
    const { emailMessageId } = await staffAlertProps('test/retry')
    const runner = await run({
      connectionString: process.env.DATABASE_URL!,
      concurrency: 1,
      noHandleSignals: true,
      pollInterval: 50,
      taskList: buildTaskList(prisma),
    })
    try {
      await expect
        .poll(
          async () => {
            // skip graphile-worker's exponential backoff (seconds) so the test stays fast
            await prisma.$executeRaw`UPDATE graphile_worker._private_jobs SET run_at = now() WHERE locked_at IS NULL`
            return (await prisma.emailMessage.findUniqueOrThrow({ where: { id: emailMessageId } })).status
          },
          { timeout: 15_000, interval: 100 },
        )
        .toMatch(/SENT|DELIVERED/)
    } finally {
      await runner.stop()
    }
    expect(await bed.messages('staff@hookline.test')).toHaveLength(1)
    const msg = await prisma.emailMessage.findUniqueOrThrow({ where: { id: emailMessageId } })
    expect(msg.attempts).toBe(3)
    const calls = await prisma.providerCall.findMany({ orderBy: { createdAt: 'asc' } })
    expect(calls.map((c) => [c.httpStatus, c.isOk, c.idempotencyKey])).toEqual([
      [429, false, 'test/retry'],
      [500, false, 'test/retry'],
      [200, true, 'test/retry'],
    ])
    expect(await prisma.jobFailure.count()).toBe(0)
  })

  it('a permanent error (invalid recipient) is not retried: FAILED, on the order timeline, on the dead-letter list', async () => {
    const placed = await placedOrder()
    // an address the shop accepted but the provider refuses (e.g. a typo its stricter check catches)
    const msg = await prisma.emailMessage.update({
      where: { idempotencyKey: `order/${placed.orderId}/received` },
      data: { toAddress: 'anna(at)example.com' },
    })
    await expect(sendTask({ emailMessageId: msg.id }, helpers(1))).resolves.toBeUndefined()
    const after = await receivedEmail(placed.orderId)
    expect(after.status).toBe('FAILED')
    expect(after.lastError).toMatch(/validation_error \(422\)/)
    expect(after.attempts).toBe(1)
    const timeline = await prisma.orderTimelineEntry.findMany({ where: { orderId: placed.orderId } })
    expect(timeline).toEqual([
      expect.objectContaining({
        kind: 'email.failed',
        isError: true,
        message: expect.stringMatching(/not sent/),
      }),
    ])
    const dead = await prisma.jobFailure.findMany()
    expect(dead).toEqual([
      expect.objectContaining({ taskName: 'send-email', isPermanent: true, attempts: 1 }),
    ])
    expect(await bed.messages()).toHaveLength(0)
    // and staff were alerted (one staff-alert email queued)
    expect(await prisma.emailMessage.count({ where: { template: 'staff-alert' } })).toBe(1)
  })

  it('a job that runs twice, or twice at the same time, sends once', async () => {
    const { emailMessageId } = await staffAlertProps('test/duplicate')
    const [a, b] = await Promise.all([
      sendQueuedEmail(prisma, emailMessageId, { attempt: 1, maxAttempts: 8 }),
      sendQueuedEmail(prisma, emailMessageId, { attempt: 1, maxAttempts: 8 }),
    ])
    const third = await sendQueuedEmail(prisma, emailMessageId, { attempt: 2, maxAttempts: 8 })
    await expect(sendTask({ emailMessageId }, helpers(1))).resolves.toBeUndefined()
    const messages = await bed.messages('staff@hookline.test')
    expect(messages).toHaveLength(1)
    const ids = [a, b, third].map((r) => r.providerMessageId)
    expect(new Set(ids)).toEqual(new Set([messages[0]!.id]))
    expect(third.outcome).toBe('already-sent')
  })

  it('a provider that hangs becomes a retryable timeout; the retry with the same key does not send twice', async () => {
    // the sandbox accepts the email, then never answers (the answer is lost on the way back)
    await bed.control('faults', { mode: 'timeout', count: 1, delayMs: 2000, accept: true })
    const { emailMessageId } = await staffAlertProps('test/timeout')
    await expect(
      sendQueuedEmail(prisma, emailMessageId, { attempt: 1, maxAttempts: 8 }, { timeoutMs: 300 }),
    ).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE', isRetryable: true })
    const pending = await prisma.emailMessage.findUniqueOrThrow({ where: { id: emailMessageId } })
    expect(pending).toMatchObject({ status: 'SENDING', attempts: 1 })
    expect(pending.lastError).toMatch(/^timeout/)
    const retry = await sendQueuedEmail(prisma, emailMessageId, { attempt: 2, maxAttempts: 8 })
    const messages = await bed.messages('staff@hookline.test')
    expect(messages).toHaveLength(1)
    expect(retry).toEqual({ outcome: 'sent', providerMessageId: messages[0]!.id })
    const call = await prisma.providerCall.findFirst({ orderBy: { createdAt: 'asc' } })
    expect(call).toMatchObject({ httpStatus: null, isOk: false })
  })

  it('the last failed attempt marks the email FAILED on the order, and the runner records the dead letter', async () => {
    await bed.control('faults', { mode: 'error', count: 1 })
    const placed = await placedOrder()
    const msg = await receivedEmail(placed.orderId)
    await expect(sendTask({ emailMessageId: msg.id }, helpers(8, 8))).rejects.toThrow(/internal_server_error/)
    expect((await receivedEmail(placed.orderId)).status).toBe('FAILED')
    expect(await prisma.orderTimelineEntry.count({ where: { orderId: placed.orderId, isError: true } })).toBe(
      1,
    )
    expect(await prisma.jobFailure.findMany()).toEqual([
      expect.objectContaining({ taskName: 'send-email', isPermanent: false, attempts: 8 }),
    ])
  })

  it('waits (retryably) for the invoice PDF, then attaches it', async () => {
    const placed = await placedOrder()
    const invoice = await prisma.invoice.create({
      data: {
        uniqueKey: `order/${placed.orderId}/invoice`,
        kind: 'INVOICE',
        orderId: placed.orderId,
        series: 'FV',
        year: 2026,
        sequence: 7,
        number: 'FV/2026/000007',
        issueDate: new Date('2026-03-05'),
        saleDate: new Date('2026-03-05'),
        currency: 'PLN',
        totalGrossMinor: 2460,
        totalNetMinor: 2000,
        totalVatMinor: 460,
        buyerName: 'Anna Nowak',
        document: {},
      },
    })
    const { emailMessageId } = await prisma.$transaction((tx) =>
      queueEmail(tx, {
        template: 'payment-confirmed',
        to: 'anna@example.com',
        locale: 'en',
        idempotencyKey: `invoice/${invoice.id}/email`,
        orderId: placed.orderId,
        // a plain order URL (as the invoicing side knows it): the private link from the order confirmation wins
        props: {
          orderUrl: `http://localhost:3000/orders/${placed.number}`,
          orderNumber: placed.number,
          customerName: 'Anna Nowak',
          totalMinor: 2460,
          currency: 'PLN',
          paidAt: '2026-03-05T10:20:00Z',
          invoiceNumber: invoice.number,
        },
        attachInvoiceIds: [invoice.id],
      }),
    )
    await expect(
      sendQueuedEmail(prisma, emailMessageId, { attempt: 1, maxAttempts: 8 }),
    ).rejects.toMatchObject({
      isRetryable: true,
    })
    expect(await bed.messages()).toHaveLength(0)
    const pdf = Buffer.from('%PDF-1.4\n% test invoice\n')
    await prisma.invoicePdf.create({
      data: { invoiceId: invoice.id, data: pdf, sizeBytes: pdf.length, renderMs: 1 },
    })
    await sendQueuedEmail(prisma, emailMessageId, { attempt: 2, maxAttempts: 8 })
    const [sent] = await bed.messages()
    expect(sent!.subject).toBe(`Payment confirmed for order ${placed.number}`)
    expect(sent!.attachments).toEqual([
      expect.objectContaining({
        filename: 'FV-2026-000007.pdf',
        content_type: 'application/pdf',
        size: pdf.length,
      }),
    ])
    expect(Buffer.from(await (await fetch(sent!.attachments[0]!.url)).arrayBuffer())).toEqual(pdf)
    expect(sent!.links).toContain(`http://localhost:3000/orders/${placed.number}?t=${placed.accessToken}`)
  })

  it('staff resend: a new message with its own key, linked to the original, sent once more', async () => {
    const placed = await placedOrder()
    const original = await receivedEmail(placed.orderId)
    await sendQueuedEmail(prisma, original.id, { attempt: 1, maxAttempts: 8 })
    const { emailMessageId } = await sendEmailAgain(prisma, {
      emailMessageId: original.id,
      actor: 'staff:test',
    })
    const copy = await prisma.emailMessage.findUniqueOrThrow({ where: { id: emailMessageId } })
    expect(copy).toMatchObject({ resendOfId: original.id, orderId: placed.orderId, status: 'QUEUED' })
    expect(copy.idempotencyKey).toMatch(new RegExp(`^order/${placed.orderId}/received/resend/[0-9a-f-]{36}$`))
    await sendQueuedEmail(prisma, copy.id, { attempt: 1, maxAttempts: 8 })
    const messages = await bed.messages('anna@example.com')
    expect(messages).toHaveLength(2)
    expect(messages[0]!.links).toEqual(messages[1]!.links)
    expect(await prisma.orderTimelineEntry.count({ where: { kind: 'email.resend' } })).toBe(1)
  })
})
