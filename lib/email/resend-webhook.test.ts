import { randomUUID } from 'node:crypto'
import { Webhook } from 'svix'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { RESEND_TEST_SECRET, startResendTestbed } from '@/test/resend-testbed'

const bed = await startResendTestbed()
const { prisma } = await import('@/lib/db')
const route = await import('@/app/api/webhooks/[provider]/route')
const POST = (req: Request) => route.POST(req, { params: Promise.resolve({ provider: 'resend' }) })
const { placeOrder } = await import('@/lib/orders/place-order')
const { buildTaskList } = await import('@/lib/jobs/runner')
const { sendQueuedEmail } = await import('./send-email')
const { processInboundEvent } = await import('@/lib/intake/process')
const { listOrderEmails } = await import('./queries')
const { countJobs, createProduct, customer, resetDb } = await import('@/test/db')
const { run } = await import('graphile-worker')

afterAll(() => bed.close())

type Signing = { id?: string; at?: Date; secret?: string }
function deliver(payload: unknown, s: Signing = {}) {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload)
  const id = s.id ?? `msg_${randomUUID().replace(/-/g, '')}`
  const at = s.at ?? new Date()
  return POST(
    new Request('http://127.0.0.1/api/webhooks/resend', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'svix-id': id,
        'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
        'svix-signature': new Webhook(s.secret ?? RESEND_TEST_SECRET).sign(id, at, body),
      },
      body,
    }),
  )
}

const event = (type: string, emailId: string, extra: Record<string, unknown> = {}) => ({
  type,
  created_at: new Date().toISOString(),
  data: {
    created_at: new Date().toISOString(),
    email_id: emailId,
    from: 'Hookline Demo Shop <shop@hookline.test>',
    to: ['anna@example.com'],
    subject: 'Przyjęliśmy Twoje zamówienie',
    ...extra,
  },
})

async function sentOrderEmail(email = 'anna@example.com') {
  const p = await createProduct({ stock: 5 })
  const placed = await placeOrder(
    prisma,
    { lines: [{ productId: p.id, quantity: 1 }], customer: customer({ email }), locale: 'pl', consent: true },
    { unpaidTtlMinutes: 60 },
  )
  const msg = await prisma.emailMessage.findUniqueOrThrow({
    where: { idempotencyKey: `order/${placed.orderId}/received` },
  })
  const sent = await sendQueuedEmail(prisma, msg.id, { attempt: 1, maxAttempts: 8 })
  return { placed, msg, providerId: sent.providerMessageId! }
}

const statusOf = async (id: string) => (await prisma.emailMessage.findUniqueOrThrow({ where: { id } })).status

async function runPendingEvents() {
  const jobs = await prisma.$queryRaw<{ payload: { webhookEventId: string } }[]>`
    SELECT j.payload FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
    WHERE t.identifier = 'process-inbound-event' ORDER BY j.id`
  for (const j of jobs) await processInboundEvent(prisma, j.payload.webhookEventId)
}

describe('Resend webhook: refusals', () => {
  beforeEach(async () => {
    // no automatic deliveries from the sandbox in these tests: every event is crafted here
    await bed.control('webhook-endpoint', { url: null })
    await resetDb()
  })

  it.each<[string, Signing, RegExp]>([
    ['a forged signature', { secret: 'whsec_Zm9yZ2VkLXNlY3JldC1mb3JnZWQtc2VjcmV0' }, /No matching signature/],
    ['the wrong secret', { secret: 'whsec_d3Jvbmctc2VjcmV0LTAxMjM0NTY3ODk=' }, /No matching signature/],
    ['a stale timestamp (6 minutes old)', { at: new Date(Date.now() - 6 * 60_000) }, /too old/],
    ['a timestamp from the future (6 minutes)', { at: new Date(Date.now() + 6 * 60_000) }, /too new/],
  ])('%s is refused with 400, recorded for staff, and changes nothing', async (_label, signing, reason) => {
    const { msg, providerId } = await sentOrderEmail()
    const before = await statusOf(msg.id)
    const res = await deliver(
      event('email.bounced', providerId, { bounce: { type: 'Permanent', subType: 'General', message: 'x' } }),
      signing,
    )
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ received: false, error: expect.stringMatching(reason) })
    const [ev] = await prisma.webhookEvent.findMany()
    expect(ev).toMatchObject({ provider: 'resend', eventId: null, status: 'REFUSED', type: 'email.bounced' })
    expect(ev!.refusalReason).toMatch(reason)
    expect(JSON.stringify(ev!.payload)).not.toContain('anna@example.com')
    expect(await statusOf(msg.id)).toBe(before)
    expect(await countJobs('process-inbound-event')).toBe(0)
    expect(await prisma.orderTimelineEntry.count()).toBe(0)
  })

  it('a body altered after signing, and a delivery without svix headers, are refused', async () => {
    const body = JSON.stringify(event('email.delivered', 'x'))
    const id = 'msg_altered'
    const at = new Date()
    const headers = {
      'svix-id': id,
      'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
      'svix-signature': new Webhook(RESEND_TEST_SECRET).sign(id, at, body),
    }
    const altered = await POST(
      new Request('http://x/api/webhooks/resend', { method: 'POST', headers, body: body.replace('x', 'y') }),
    )
    expect(altered.status).toBe(400)
    const bare = await POST(new Request('http://x/api/webhooks/resend', { method: 'POST', body }))
    expect(bare.status).toBe(400)
    expect(await bare.json()).toMatchObject({ error: 'missing svix headers' })
    expect(await prisma.webhookEvent.count({ where: { status: 'REFUSED' } })).toBe(2)
  })
})

