import { randomUUID } from 'node:crypto'
import Stripe from 'stripe'
import { Webhook } from 'svix'
import { beforeEach, describe, expect, it } from 'vitest'
import { POST } from '@/app/api/webhooks/[provider]/route'
import { prisma } from '@/lib/db'
import { placeOrder } from '@/lib/orders/place-order'
import { createProduct, customer, resetDb } from '@/test/db'
import { processInboundEvent } from './process'
import { REFUSAL_SAMPLES_PER_MINUTE, refusalCounts } from './refuse'
import { recordInboundEvent } from './store'

// The one intake, on real PostgreSQL: the route for every provider, bounded refusal records, the size cap, the
// poller entry point and the dispatch to handlers[provider][type].

const sdk = new Stripe('sk_test_x')
const post = (provider: string, body: BodyInit | null, headers: Record<string, string> = {}) =>
  POST(new Request(`http://127.0.0.1/api/webhooks/${provider}`, { method: 'POST', headers, body }), {
    params: Promise.resolve({ provider }),
  })
const stripeSigned = (payload: string, secret = 'whsec_test_secret') => ({
  'stripe-signature': sdk.webhooks.generateTestHeaderString({ payload, secret }),
})
const resendSigned = (id: string, body: string) => {
  const at = new Date()
  return {
    'svix-id': id,
    'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
    'svix-signature': new Webhook(process.env.RESEND_WEBHOOK_SECRET!).sign(id, at, body),
  }
}

beforeEach(resetDb)

describe('one route for every provider', () => {
  it('an unknown provider is 404 and stores nothing', async () => {
    const res = await post('acme', '{}')
    expect(res.status).toBe(404)
    expect(await prisma.webhookEvent.count()).toBe(0)
  })

  it.each(['stripe', 'resend'])(
    '%s: a body over the cap is refused with 413, counted, never read whole',
    async (p) => {
      const big = 'x'.repeat(600 * 1024)
      const declared = await post(p, big, { 'content-length': String(big.length) })
      expect(declared.status).toBe(413)
      // no content-length: the stream is cut at the cap
      const stream = new ReadableStream({
        start(c) {
          for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode('y'.repeat(64 * 1024)))
          c.close()
        },
      })
      const streamed = await POST(
        new Request(`http://127.0.0.1/api/webhooks/${p}`, {
          method: 'POST',
          body: stream,
          duplex: 'half',
        } as RequestInit),
        { params: Promise.resolve({ provider: p }) },
      )
      expect(streamed.status).toBe(413)
      expect(await refusalCounts(prisma)).toEqual([{ provider: p, reason: 'payload too large', count: 2 }])
      expect(
        await prisma.webhookEvent.count({ where: { status: 'REFUSED', refusalReason: 'payload too large' } }),
      ).toBe(2)
    },
  )

  it('a verified Stripe event and a verified Resend event go through the same store, once each', async () => {
    const sBody = JSON.stringify({
      id: 'evt_core_1',
      object: 'event',
      type: 'customer.created',
      data: { object: {} },
    })
    const rBody = JSON.stringify({
      type: 'email.opened',
      created_at: new Date().toISOString(),
      data: { email_id: 'e1' },
    })
    const answers = await Promise.all([
      post('stripe', sBody, stripeSigned(sBody)),
      post('stripe', sBody, stripeSigned(sBody)),
      post('resend', rBody, resendSigned('msg_core_1', rBody)),
      post('resend', rBody, resendSigned('msg_core_1', rBody)),
    ])
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200])
    const bodies = await Promise.all(answers.map((a) => a.json()))
    expect(bodies.filter((b) => b.duplicate === false)).toHaveLength(2)
    const rows = await prisma.webhookEvent.findMany({ orderBy: { provider: 'asc' } })
    // types no handler acts on are stored IGNORED and queue nothing
    expect(rows.map((r) => [r.provider, r.eventId, r.status])).toEqual([
      ['resend', 'msg_core_1', 'IGNORED'],
      ['stripe', 'evt_core_1', 'IGNORED'],
    ])
  })
})

