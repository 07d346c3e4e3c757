import 'server-only'
import type { Db } from '@/lib/db'
import { enqueueJob } from '@/lib/jobs/enqueue'

/**
 * Subscriber of payment.double: gives the second payment back in full, unless staff turned automatic refunds of
 * double payments off in Settings (the order keeps its payment.double flag either way). The refund is a normal
 * refund row (purpose DUPLICATE_PAYMENT) that goes through the same provider call and confirmation as staff
 * refunds, with a key derived from the payment, so it happens once.
 */
export async function refundDoublePayment(db: Db, paymentId: string) {
  const settings = await db.shopSettings.findUnique({
    where: { id: 1 },
    select: { autoRefundDoublePayments: true },
  })
  if (settings && !settings.autoRefundDoublePayments)
    return { skipped: 'automatic refund of double payments is off' }
  return db.$transaction(async (tx) => {
    const payment = await tx.payment.findUnique({ where: { id: paymentId } })
    if (!payment?.isDuplicate || payment.status !== 'COMPLETED')
      return { skipped: 'not a completed double payment' }
    const idempotencyKey = `payment/${paymentId}/duplicate-refund`
    const existing = await tx.refund.findUnique({ where: { idempotencyKey } })
    if (existing) return { refundId: existing.id }
    const refund = await tx.refund.create({
      data: {
        orderId: payment.orderId,
        paymentId,
        amountMinor: payment.amountMinor,
        currency: payment.currency,
        reason: 'double payment: the order was already paid',
        purpose: 'DUPLICATE_PAYMENT',
        idempotencyKey,
        requestedBy: 'system',
      },
    })
    await enqueueJob(tx, 'create-refund', { refundId: refund.id }, { jobKey: `refund/${refund.id}/create` })
    return { refundId: refund.id }
  })
}
