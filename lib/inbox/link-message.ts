import 'server-only'
import { ensureCustomer } from '@/lib/customers/customers'
import type { DbTx } from '@/lib/db'
import type { Analysis } from './analyze'

// Which order and customer a received message belongs to. Rules, first match wins for the order:
//   1. a plus-address token in a recipient: orders+HL-2026-000123@shop
//   2. In-Reply-To / References naming an email we sent (or a message already filed)
//   3. an order number in the subject or the body
// The customer is the order's buyer; without an order, the sender's contact (an unknown sender becomes one).

export type LinkRule = 'plus_address' | 'in_reply_to' | 'order_number' | 'sender' | 'new_contact' | 'bounce'
export type Link = {
  orderId: string | null
  customerId: string | null
  emailMessageId: string | null
  rule: LinkRule | null
  isNewContact: boolean
}

const ORDER_NUMBER = /\bHL-\d{4}-\d{6}\b/gi

async function orderByNumber(tx: DbTx, numbers: string[]) {
  for (const n of numbers) {
    const o = await tx.order.findUnique({
      where: { number: n.toUpperCase() },
      select: { id: true, email: true, customerName: true },
    })
    if (o) return o
  }
  return null
}

async function byReference(tx: DbTx, ids: string[]) {
  if (!ids.length) return null
  const sent = await tx.emailMessage.findFirst({
    where: { messageId: { in: ids } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, orderId: true },
  })
  if (sent) return { emailMessageId: sent.id, orderId: sent.orderId }
  const earlier = await tx.inboundMessage.findFirst({
    where: { messageId: { in: ids }, orderId: { not: null } },
    select: { orderId: true, emailMessageId: true },
  })
  return earlier ? { emailMessageId: earlier.emailMessageId, orderId: earlier.orderId } : null
}

export async function linkMessage(tx: DbTx, a: Analysis): Promise<Link> {
  const link: Link = {
    orderId: null,
    customerId: null,
    emailMessageId: null,
    rule: null,
    isNewContact: false,
  }

  if (a.classification.kind === 'BOUNCE') {
    const c = a.classification
    const ref = await byReference(
      tx,
      [c.originalMessageId, ...a.inReplyTo, ...a.references].filter((x): x is string => !!x),
    )
    const rcpt =
      c.recipients.find((r) => r.action === 'failed')?.finalRecipient ?? c.recipients[0]?.finalRecipient
    const customer = rcpt
      ? await tx.customer.findUnique({ where: { email: rcpt.toLowerCase() }, select: { id: true } })
      : null
    return {
      ...link,
      orderId: ref?.orderId ?? null,
      emailMessageId: ref?.emailMessageId ?? null,
      customerId: customer?.id ?? null,
      rule: 'bounce',
    }
  }

  const tokens = a.recipients.flatMap((r) => {
    const m = /^[^+@]+\+([^@]+)@/.exec(r)
    return m ? [m[1]!] : []
  })
  let order = await orderByNumber(tx, tokens)
  if (order) link.rule = 'plus_address'
  if (!order) {
    const ref = await byReference(tx, [...a.inReplyTo, ...a.references])
    if (ref?.orderId) {
      order = await tx.order.findUnique({
        where: { id: ref.orderId },
        select: { id: true, email: true, customerName: true },
      })
      link.emailMessageId = ref.emailMessageId
      if (order) link.rule = 'in_reply_to'
    }
  }
  if (!order) {
    const found = `${a.subject ?? ''}\n${a.text ?? ''}`.match(ORDER_NUMBER) ?? []
    order = await orderByNumber(tx, [...new Set(found)])
    if (order) link.rule = 'order_number'
  }
  if (order) {
    link.orderId = order.id
    link.customerId = (
      await ensureCustomer(tx, { email: order.email, name: order.customerName, source: 'order' })
    ).id
    if (!link.emailMessageId)
      link.emailMessageId = (await byReference(tx, [...a.inReplyTo, ...a.references]))?.emailMessageId ?? null
    return link
  }
  if (!a.fromAddress) return link
  if (a.classification.kind === 'AUTO_REPLY') {
    // an autoresponder or a list is no new contact
    const known = await tx.customer.findUnique({ where: { email: a.fromAddress }, select: { id: true } })
    return { ...link, customerId: known?.id ?? null, rule: known ? 'sender' : null }
  }
  const c = await ensureCustomer(tx, { email: a.fromAddress, name: a.fromName, source: 'email' })
  return { ...link, customerId: c.id, rule: c.isNew ? 'new_contact' : 'sender', isNewContact: c.isNew }
}