describe('refused deliveries cost bounded storage', () => {
  it('10,000 forged Stripe deliveries: every one refused with 400 and counted; a few rows kept', async () => {
    const body = JSON.stringify({
      id: 'evt_forged',
      type: 'checkout.session.completed',
      data: { object: {} },
    })
    const header = { 'stripe-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` }
    const statuses = new Map<number, number>()
    const started = Date.now()
    for (let batch = 0; batch < 100; batch++) {
      const res = await Promise.all(Array.from({ length: 100 }, () => post('stripe', body, header)))
      for (const r of res) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1)
    }
    const elapsed = Date.now() - started
    expect([...statuses]).toEqual([[400, 10_000]])
    const counters = await prisma.webhookRefusalCount.findMany()
    expect(counters.reduce((s, c) => s + c.count, 0)).toBe(10_000)
    const samples = await prisma.webhookEvent.count({ where: { status: 'REFUSED' } })
    // the run may straddle a minute boundary: each minute keeps its own few samples
    expect(samples).toBe(REFUSAL_SAMPLES_PER_MINUTE * counters.length)
    expect(counters.length).toBeLessThanOrEqual(Math.ceil(elapsed / 60_000) + 1)
    console.info(
      `10,000 forged deliveries in ${elapsed} ms -> ${counters.length} counter row(s) + ${samples} sample row(s)`,
    )
  }, 120_000)
})

describe('pollers write the same rows', () => {
  it('recordInboundEvent with a poller source: stored once, processed by the same handlers', async () => {
    const p = await createProduct({ stock: 5 })
    const placed = await placeOrder(
      prisma,
      { lines: [{ productId: p.id, quantity: 1 }], customer: customer(), locale: 'pl', consent: true },
      { unpaidTtlMinutes: 60 },
    )
    const msg = await prisma.emailMessage.findUniqueOrThrow({
      where: { idempotencyKey: `order/${placed.orderId}/received` },
    })
    await prisma.emailMessage.update({
      where: { id: msg.id },
      data: { providerMessageId: 'em_1', status: 'SENT' },
    })
    const event = {
      eventId: 'poll:em_1:delivered',
      type: 'email.delivered',
      payload: { type: 'email.delivered', created_at: new Date().toISOString(), data: { email_id: 'em_1' } },
    }
    expect(await recordInboundEvent(prisma, 'resend', event, 'poll')).toBe(true)
    expect(await recordInboundEvent(prisma, 'resend', event, 'poll')).toBe(false)
    const [row] = await prisma.webhookEvent.findMany()
    expect(row).toMatchObject({ source: 'poll', status: 'RECEIVED' })
    const result = await processInboundEvent(prisma, row!.id)
    expect(result).toMatchObject({
      outcome: 'processed',
      detail: 'SENT -> DELIVERED',
      orderId: placed.orderId,
    })
    expect(await prisma.webhookEvent.findUniqueOrThrow({ where: { id: row!.id } })).toMatchObject({
      status: 'PROCESSED',
      orderId: placed.orderId,
      emailMessageId: msg.id,
    })
  })
})

describe('Resend: resolved by the provider email id, our tag only cross-checked', () => {
  it('a tag naming another message is refused and recorded; nothing changes', async () => {
    const p = await createProduct({ stock: 5 })
    const place = (email: string) =>
      placeOrder(
        prisma,
        {
          lines: [{ productId: p.id, quantity: 1 }],
          customer: customer({ email }),
          locale: 'pl',
          consent: true,
        },
        { unpaidTtlMinutes: 60 },
      )
    const [a, b] = [await place('a@example.com'), await place('b@example.com')]
    const msgA = await prisma.emailMessage.findUniqueOrThrow({
      where: { idempotencyKey: `order/${a.orderId}/received` },
    })
    const msgB = await prisma.emailMessage.findUniqueOrThrow({
      where: { idempotencyKey: `order/${b.orderId}/received` },
    })
    await prisma.emailMessage.update({
      where: { id: msgA.id },
      data: { providerMessageId: 'em_a', status: 'SENT' },
    })
    await prisma.emailMessage.update({
      where: { id: msgB.id },
      data: { providerMessageId: 'em_b', status: 'SENT' },
    })
    const body = JSON.stringify({
      type: 'email.bounced',
      created_at: new Date().toISOString(),
      data: {
        email_id: 'em_a',
        tags: { email_message_id: msgB.id },
        bounce: { type: 'Permanent', message: 'x' },
      },
    })
    const id = `msg_${randomUUID()}`
    expect((await post('resend', body, resendSigned(id, body))).status).toBe(200)
    const row = await prisma.webhookEvent.findFirstOrThrow({ where: { eventId: id } })
    expect(await processInboundEvent(prisma, row.id)).toMatchObject({ outcome: 'refused' })
    const after = await prisma.webhookEvent.findUniqueOrThrow({ where: { id: row.id } })
    expect(after.status).toBe('REFUSED')
    expect(after.refusalReason).toMatch(
      new RegExp(`tag names email message ${msgB.id}.*em_a is message ${msgA.id}`),
    )
    const statuses = await prisma.emailMessage.findMany({ where: { id: { in: [msgA.id, msgB.id] } } })
    expect(statuses.map((m) => m.status)).toEqual(['SENT', 'SENT'])
  })
})