describe('Resend webhook: delivery tracking', () => {
  beforeEach(async () => {
    await bed.control('webhook-endpoint', { url: null })
    await resetDb()
    await bed.reset()
  })

  it('stores an event once per svix-id (duplicates answer 200) with a redacted payload, and processes it once', async () => {
    const { msg, providerId } = await sentOrderEmail()
    const id = 'msg_duplicate_1'
    const answers = await Promise.all(
      [1, 2, 3].map(() => deliver(event('email.delivered', providerId), { id })),
    )
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200])
    const bodies = await Promise.all(answers.map((a) => a.json()))
    expect(bodies.filter((b) => b.duplicate === false)).toHaveLength(1)
    const events = await prisma.webhookEvent.findMany()
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ eventId: id, type: 'email.delivered', status: 'RECEIVED' })
    const stored = JSON.stringify(events[0]!.payload)
    expect(stored).not.toContain('anna@example.com')
    expect(stored).not.toContain('Przyjęliśmy')
    expect(stored).not.toContain('shop@hookline.test')
    expect(stored).toContain(providerId)
    expect(stored).toContain('an***@example.com')
    expect(await countJobs('process-inbound-event')).toBe(1)
    await runPendingEvents()
    await runPendingEvents()
    expect(await statusOf(msg.id)).toBe('DELIVERED')
    expect(await prisma.eventProcessingAttempt.count()).toBe(1)
  })

  it('status only moves forward: a late email.sent never overwrites delivered; bounced after delivered wins', async () => {
    const { msg, providerId } = await sentOrderEmail()
    await deliver(event('email.delivered', providerId))
    await deliver(event('email.sent', providerId))
    await deliver(event('email.delivery_delayed', providerId))
    await runPendingEvents()
    const after = await prisma.emailMessage.findUniqueOrThrow({ where: { id: msg.id } })
    expect(after.status).toBe('DELIVERED')
    expect(after.deliveredAt).toBeInstanceOf(Date)
    const attempts = await prisma.eventProcessingAttempt.findMany()
    expect(attempts.map((a) => a.detail).sort()).toEqual([
      'SENT -> DELIVERED',
      'kept DELIVERED: email.delivery_delayed arrived late',
      'kept DELIVERED: email.sent arrived late',
    ])
    await deliver(
      event('email.bounced', providerId, { bounce: { type: 'Permanent', message: 'no such user' } }),
    )
    await runPendingEvents()
    expect(await statusOf(msg.id)).toBe('BOUNCED')
  })

  it('an event for an email we did not send, and an event type we do not track, are stored and ignored', async () => {
    expect((await deliver(event('email.delivered', randomUUID()))).status).toBe(200)
    expect((await deliver(event('email.opened', randomUUID()))).status).toBe(200)
    expect(await countJobs('process-inbound-event')).toBe(1)
    await runPendingEvents()
    expect((await prisma.webhookEvent.findMany()).map((e) => e.status).sort()).toEqual(['IGNORED', 'IGNORED'])
  })

  it('a bounce from the sandbox, end to end: marks the email BOUNCED and shows on the order', async () => {
    await bed.control('webhook-endpoint', { url: bed.webhookUrl, secret: RESEND_TEST_SECRET })
    await bed.control('bounces', { address: 'gone@example.com' })
    const runner = await run({
      connectionString: process.env.DATABASE_URL!,
      concurrency: 2,
      noHandleSignals: true,
      pollInterval: 100,
      taskList: buildTaskList(prisma),
    })
    try {
      const { msg, placed } = await sentOrderEmail('gone@example.com')
      await expect.poll(() => statusOf(msg.id), { timeout: 10_000 }).toBe('BOUNCED')
      const [entry] = await prisma.orderTimelineEntry.findMany({ where: { orderId: placed.orderId } })
      expect(entry).toMatchObject({ kind: 'email.bounced', isError: true })
      expect(entry!.message).toMatch(/bounced \(Permanent\/General\)/)
      const [shown] = await listOrderEmails(prisma, placed.orderId)
      expect(shown).toMatchObject({ status: 'BOUNCED', lastError: expect.stringMatching(/^bounced/) })
      // both sandbox events (sent, bounced) were accepted by the route
      await expect.poll(() => bed.answers.filter((s) => s === 200).length).toBeGreaterThanOrEqual(2)
      expect(bed.answers.every((s) => s === 200)).toBe(true)
    } finally {
      await runner.stop()
    }
  })

  it('a complaint marks the email COMPLAINED and goes on the order timeline', async () => {
    const { msg, placed, providerId } = await sentOrderEmail()
    await deliver(event('email.delivered', providerId))
    await deliver(event('email.complained', providerId))
    await runPendingEvents()
    expect(await statusOf(msg.id)).toBe('COMPLAINED')
    expect(await prisma.orderTimelineEntry.findMany({ where: { orderId: placed.orderId } })).toEqual([
      expect.objectContaining({ kind: 'email.complained', isError: true }),
    ])
  })

  it('an event that arrives before the send job stored the provider id still finds its email (by our tag)', async () => {
    const { msg, providerId } = await sentOrderEmail()
    await prisma.emailMessage.update({
      where: { id: msg.id },
      data: { providerMessageId: null, status: 'SENDING' },
    })
    await deliver(event('email.delivered', providerId, { tags: { email_message_id: msg.id } }))
    await runPendingEvents()
    expect(await prisma.emailMessage.findUniqueOrThrow({ where: { id: msg.id } })).toMatchObject({
      status: 'DELIVERED',
      providerMessageId: providerId,
    })
  })
})
