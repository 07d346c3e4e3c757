import 'server-only'
import type Stripe from 'stripe'
import type { RefundStatus } from '@/generated/prisma/enums'
import type { Db } from '@/lib/db'
import { emitLifecycleEvent } from '@/lib/events/emit'
import { callStripe } from '@/lib/integrations/stripe'
import { transitionOrder } from '@/lib/orders/transition'
import { applyCheckoutSession } from './apply-session'
import { flagOrder } from './flag-order'
import type { ProcessingOutcome } from './outcome'

const REFUND_STATUS: Record<string, RefundStatus> = {
  pending: 'PENDING',
  requires_action: 'PENDING',
  succeeded: 'SUCCEEDED',
  failed: 'FAILED',
  canceled: 'CANCELED',
}

/**
 * Brings refunds in line with the charge's current state at Stripe (re-fetched, never from the event body).
 * The order's refunded amount only grows and counts succeeded refunds only; each newly confirmed refund emits
 * refund.confirmed in the same transaction (its corrective invoice subscribes).
 */
export async function syncCharge(db: Db, chargeId: string, actor: string): Promise<ProcessingOutcome> {
  const charge = await callStripe({ operation: 'charges.retrieve' }, (s) =>
    s.charges.retrieve(chargeId, { expand: ['refunds'] }),
  )
  const piId = typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id
  if (!piId) return { outcome: 'ignored', detail: `charge ${charge.id} has no payment intent` }

  let payment = await db.payment.findUnique({ where: { paymentIntentId: piId } })
  if (!payment) {
    // the refund event overtook checkout.session.completed: apply the session first, through the same code path
    const sessions = await callStripe({ operation: 'checkout.sessions.list' }, (s) =>
      s.checkout.sessions.list({
        payment_intent: piId,
        limit: 1,
        expand: ['data.payment_intent', 'data.payment_intent.latest_charge'],
      }),
    )
    const session = sessions.data[0]
    if (!session) return { outcome: 'ignored', detail: `no checkout session for payment intent ${piId}` }
    await applyCheckoutSession(db, session, actor)
    payment = await db.payment.findUnique({ where: { paymentIntentId: piId } })
    if (!payment) return { outcome: 'ignored', detail: `payment intent ${piId} is not one of ours` }
  }
  const refunds = charge.refunds?.data ?? []
  const paymentId = payment.id
  const orderId = payment.orderId

  return db.$transaction(async (tx) => {
    const [order] = await tx.$queryRaw<
      { status: string; total_gross_minor: number; refunded_minor: number; currency: string }[]
    >`
      SELECT status, total_gross_minor, refunded_minor, currency FROM orders WHERE id = ${orderId}::uuid FOR UPDATE`
    if (!order) return { outcome: 'ignored', detail: 'order not found', orderId }
    const confirmed: string[] = []
    for (const r of refunds) {
      const status = REFUND_STATUS[r.status ?? ''] ?? 'PENDING'
      const ours = await tx.refund.findFirst({
        where: {
          OR: [
            { providerRefundId: r.id },
            ...(r.metadata?.refundId && /^[0-9a-f-]{36}$/i.test(r.metadata.refundId)
              ? [{ id: r.metadata.refundId }]
              : []),
          ],
        },
      })
      const row =
        ours ??
        (await tx.refund.create({
          data: {
            orderId,
            paymentId,
            amountMinor: r.amount,
            currency: (r.currency ?? order.currency).toUpperCase(),
            reason: r.reason ?? 'refunded in the Stripe dashboard',
            status: 'PENDING',
            idempotencyKey: `stripe/refund/${r.id}`,
            providerRefundId: r.id,
            requestedBy: 'stripe',
          },
        }))
      if (row.status === 'SUCCEEDED' || row.status === status) {
        if (!row.providerRefundId)
          await tx.refund.update({ where: { id: row.id }, data: { providerRefundId: r.id } })
        continue
      }
      await tx.refund.update({
        where: { id: row.id },
        data: {
          status,
          providerRefundId: r.id,
          ...(status === 'SUCCEEDED' ? { confirmedAt: new Date() } : {}),
          ...(status === 'FAILED' ? { lastError: r.failure_reason ?? 'refund failed at Stripe' } : {}),
        },
      })
      if (status === 'SUCCEEDED') {
        confirmed.push(r.id)
        await emitLifecycleEvent(tx, 'refund.confirmed', { orderId, refundId: row.id })
      }
      if (status === 'FAILED')
        await flagOrder(
          tx,
          orderId,
          'refund.failed',
          `Refund ${r.id} failed at Stripe: ${r.failure_reason ?? 'unknown reason'}`,
        )
    }

    const succeeded = refunds.filter((r) => r.status === 'succeeded').reduce((s, r) => s + r.amount, 0)
    const refundedMinor = Math.min(order.total_gross_minor, Math.max(order.refunded_minor, succeeded))
    if (refundedMinor !== order.refunded_minor)
      await tx.order.update({ where: { id: orderId }, data: { refundedMinor } })
    if (refundedMinor > 0) {
      const to = refundedMinor >= order.total_gross_minor ? 'REFUNDED' : 'PARTIALLY_REFUNDED'
      await transitionOrder(tx, orderId, to, {
        reason: `refund confirmed by Stripe (${refundedMinor} refunded in total)`,
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

/** A dispute (chargeback) needs a human: the order is flagged with the reason and amount. */
export async function syncDispute(db: Db, disputeId: string): Promise<ProcessingOutcome> {
  const dispute = await callStripe({ operation: 'disputes.retrieve' }, (s) => s.disputes.retrieve(disputeId))
  const chargeId = typeof dispute.charge === 'string' ? dispute.charge : dispute.charge.id
  const piId =
    typeof dispute.payment_intent === 'string' ? dispute.payment_intent : dispute.payment_intent?.id
  const payment =
    (piId ? await db.payment.findUnique({ where: { paymentIntentId: piId } }) : null) ??
    (await db.payment.findFirst({ where: { chargeId } }))
  if (!payment)
    return { outcome: 'ignored', detail: `dispute ${dispute.id} is for a charge that is not ours` }
  const message = `Dispute ${dispute.id} opened: ${dispute.reason}, ${dispute.amount} ${dispute.currency.toUpperCase()} (status ${dispute.status}). Respond in Stripe before the deadline.`
  await db.$transaction((tx) =>
    flagOrder(tx, payment.orderId, 'payment.dispute', message, { disputeId: dispute.id }),
  )
  return { outcome: 'flagged', detail: message, orderId: payment.orderId }
}

export type { Stripe }
