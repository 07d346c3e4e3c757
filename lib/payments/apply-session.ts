import 'server-only'
import type Stripe from 'stripe'
import type { PaymentStatus } from '@/generated/prisma/enums'
import type { Db, DbTx } from '@/lib/db'
import { env } from '@/lib/env'
import { emitLifecycleEvent } from '@/lib/events/emit'
import { callStripe } from '@/lib/integrations/stripe'
import { enqueueJob } from '@/lib/jobs/enqueue'
import { transitionOrder } from '@/lib/orders/transition'
import { flagOrder } from './flag-order'
import type { ProcessingOutcome } from './outcome'

/**
 * The one code path that turns a Checkout Session's current state (fetched from Stripe, never taken from an event
 * body) into our state. Used by the webhook handlers, the return page's "ask Stripe" and reconciliation.
 */
export async function syncCheckoutSession(
  db: Db,
  sessionId: string,
  actor: string,
): Promise<ProcessingOutcome> {
  const session = await callStripe({ operation: 'checkout.sessions.retrieve' }, (s) =>
    s.checkout.sessions.retrieve(sessionId, { expand: ['payment_intent', 'payment_intent.latest_charge'] }),
  )
  return applyCheckoutSession(db, session, actor)
}

type Intent = Stripe.PaymentIntent & { latest_charge: Stripe.Charge | string | null }

export async function applyCheckoutSession(
  db: Db,
  session: Stripe.Checkout.Session,
  actor: string,
): Promise<ProcessingOutcome> {
  const payment = await db.payment.findFirst({
    where: {
      OR: [
        { checkoutSessionId: session.id },
        ...(session.metadata?.paymentId && /^[0-9a-f-]{36}$/i.test(session.metadata.paymentId)
          ? [{ id: session.metadata.paymentId }]
          : []),
      ],
    },
  })
  if (!payment)
    return { outcome: 'ignored', detail: `no payment attempt of ours matches session ${session.id}` }
  const intent = typeof session.payment_intent === 'object' ? (session.payment_intent as Intent | null) : null
  const charge = intent && typeof intent.latest_charge === 'object' ? intent.latest_charge : null
  const isAsyncFailure =
    session.status === 'complete' &&
    session.payment_status === 'unpaid' &&
    (intent?.status === 'requires_payment_method' || intent?.status === 'canceled')

  return db.$transaction(async (tx) => {
    // the row lock serialises everything that touches this order (duplicate events, return page, reconciliation)
    const [order] = await tx.$queryRaw<
      {
        id: string
        status: string
        total_gross_minor: number
        currency: string
        is_stock_released: boolean
      }[]
    >`
      SELECT id, status, total_gross_minor, currency, is_stock_released FROM orders WHERE id = ${payment.orderId}::uuid FOR UPDATE`
    if (!order) return { outcome: 'ignored', detail: 'order not found' }
    const base = { orderId: order.id }

    await tx.payment.update({
      where: { id: payment.id },
      data: {
        status: nextPaymentStatus(payment.status, session, isAsyncFailure),
        checkoutSessionId: session.id,
        providerPaymentStatus: session.payment_status,
        paymentIntentId:
          intent?.id ?? (typeof session.payment_intent === 'string' ? session.payment_intent : undefined),
        chargeId: charge?.id ?? undefined,
        paymentMethodType:
          charge?.payment_method_details?.type ?? intent?.payment_method_types?.[0] ?? undefined,
      },
    })

    if (session.status === 'expired')
      return {
        ...base,
        outcome: 'processed',
        detail: `checkout session ${session.id} expired; the order can be paid again`,
      }
    if (session.status !== 'complete')
      return { ...base, outcome: 'ignored', detail: `session ${session.id} is still ${session.status}` }

    if (
      session.amount_total !== order.total_gross_minor ||
      session.currency?.toUpperCase() !== order.currency
    ) {
      const message = `Stripe session ${session.id} is for ${session.amount_total} ${session.currency?.toUpperCase()}, the order totals ${order.total_gross_minor} ${order.currency}; not marked paid`
      await flagOrder(tx, order.id, 'payment.amount_mismatch', message, { sessionId: session.id })
      return { ...base, outcome: 'flagged', detail: message }
    }

    if (session.payment_status === 'paid' || session.payment_status === 'no_payment_required') {
      const r = await transitionOrder(tx, order.id, 'PAID', {
        reason: `payment confirmed by Stripe (${session.id})`,
        actor,
      })
      if (!r.changed)
        return { ...base, outcome: 'processed', detail: `order already ${r.status}; nothing to change` }
      await tx.order.update({
        where: { id: order.id },
        data: {
          paymentMethod: charge?.payment_method_details?.type ?? intent?.payment_method_types?.[0] ?? 'card',
        },
      })
      if (r.from === 'CANCELLED') await rereserveStock(tx, order.id, order.is_stock_released)
      await emitLifecycleEvent(tx, 'order.paid', { orderId: order.id, paymentId: payment.id })
      return { ...base, outcome: 'processed', detail: `order paid (was ${r.from})` }
    }

    if (isAsyncFailure) {
      const r = await transitionOrder(tx, order.id, 'PENDING_PAYMENT', {
        reason: 'asynchronous payment failed; the customer can pay again',
        actor,
      })
      // the unpaid-order timer starts again from now (lib/orders/release-unpaid-order.ts counts from here)
      if (r.changed)
        await enqueueJob(
          tx,
          'release-unpaid-order',
          { orderId: order.id },
          {
            jobKey: `order/${order.id}/release`,
            runAt: new Date(Date.now() + env.UNPAID_ORDER_TTL_MINUTES * 60_000),
          },
        )
      return {
        ...base,
        outcome: 'processed',
        detail: r.changed
          ? 'asynchronous payment failed; order awaits payment again'
          : `order stays ${r.status}`,
      }
    }

    const r = await transitionOrder(tx, order.id, 'PAYMENT_PROCESSING', {
      reason: 'checkout completed; waiting for the asynchronous payment to clear',
      actor,
    })
    return {
      ...base,
      outcome: 'processed',
      detail: r.changed ? 'payment processing (asynchronous method)' : `order stays ${r.status}`,
    }
  })
}

