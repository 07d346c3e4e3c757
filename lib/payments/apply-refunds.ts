import 'server-only'
import type { Db } from '@/lib/db'
import { emitLifecycleEvent } from '@/lib/events/emit'
import { transitionOrder } from '@/lib/orders/transition'
import { flagOrder } from './flag-order'
import type { ProcessingOutcome } from './outcome'
import { providerName } from './providers'
import type { TRefundSnapshot } from './providers/types'

/**
 * Brings our refunds of one payment in line with the provider's (re-fetched) list, for every provider. A refund
 * only moves forward; refunds made in the provider's panel are recorded too. Each newly confirmed refund of the
 * order emits refund.confirmed in the same transaction (its corrective invoice subscribes); the refund of a
 * double payment gives back money the order never kept, so it changes neither the order nor its invoices.
 * The order's refunded amount only grows and counts confirmed order refunds only.
 */
export async function applyRefundSnapshots(
  db: Db,
  paymentId: string,
  refunds: TRefundSnapshot[],
  actor: string,
): Promise<ProcessingOutcome> {
  const payment = await db.payment.findUniqueOrThrow({ where: { id: paymentId } })
  const orderId = payment.orderId
  const name = providerName(payment.provider)
  return db.$transaction(async (tx) => {
    const [order] = await tx.$queryRaw<
      { total_gross_minor: number; refunded_minor: number; currency: string }[]
    >`
      SELECT total_gross_minor, refunded_minor, currency FROM orders WHERE id = ${orderId}::uuid FOR UPDATE`
    if (!order) return { outcome: 'ignored', detail: 'order not found', orderId }
    const confirmed: string[] = []
    for (const r of refunds) {
      const ours = await tx.refund.findFirst({
        where: {
          OR: [{ providerRefundId: r.providerRefundId }, ...(r.ourRefundId ? [{ id: r.ourRefundId }] : [])],
        },
      })
      const row =
        ours ??
        (await tx.refund.create({
          data: {
            orderId,
            paymentId,
            amountMinor: r.amountMinor,
            currency: r.currency.toUpperCase(),
            reason: r.reason ?? `refunded in the ${name} panel`,
            status: 'PENDING',
            purpose: payment.isDuplicate ? 'DUPLICATE_PAYMENT' : 'ORDER',
            idempotencyKey: `${payment.provider}/refund/${r.providerRefundId}`,
            providerRefundId: r.providerRefundId,
            requestedBy: payment.provider,
          },
        }))
      if (row.status === 'SUCCEEDED' || row.status === r.state) {
        if (!row.providerRefundId)
          await tx.refund.update({ where: { id: row.id }, data: { providerRefundId: r.providerRefundId } })
        continue
      }
      await tx.refund.update({
        where: { id: row.id },
        data: {
          status: r.state,
          providerRefundId: r.providerRefundId,
          ...(r.state === 'SUCCEEDED' ? { confirmedAt: new Date() } : {}),
          ...(r.state === 'FAILED' ? { lastError: r.failureReason ?? `refund failed at ${name}` } : {}),
        },
      })
      if (r.state === 'SUCCEEDED' && row.purpose === 'ORDER') {
        confirmed.push(r.providerRefundId)
        await emitLifecycleEvent(tx, 'refund.confirmed', { orderId, refundId: row.id })
      }
      if (r.state === 'FAILED' || r.state === 'CANCELED')
        await flagOrder(
          tx,
          orderId,
          'refund.failed',
          `Refund ${r.providerRefundId} ${r.state === 'FAILED' ? 'failed' : 'was cancelled'} at ${name}: ${r.failureReason ?? 'no reason given'}`,
        )
    }

    const sums = await tx.refund.aggregate({
      where: { orderId, status: 'SUCCEEDED', purpose: 'ORDER' },
      _sum: { amountMinor: true },
    })
    const refundedMinor = Math.min(
      order.total_gross_minor,
      Math.max(order.refunded_minor, sums._sum.amountMinor ?? 0),
    )
    if (refundedMinor !== order.refunded_minor)
      await tx.order.update({ where: { id: orderId }, data: { refundedMinor } })
    if (refundedMinor > 0) {
      const to = refundedMinor >= order.total_gross_minor ? 'REFUNDED' : 'PARTIALLY_REFUNDED'
      await transitionOrder(tx, orderId, to, {
        reason: `refund confirmed by ${name} (${refundedMinor} refunded in total)`,
        actor,
      })
    }
    return {
      orderId,
      outcome: 'processed' as const,
      detail: confirmed.length
        ? `refund(s) ${confirmed.join(', ')} confirmed; ${refundedMinor} refunded in total`
        : `refunds unchanged; ${refundedMinor} refunded in total`,
    }
  })
}
