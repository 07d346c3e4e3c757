import 'server-only'
import type Stripe from 'stripe'
import type { Db } from '@/lib/db'
import { callStripe } from '@/lib/integrations/stripe'
import { applyRefundSnapshots } from './apply-refunds'
import { applySnapshot } from './apply-snapshot'
import { flagOrder } from './flag-order'
import type { ProcessingOutcome } from './outcome'
import { snapshotOfRefund, snapshotOfSession } from './providers/stripe'

/**
 * Stripe's refund events point at a charge, which holds every refund: re-fetch it and apply its refunds through
 * the provider-neutral applyRefundSnapshots.
 */
export async function syncCharge(db: Db, chargeId: string, actor: string): Promise<ProcessingOutcome> {
  const charge = await callStripe({ operation: 'charges.retrieve' }, (s) =>
    s.charges.retrieve(chargeId, { expand: ['refunds'] }),
  )
  const piId = typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id
  if (!piId) return { outcome: 'ignored', detail: `charge ${charge.id} has no payment intent` }

  let payment = await db.payment.findUnique({ where: { providerPaymentId: piId } })
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
    await applySnapshot(db, snapshotOfSession(session), actor)
    payment = await db.payment.findUnique({ where: { providerPaymentId: piId } })
    if (!payment) return { outcome: 'ignored', detail: `payment intent ${piId} is not one of ours` }
  }
  const refunds = (charge.refunds?.data ?? []).map((r) => snapshotOfRefund(r, charge.currency))
  return applyRefundSnapshots(db, payment.id, refunds, actor)
}

/** A dispute (chargeback) needs a human: the order is flagged with the reason and amount. */
export async function syncDispute(db: Db, disputeId: string): Promise<ProcessingOutcome> {
  const dispute = await callStripe({ operation: 'disputes.retrieve' }, (s) => s.disputes.retrieve(disputeId))
  const chargeId = typeof dispute.charge === 'string' ? dispute.charge : dispute.charge.id
  const piId =
    typeof dispute.payment_intent === 'string' ? dispute.payment_intent : dispute.payment_intent?.id
  const payment =
    (piId ? await db.payment.findUnique({ where: { providerPaymentId: piId } }) : null) ??
    (await db.payment.findFirst({ where: { providerChargeId: chargeId } }))
  if (!payment)
    return { outcome: 'ignored', detail: `dispute ${dispute.id} is for a charge that is not ours` }
  const message = `Dispute ${dispute.id} opened: ${dispute.reason}, ${dispute.amount} ${dispute.currency.toUpperCase()} (status ${dispute.status}). Respond in Stripe before the deadline.`
  await db.$transaction((tx) =>
    flagOrder(tx, payment.orderId, 'payment.dispute', message, { disputeId: dispute.id }),
  )
  return { outcome: 'flagged', detail: message, orderId: payment.orderId }
}

export type { Stripe }
