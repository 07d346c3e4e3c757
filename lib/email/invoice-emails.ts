import type { DbTx } from '@/lib/db'
import { env } from '@/lib/env'
import { queueEmail } from './queue-email'
import type { PaymentConfirmedProps, RefundConfirmedProps } from './templates'

// Subscriber of invoice.pdf_ready: the customer's email about an issued document, with its PDF attached:
// 'payment-confirmed' for an invoice, 'refund-confirmed' for a correction.

export const orderUrl = (orderNumber: string) => `${env.APP_URL}/orders/${encodeURIComponent(orderNumber)}`

/** The customer's email about an issued document, keyed invoice/<id>/email (queued at most once). */
export async function queueInvoiceEmail(tx: DbTx, invoiceId: string) {
  const inv = await tx.invoice.findUniqueOrThrow({
    where: { id: invoiceId },
    select: {
      kind: true,
      number: true,
      orderId: true,
      refund: { select: { amountMinor: true } },
      order: {
        select: {
          number: true,
          email: true,
          locale: true,
          customerName: true,
          currency: true,
          totalGrossMinor: true,
          paidAt: true,
        },
      },
    },
  })
  const o = inv.order
  const base = {
    to: o.email,
    locale: o.locale,
    idempotencyKey: `invoice/${invoiceId}/email`,
    orderId: inv.orderId,
    attachInvoiceIds: [invoiceId],
  }
  const common = {
    locale: o.locale,
    orderNumber: o.number,
    customerName: o.customerName,
    currency: o.currency,
  }
  if (inv.kind === 'INVOICE') {
    const props = {
      ...common,
      totalMinor: o.totalGrossMinor,
      paidAt: (o.paidAt ?? new Date()).toISOString(),
      orderUrl: orderUrl(o.number),
      invoiceNumber: inv.number,
    } satisfies PaymentConfirmedProps
    await queueEmail(tx, { ...base, template: 'payment-confirmed', props })
  } else {
    const props = {
      ...common,
      refundedMinor: inv.refund?.amountMinor ?? 0,
      correctiveInvoiceNumber: inv.number,
      orderUrl: orderUrl(o.number),
    } satisfies RefundConfirmedProps
    await queueEmail(tx, { ...base, template: 'refund-confirmed', props })
  }
}
