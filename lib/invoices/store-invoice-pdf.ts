import { z } from 'zod'
import type { Db, DbTx } from '@/lib/db'
import { queueEmail } from '@/lib/email/queue-email'
import type { PaymentConfirmedProps, RefundConfirmedProps } from '@/lib/email/templates'
import { env } from '@/lib/env'
import { AppError } from '@/lib/errors'
import { type TInvoiceDocument, ZInvoiceDocument } from './document'
import { renderInvoicePdf } from './pdf/render'

export type TStorePdfResult = { isNew: boolean; sizeBytes: number; renderMs: number | null }

/**
 * Renders an issued invoice's PDF from its stored snapshot and stores it (write-once: a second run finds it and
 * succeeds), then queues the customer's email with the PDF attached in the same transaction, so the email is only
 * ever queued once its attachment exists: 'payment-confirmed' for an invoice, 'refund-confirmed' for a correction.
 */
export async function storeInvoicePdf(
  db: Db,
  invoiceId: string,
  opts: { render?: (doc: TInvoiceDocument) => Promise<Uint8Array> } = {},
): Promise<TStorePdfResult> {
  const id = z.uuid().parse(invoiceId)
  const invoice = await db.invoice.findUnique({
    where: { id },
    select: { id: true, document: true, pdf: { select: { sizeBytes: true } } },
  })
  if (!invoice) throw new AppError('NOT_FOUND', `invoice ${id} not found`, { isRetryable: false })
  if (invoice.pdf) {
    await db.$transaction((tx) => queueInvoiceEmail(tx, id))
    return { isNew: false, sizeBytes: invoice.pdf.sizeBytes, renderMs: null }
  }
  const doc = ZInvoiceDocument.safeParse(invoice.document)
  if (!doc.success) {
    throw new AppError('INTERNAL', `invoice ${id} has an invalid stored document`, { isRetryable: false })
  }
  const started = performance.now()
  const bytes = await (opts.render ?? renderInvoicePdf)(doc.data)
  const renderMs = Math.round(performance.now() - started)
  return db.$transaction(async (tx) => {
    // ON CONFLICT DO NOTHING: a concurrent render that stored first wins, and the row is never rewritten
    const { count } = await tx.invoicePdf.createMany({
      data: [{ invoiceId: id, data: new Uint8Array(bytes), sizeBytes: bytes.length, renderMs }],
      skipDuplicates: true,
    })
    await queueInvoiceEmail(tx, id)
    return { isNew: count === 1, sizeBytes: bytes.length, renderMs }
  })
}

export const orderUrl = (orderNumber: string) => `${env.APP_URL}/orders/${encodeURIComponent(orderNumber)}`

/** The customer's email about an issued document, keyed invoice/<id>/email (queued at most once). */
async function queueInvoiceEmail(tx: DbTx, invoiceId: string) {
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