function nextPaymentStatus(
  current: PaymentStatus,
  session: Stripe.Checkout.Session,
  isAsyncFailure: boolean,
): PaymentStatus {
  if (isAsyncFailure) return 'FAILED'
  if (session.status === 'complete') return 'COMPLETED'
  // a late "expired" never reopens or un-completes an attempt
  if (session.status === 'expired') return current === 'COMPLETED' ? current : 'EXPIRED'
  return current === 'CREATING' ? 'OPEN' : current
}

/**
 * Money arrived for an order that had been cancelled (its checkout completed just as the unpaid-order timer fired).
 * The payment is booked; the stock is taken again where it is still there, otherwise staff are told.
 */
async function rereserveStock(tx: DbTx, orderId: string, wasReleased: boolean) {
  if (!wasReleased) return
  const lines = await tx.orderLine.findMany({ where: { orderId } })
  const short: string[] = []
  for (const l of lines) {
    const n = await tx.$executeRaw`
      UPDATE products SET stock = stock - ${l.quantity}, updated_at = now() WHERE id = ${l.productId}::uuid AND stock >= ${l.quantity}`
    if (n === 0) short.push(l.nameEn)
  }
  await tx.order.update({ where: { id: orderId }, data: { isStockReleased: false } })
  await flagOrder(
    tx,
    orderId,
    'payment.after_cancellation',
    short.length
      ? `Paid after it was cancelled; not enough stock for: ${short.join(', ')}. Contact the customer or refund.`
      : 'Paid after it was cancelled; the stock was reserved again. Check fulfilment.',
  )
}
