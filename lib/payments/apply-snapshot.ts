import 'server-only'
import type { PaymentStatus } from '@/generated/prisma/enums'
import type { Db, DbTx } from '@/lib/db'
import { env } from '@/lib/env'
import { emitLifecycleEvent } from '@/lib/events/emit'
import { enqueueJob } from '@/lib/jobs/enqueue'
import { isPaidStatus } from '@/lib/orders/state-machine'
import { transitionOrder } from '@/lib/orders/transition'
import { flagOrder } from './flag-order'
import type { ProcessingOutcome } from './outcome'
import { providerName } from './providers'
import type { TPaymentSnapshot } from './providers/types'

export type TApplyResult = ProcessingOutcome & {
  /** an authorised payment we must capture or cancel at the provider (PayU WAITING_FOR_CONFIRMATION) */
  capture?: 'capture' | 'cancel'
}

/**
 * THE one place money rules live, for every provider: turns a payment attempt's current state at its provider
 * (re-fetched, never an event body) into our state. Used by every webhook handler, the return page's "ask the
 * provider", reconciliation and the unpaid-order release.
 * - amount and currency must equal the order's, or the order is flagged and not paid;
 * - paid is final for an attempt (a late "expired" or "pending" never downgrades it) and the order transition is
 *   monotonic (lib/orders/state-machine.ts);
 * - money for a cancelled order is booked, its stock taken again where possible, and staff are told;
 * - a second paid attempt for an order already paid is a double payment: flagged, and `payment.double` emitted
 *   (its subscriber refunds it unless staff turned that off).
 */
export async function applySnapshot(db: Db, snap: TPaymentSnapshot, actor: string): Promise<TApplyResult> {
  const payment = (await findAttempt(db, snap)) ?? (await adoptAttempt(db, snap))
  if (!payment)
    return {
      outcome: 'ignored',
      detail: `no payment attempt of ours matches ${snap.provider} checkout ${snap.checkoutId}`,
    }
  return applyToAttempt(db, payment, snap, actor)
}

const findAttempt = (db: Db, snap: TPaymentSnapshot) =>
  db.payment.findFirst({
    where: {
      OR: [
        { provider: snap.provider, providerCheckoutId: snap.checkoutId },
        ...(snap.ourPaymentId ? [{ id: snap.ourPaymentId, provider: snap.provider }] : []),
      ],
    },
  })

/**
 * A payment for one of our orders that we did not start (a second PayU order for the same shop order, a payment
 * link from the provider's panel): recorded as a new attempt so the money rules, above all double-payment
 * detection, apply to it. Only once the provider says money moved; an open one is nothing to us yet.
 */
async function adoptAttempt(db: Db, snap: TPaymentSnapshot) {
  if (!snap.orderNumber || snap.state === 'open' || snap.state === 'expired') return null
  const order = await db.order.findUnique({ where: { number: snap.orderNumber }, select: { id: true } })
  if (!order) return null
  const key = `${snap.provider}/checkout/${snap.checkoutId}`
  for (let tries = 0; tries < 3; tries++) {
    const latest = await db.payment.findFirst({ where: { orderId: order.id }, orderBy: { attempt: 'desc' } })
    const { count } = await db.payment.createMany({
      data: [
        {
          orderId: order.id,
          attempt: (latest?.attempt ?? 0) + 1,
          provider: snap.provider,
          idempotencyKey: key,
          providerCheckoutId: snap.checkoutId,
          amountMinor: snap.amountMinor ?? 0,
          currency: snap.currency ?? 'PLN',
          status: 'OPEN',
          lastError: 'started outside this shop (found through the provider)',
        },
      ],
      skipDuplicates: true,
    })
    const row = await findAttempt(db, snap)
    if (row || count > 0) return row
  }
  return null
}

