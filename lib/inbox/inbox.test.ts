import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { startResendTestbed } from '@/test/resend-testbed'

// Real PostgreSQL, the Resend sandbox with the official SDK for what we send, and ingestMessage for what comes back.
const bed = await startResendTestbed()
const { prisma } = await import('@/lib/db')
const { placeOrder } = await import('@/lib/orders/place-order')
const { sendQueuedEmail } = await import('@/lib/email/send-email')
const { ingestMessage } = await import('./ingest-message')
const { linkMessageToOrder, replyToMessage } = await import('./staff-actions')
const { createProduct, customer, resetDb } = await import('@/test/db')

afterAll(() => bed.close())

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8')
let uid = 0n
const ingest = (raw: string) =>
  ingestMessage(prisma, { mailbox: 'test', folder: 'INBOX', uidValidity: 1n, uid: ++uid }, Buffer.from(raw))

const mail = (o: {
  from?: string
  to?: string
  subject?: string
  id: string
  inReplyTo?: string
  body?: string
  extra?: string
}) =>
  [
    `From: ${o.from ?? 'Anna Nowak <anna@example.com>'}`,
    `To: ${o.to ?? 'orders@hookline.test'}`,
    `Subject: ${o.subject ?? 'Pytanie'}`,
    `Message-ID: <${o.id}>`,
    ...(o.inReplyTo ? [`In-Reply-To: <${o.inReplyTo}>`, `References: <${o.inReplyTo}>`] : []),
    ...(o.extra ? [o.extra] : []),
    'Date: Tue, 01 Dec 2026 10:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    o.body ?? 'Dzień dobry, mam pytanie.',
    '',
  ].join('\r\n')

async function orderWithSentEmail(email = 'anna@example.com') {
  const p = await createProduct({ stock: 5 })
  const placed = await placeOrder(
    prisma,
    { lines: [{ productId: p.id, quantity: 1 }], customer: customer({ email }), locale: 'pl', consent: true },
    { unpaidTtlMinutes: 60 },
  )
  const msg = await prisma.emailMessage.findUniqueOrThrow({
    where: { idempotencyKey: `order/${placed.orderId}/received` },
  })
  await sendQueuedEmail(prisma, msg.id, { attempt: 1, maxAttempts: 3 })
  const sent = await prisma.emailMessage.findUniqueOrThrow({ where: { id: msg.id } })
  return { ...placed, email: sent }
}

beforeEach(async () => {
  await resetDb()
  await bed.reset()
})

describe('outbound email carries what threads the answer back', () => {
  it('a stable Message-ID we store, Reply-To the order plus-address, Auto-Submitted: auto-generated', async () => {
    const o = await orderWithSentEmail()
    expect(o.email.messageId).toBe(`hl-${o.email.id}@hookline.test`)
    expect(o.email.replyTo).toBe(`orders+${o.number}@hookline.test`)
    const [sent] = await bed.messages('anna@example.com')
    const full = await bed.control<{
      message_id: string
      reply_to: string[]
      headers: Record<string, string>
    }>(`messages/${sent!.id}`)
    expect(full.message_id).toBe(`<hl-${o.email.id}@hookline.test>`)
    expect(full.reply_to).toEqual([`orders+${o.number}@hookline.test`])
    expect(full.headers['Auto-Submitted']).toBe('auto-generated')
  })
})

