import 'server-only'
import { z } from 'zod'
import { ensureCustomer } from '@/lib/customers/customers'
import type { Db } from '@/lib/db'
import { queueEmail } from '@/lib/email/queue-email'
import { AppError } from '@/lib/errors'

// What staff do with a received message: answer it (threaded, through the email module and Resend), link it to an
// order by hand, mark it read.

export const ZReplyToMessage = z.object({
  inboundMessageId: z.uuid(),
  body: z.string().trim().min(1, 'write the answer first').max(20_000),
  /** one per form render, so a double submit sends one email */
  requestId: z.string().min(8).max(64),
})
export type TReplyToMessage = z.infer<typeof ZReplyToMessage>

export async function replyToMessage(db: Db, input: TReplyToMessage) {
  const data = ZReplyToMessage.parse(input)
  return db.$transaction(async (tx) => {
    const m = await tx.inboundMessage.findUnique({
      where: { id: data.inboundMessageId },
      include: { order: { select: { id: true, number: true, locale: true } } },
    })
    if (!m) throw new AppError('NOT_FOUND', 'That message does not exist.', { isRetryable: false })
    if (m.status === 'QUARANTINED')
      throw new AppError('CONFLICT', 'A quarantined message cannot be answered.', { isRetryable: false })
    if (m.kind !== 'MESSAGE')
      throw new AppError('CONFLICT', 'Automated mail (bounces, auto-replies) is never answered.', {
        isRetryable: false,
      })
    if (!m.fromAddress)
      throw new AppError('CONFLICT', 'The message has no sender to answer.', { isRetryable: false })
    const subject = /^re:/i.test(m.subject ?? '') ? (m.subject as string) : `Re: ${m.subject ?? ''}`.trim()
    const { emailMessageId, isNew } = await queueEmail(tx, {
      template: 'staff-reply',
      to: m.fromAddress,
      locale: m.order?.locale ?? 'pl',
      idempotencyKey: `inbound/${m.id}/reply/${data.requestId}`,
      orderId: m.orderId,
      props: { subject, body: data.body, orderNumber: m.order?.number ?? null },
    })
    if (isNew) {
      await tx.emailMessage.update({
        where: { id: emailMessageId },
        data: {
          inReplyTo: m.messageId,
          references: [...m.references, ...(m.messageId ? [m.messageId] : [])].slice(-20),
          inboundReplyToId: m.id,
        },
      })
      await tx.inboundMessage.update({
        where: { id: m.id },
        data: { answeredAt: new Date(), readAt: m.readAt ?? new Date() },
      })
    }
    return { emailMessageId, isNew }
  })
}

export const ZLinkMessage = z.object({
  inboundMessageId: z.uuid(),
  orderNumber: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^HL-\d{4}-\d{6}$/, 'an order number like HL-2026-000123'),
})

export async function linkMessageToOrder(db: Db, input: z.infer<typeof ZLinkMessage>) {
  const data = ZLinkMessage.parse(input)
  return db.$transaction(async (tx) => {
    const order = await tx.order.findUnique({
      where: { number: data.orderNumber },
      select: { id: true, email: true, customerName: true },
    })
    if (!order) throw new AppError('NOT_FOUND', `No order ${data.orderNumber}.`, { isRetryable: false })
    const m = await tx.inboundMessage.findUnique({ where: { id: data.inboundMessageId } })
    if (!m) throw new AppError('NOT_FOUND', 'That message does not exist.', { isRetryable: false })
    if (m.status === 'QUARANTINED')
      throw new AppError('CONFLICT', 'A quarantined message cannot be linked.', { isRetryable: false })
    const customer = await ensureCustomer(tx, {
      email: order.email,
      name: order.customerName,
      source: 'order',
    })
    await tx.inboundMessage.update({
      where: { id: m.id },
      data: { orderId: order.id, customerId: customer.id, status: 'FILED', linkRule: 'staff' },
    })
    await tx.orderTimelineEntry.create({
      data: {
        orderId: order.id,
        kind: 'message.linked',
        message: `Email from ${m.fromAddress ?? '?'} linked to this order by staff: ${m.subject ?? ''}`.slice(
          0,
          1000,
        ),
        data: { inboundMessageId: m.id },
      },
    })
    return { orderId: order.id }
  })
}

export async function markMessageRead(db: Db, id: string) {
  await db.inboundMessage.updateMany({ where: { id, readAt: null }, data: { readAt: new Date() } })
}