async function applyToAttempt(
  db: Db,
  payment: NonNullable<Awaited<ReturnType<typeof findAttempt>>>,
  snap: TPaymentSnapshot,
  actor: string,
): Promise<TApplyResult> {
  const name = providerName(snap.provider)

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
      SELECT id, status, total_gross_minor, currency, is_stock_released FROM orders
      WHERE id = ${payment.orderId}::uuid FOR UPDATE`
    if (!order) return { outcome: 'ignored', detail: 'order not found' }
    const base = { orderId: order.id }
    const current = await tx.payment.findUniqueOrThrow({ where: { id: payment.id } })
    const amountOk =
      snap.amountMinor === order.total_gross_minor && snap.currency?.toUpperCase() === order.currency

    await tx.payment.update({
      where: { id: payment.id },
      data: {
        status: nextPaymentStatus(current.status, snap),
        providerCheckoutId: snap.checkoutId,
        providerStatus: snap.providerStatus.slice(0, 100),
        providerPaymentId: snap.providerPaymentId ?? undefined,
        providerChargeId: snap.providerChargeId ?? undefined,
        method: snap.method ?? undefined,
        methodDetail: snap.methodDetail?.slice(0, 100) ?? undefined,
      },
    })

    if (current.status === 'COMPLETED' && snap.state !== 'paid')
      return {
        ...base,
        outcome: 'processed',
        detail: `${name} payment ${snap.checkoutId} stays paid (late ${snap.providerStatus})`,
      }
    if (snap.state === 'expired')
      return await failedAttempt(
        tx,
        order.id,
        `${name} checkout ${snap.checkoutId} ended unpaid (${snap.providerStatus}); the order can be paid again`,
        actor,
        base,
      )
    if (snap.state === 'open')
      return { ...base, outcome: 'ignored', detail: `${name} checkout ${snap.checkoutId} is still open` }

    if (snap.state !== 'failed' && !amountOk) {
      const message = `${name} payment ${snap.checkoutId} is for ${snap.amountMinor} ${snap.currency?.toUpperCase()}, the order totals ${order.total_gross_minor} ${order.currency}; not marked paid`
      await flagOrder(tx, order.id, 'payment.amount_mismatch', message, { checkoutId: snap.checkoutId })
      return {
        ...base,
        outcome: 'flagged',
        detail: message,
        capture: snap.state === 'awaiting_capture' ? 'cancel' : undefined,
      }
    }

    const otherPaid = await tx.payment.findFirst({
      where: { orderId: order.id, id: { not: payment.id }, status: 'COMPLETED', isDuplicate: false },
      select: { id: true, provider: true, providerCheckoutId: true },
    })

    if (snap.state === 'awaiting_capture') {
      // authorised only: take it if it pays the order, give it back if the order is already paid (or over)
      if (otherPaid || isPaidStatus(order.status as never) || order.status === 'CANCELLED')
        return {
          ...base,
          outcome: 'processed',
          detail: `${name} payment ${snap.checkoutId} authorised for an order that no longer needs it; cancelling it`,
          capture: 'cancel',
        }
      return {
        ...base,
        outcome: 'processed',
        detail: `${name} payment ${snap.checkoutId} authorised; capturing it`,
        capture: 'capture',
      }
    }

    if (snap.state === 'paid') {
      if (otherPaid && current.status !== 'COMPLETED') {
        await tx.payment.update({ where: { id: payment.id }, data: { isDuplicate: true } })
        const message = `Paid twice: ${name} payment ${snap.checkoutId} (${snap.amountMinor} ${snap.currency}) came in after ${otherPaid.provider} payment ${otherPaid.providerCheckoutId} had paid the order. The second payment is refunded automatically unless that is turned off in Settings.`
        await flagOrder(tx, order.id, 'payment.double', message, { paymentId: payment.id })
        await emitLifecycleEvent(tx, 'payment.double', { orderId: order.id, paymentId: payment.id })
        return { ...base, outcome: 'flagged', detail: message }
      }
      const r = await transitionOrder(tx, order.id, 'PAID', {
        reason: `payment confirmed by ${name} (${snap.checkoutId})`,
        actor,
      })
      if (!r.changed)
        return { ...base, outcome: 'processed', detail: `order already ${r.status}; nothing to change` }
      await tx.order.update({ where: { id: order.id }, data: { paymentMethod: snap.method ?? 'card' } })
      if (r.from === 'CANCELLED') await rereserveStock(tx, order.id, order.is_stock_released)
      await emitLifecycleEvent(tx, 'order.paid', { orderId: order.id, paymentId: payment.id })
      return { ...base, outcome: 'processed', detail: `order paid (was ${r.from})` }
    }

    if (snap.state === 'failed')
      return await failedAttempt(
        tx,
        order.id,
        'asynchronous payment failed; the customer can pay again',
        actor,
        base,
      )

    // processing: a delayed method is on its way
    if (otherPaid || isPaidStatus(order.status as never))
      return {
        ...base,
        outcome: 'processed',
        detail: `${name} payment ${snap.checkoutId} is pending; the order is already ${order.status}`,
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

/** An attempt that ended unpaid: an order waiting for that payment awaits payment again, with a fresh timer. */
async function failedAttempt(
  tx: DbTx,
  orderId: string,
  reason: string,
  actor: string,
  base: { orderId: string },
): Promise<TApplyResult> {
  const r = await transitionOrder(tx, orderId, 'PENDING_PAYMENT', { reason, actor })
  // the unpaid-order timer starts again from now (lib/orders/release-unpaid-order.ts counts from here)
  if (r.changed)
    await enqueueJob(
      tx,
      'release-unpaid-order',
      { orderId },
      {
        jobKey: `order/${orderId}/release`,
        runAt: new Date(Date.now() + env.UNPAID_ORDER_TTL_MINUTES * 60_000),
      },
    )
  return {
    ...base,
    outcome: 'processed',
    detail: r.changed ? `${reason}; order awaits payment again` : `${reason}; order stays ${r.status}`,
  }
}

function nextPaymentStatus(current: PaymentStatus, snap: TPaymentSnapshot): PaymentStatus {
  // paid is final for an attempt: a late "expired", "pending" or a reordered notification never downgrades it
  if (current === 'COMPLETED') return current
  switch (snap.state) {
    case 'paid':
      return 'COMPLETED'
    case 'failed':
      return 'FAILED'
    case 'expired':
      return 'EXPIRED'
    case 'processing':
    case 'awaiting_capture':
      return 'PROCESSING'
    default:
      return current === 'CREATING' ? 'OPEN' : current
  }
}

/**
 * Money arrived for an order that had been cancelled (its checkout completed just as the unpaid-order timer fired).
 * The payment is booked; the stock is taken again where it is still there, otherwise staff are told.
 */
async function rereserveStock(tx: DbTx, orderId: string, wasReleased: boolean) {
  if (!wasReleased) return
  const lines = await tx.orderLine.findMany({ where: { orderId, kind: 'PRODUCT' } })
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