describe('linking rules, in order', () => {
  it('1. the plus-address token wins over everything else', async () => {
    const a = await orderWithSentEmail()
    const b = await orderWithSentEmail('bob@example.com')
    const r = await ingest(
      mail({
        id: 'p1@x',
        to: `orders+${a.number}@hookline.test`,
        inReplyTo: b.email.messageId!,
        subject: `about ${b.number}`,
      }),
    )
    const m = await prisma.inboundMessage.findUniqueOrThrow({ where: { id: r.id } })
    expect(m).toMatchObject({ status: 'FILED', linkRule: 'plus_address', orderId: a.orderId })
  })

  it('2. In-Reply-To / References naming an email we sent', async () => {
    const o = await orderWithSentEmail()
    const r = await ingest(mail({ id: 'r1@x', inReplyTo: o.email.messageId! }))
    const m = await prisma.inboundMessage.findUniqueOrThrow({ where: { id: r.id } })
    expect(m).toMatchObject({
      status: 'FILED',
      linkRule: 'in_reply_to',
      orderId: o.orderId,
      emailMessageId: o.email.id,
    })
    const timeline = await prisma.orderTimelineEntry.findMany({
      where: { orderId: o.orderId, kind: 'message.received' },
    })
    expect(timeline.map((t) => t.message)).toEqual(['Email received from anna@example.com: Pytanie'])
  })

  it('3. the order number in the subject or the body', async () => {
    const o = await orderWithSentEmail()
    const r1 = await ingest(
      mail({ id: 'n1@x', from: 'someone@else.example', subject: `Reklamacja ${o.number.toLowerCase()}` }),
    )
    const r2 = await ingest(
      mail({ id: 'n2@x', from: 'someone@else.example', body: `Chodzi o zamówienie ${o.number}.` }),
    )
    for (const r of [r1, r2])
      expect(await prisma.inboundMessage.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({
        linkRule: 'order_number',
        orderId: o.orderId,
      })
  })

  it('4. a known sender files under the customer; an unknown one becomes a new contact and waits unassigned', async () => {
    await orderWithSentEmail()
    const known = await ingest(mail({ id: 's1@x', from: 'ANNA@example.com' }))
    const stranger = await ingest(mail({ id: 's2@x', from: 'Piotr <piotr@new.example>' }))
    const k = await prisma.inboundMessage.findUniqueOrThrow({
      where: { id: known.id },
      include: { customer: true },
    })
    expect(k).toMatchObject({ status: 'FILED', linkRule: 'sender', orderId: null })
    expect(k.customer?.email).toBe('anna@example.com')
    const s = await prisma.inboundMessage.findUniqueOrThrow({
      where: { id: stranger.id },
      include: { customer: true },
    })
    expect(s).toMatchObject({ status: 'UNASSIGNED', linkRule: 'new_contact', orderId: null })
    expect(s.customer).toMatchObject({ email: 'piotr@new.example', name: 'Piotr', source: 'email' })
  })

  it('staff link an unassigned message by hand; a bad order number is a field error', async () => {
    const o = await orderWithSentEmail()
    const r = await ingest(mail({ id: 'h1@x', from: 'piotr@new.example' }))
    await expect(
      linkMessageToOrder(prisma, { inboundMessageId: r.id, orderNumber: 'HL-2026-999999' }),
    ).rejects.toThrow('No order HL-2026-999999.')
    await linkMessageToOrder(prisma, { inboundMessageId: r.id, orderNumber: o.number.toLowerCase() })
    expect(await prisma.inboundMessage.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({
      status: 'FILED',
      linkRule: 'staff',
      orderId: o.orderId,
    })
  })
})

describe('bounces and auto-replies', () => {
  it('a failed DSN bounces the email and makes the contact undeliverable; a delayed one only notes it', async () => {
    const o = await orderWithSentEmail('gone@example.org')
    const failed = fixture('bounce-postfix-failed.eml').replace(
      'hl-00000000-0000-0000-0000-000000000002@hookline.test',
      o.email.messageId!,
    )
    const r = await ingest(failed)
    expect(r).toMatchObject({ outcome: 'stored', kind: 'BOUNCE', status: 'FILED' })
    const email = await prisma.emailMessage.findUniqueOrThrow({ where: { id: o.email.id } })
    expect(email.status).toBe('BOUNCED')
    expect(email.bounceDetail).toBe(
      '5.1.1 failed: 550 5.1.1 <gone@example.org>: Recipient address rejected: User unknown in virtual mailbox table',
    )
    const c = await prisma.customer.findUniqueOrThrow({ where: { email: 'gone@example.org' } })
    expect(c.deliverability).toBe('BOUNCED')
    expect((await prisma.inboundMessage.findUniqueOrThrow({ where: { id: r.id } })).orderId).toBe(o.orderId)
  })

  it('a delayed DSN is not permanent', async () => {
    const o = await orderWithSentEmail('gone@example.org')
    await ingest(
      fixture('bounce-delayed.eml').replace(
        'hl-00000000-0000-0000-0000-000000000002@hookline.test',
        o.email.messageId!,
      ),
    )
    expect((await prisma.emailMessage.findUniqueOrThrow({ where: { id: o.email.id } })).status).not.toBe(
      'BOUNCED',
    )
    expect(
      (await prisma.customer.findUniqueOrThrow({ where: { email: 'gone@example.org' } })).deliverability,
    ).toBe('DELAYED')
  })

  it('an auto-reply is filed and can never be answered; nothing is queued', async () => {
    await orderWithSentEmail()
    const r = await ingest(fixture('auto-reply-ooo.eml'))
    expect(r).toMatchObject({ outcome: 'stored', kind: 'AUTO_REPLY', status: 'FILED' })
    const before = await prisma.emailMessage.count()
    await expect(
      replyToMessage(prisma, { inboundMessageId: r.id, body: 'hi', requestId: 'req-00000001' }),
    ).rejects.toThrow('Automated mail (bounces, auto-replies) is never answered.')
    expect(await prisma.emailMessage.count()).toBe(before)
  })
})

describe('staff answer', () => {
  it('goes out through Resend threaded on the customer message, Reply-To the plus-address, not auto-generated, once', async () => {
    const o = await orderWithSentEmail()
    const r = await ingest(
      mail({
        id: 'cust-1@mail.example.com',
        inReplyTo: o.email.messageId!,
        subject: `Re: Zamówienie ${o.number}`,
      }),
    )
    const first = await replyToMessage(prisma, {
      inboundMessageId: r.id,
      body: 'Adres zmieniony.',
      requestId: 'req-00000002',
    })
    const again = await replyToMessage(prisma, {
      inboundMessageId: r.id,
      body: 'Adres zmieniony.',
      requestId: 'req-00000002',
    })
    expect(again).toEqual({ emailMessageId: first.emailMessageId, isNew: false })
    await sendQueuedEmail(prisma, first.emailMessageId, { attempt: 1, maxAttempts: 3 })
    const sent = (await bed.messages('anna@example.com')).find(
      (m) => m.subject === `Re: Zamówienie ${o.number}`,
    )!
    const full = await bed.control<{ reply_to: string[]; headers: Record<string, string>; text: string }>(
      `messages/${sent.id}`,
    )
    expect(full.headers['In-Reply-To']).toBe('<cust-1@mail.example.com>')
    expect(full.headers.References).toBe(`<${o.email.messageId}> <cust-1@mail.example.com>`)
    expect(full.headers['Auto-Submitted']).toBeUndefined()
    expect(full.reply_to).toEqual([`orders+${o.number}@hookline.test`])
    expect(full.text).toContain('Adres zmieniony.')
    expect(
      (await prisma.inboundMessage.findUniqueOrThrow({ where: { id: r.id } })).answeredAt,
    ).toBeInstanceOf(Date)
  })
})
