import 'server-only'
import type { Payment } from '@/generated/prisma/client'
import { Prisma } from '@/generated/prisma/client'
import type { Db } from '@/lib/db'
import { env } from '@/lib/env'
import { AppError } from '@/lib/errors'
import { callStripe } from '@/lib/integrations/stripe'
import { getOrderForCustomer } from '@/lib/orders/queries'
import { syncCheckoutSession } from './apply-session'

export type StartCheckoutInput = { orderNumber: string; token?: string | null; userId?: string | null }

/**
 * Sends the customer to Stripe Checkout for an order awaiting payment.
 * - An open session of the current attempt is reused: double clicks and second tabs land on the same session.
 * - A new attempt gets the next number and the idempotency key order/<id>/checkout/<attempt>; its parameters are a
 *   pure function of the stored order and attempt, so retrying after a timeout replays Stripe's first answer
 *   instead of creating a second session.
 * - When Stripe keeps failing, the attempt stays CREATING and the next click retries it with the same key.
 */
export async function startCheckout(db: Db, input: StartCheckoutInput): Promise<{ url: string }> {
  const order = await getOrderForCustomer(db, input.orderNumber, { token: input.token, userId: input.userId })
  if (!order) throw new AppError('NOT_FOUND', 'Order not found, or the link is not valid.')
  if (order.status !== 'PENDING_PAYMENT') {
    throw new AppError(
      'INVALID_TRANSITION',
      order.status === 'PAYMENT_PROCESSING' ||
        order.status === 'PAID' ||
        order.status === 'PARTIALLY_REFUNDED'
        ? 'This order has already been paid, or its payment is being confirmed.'
        : 'This order can no longer be paid.',
    )
  }
  if (!input.token) throw new AppError('FORBIDDEN', 'Open the order from your private link to pay for it.')

  // An open session is checked with Stripe before it is reused or replaced: one that expired or was paid while
  // its webhook is late must neither be offered again nor lead to a second payment.
  const latest = await db.payment.findFirst({ where: { orderId: order.id }, orderBy: { attempt: 'desc' } })
  if (latest?.status === 'OPEN' && latest.checkoutSessionId) {
    await syncCheckoutSession(db, latest.checkoutSessionId, 'customer')
    const now = await db.order.findUniqueOrThrow({ where: { id: order.id }, select: { status: true } })
    if (now.status !== 'PENDING_PAYMENT')
      throw new AppError(
        'INVALID_TRANSITION',
        'This order has already been paid, or its payment is being confirmed.',
      )
  }

  const payment = await currentAttempt(db, order.id, order.totalGrossMinor, order.currency)
  if (payment.status === 'OPEN' && payment.checkoutUrl) return { url: payment.checkoutUrl }

  const expiresAt = Math.floor(payment.createdAt.getTime() / 1000) + env.CHECKOUT_SESSION_TTL_MINUTES * 60
  const orderUrl = `${env.APP_URL}/orders/${encodeURIComponent(order.number)}`
  const token = encodeURIComponent(input.token)
  let session: Awaited<ReturnType<typeof createSession>>
  try {
    session = await createSession()
  } catch (err) {
    if (err instanceof AppError && !err.isRetryable) {
      // Stripe refused the parameters (e.g. this attempt's expiry is too close): no session exists for this key,
      // so the next click may safely start a fresh attempt.
      await db.payment.update({
        where: { id: payment.id },
        data: { status: 'FAILED', lastError: err.message },
      })
      throw new AppError('PROVIDER_REJECTED', 'We could not start the payment. Please try again.', {
        cause: err,
      })
    }
    await db.payment.update({ where: { id: payment.id }, data: { lastError: (err as Error).message } })
    throw new AppError(
      'PROVIDER_UNAVAILABLE',
      'The payment provider is not responding. Please try again in a moment; you will not be charged twice.',
      { cause: err },
    )
  }
  if (!session.url)
    throw new AppError('PROVIDER_REJECTED', 'Stripe returned a session without a payment page.')
  await db.payment.updateMany({
    where: { id: payment.id, status: 'CREATING' },
    data: {
      status: 'OPEN',
      checkoutSessionId: session.id,
      checkoutUrl: session.url,
      expiresAt: new Date((session.expires_at ?? expiresAt) * 1000),
      lastError: null,
    },
  })
  return { url: session.url }

  function createSession() {
    return callStripe(
      { operation: 'checkout.sessions.create', idempotencyKey: payment.idempotencyKey, orderId: order!.id },
      (s) =>
        s.checkout.sessions.create(
          {
            mode: 'payment',
            line_items: order!.lines.map((l) => ({
              quantity: l.quantity,
              price_data: {
                currency: order!.currency.toLowerCase(),
                unit_amount: l.unitGrossMinor,
                product_data: { name: order!.locale === 'pl' ? l.namePl : l.nameEn },
              },
            })),
            customer_email: order!.email,
            client_reference_id: order!.id,
            locale: order!.locale,
            expires_at: expiresAt,
            metadata: { orderId: order!.id, orderNumber: order!.number, paymentId: payment.id },
            payment_intent_data: { metadata: { orderId: order!.id, orderNumber: order!.number } },
            success_url: `${orderUrl}/return?session_id={CHECKOUT_SESSION_ID}&t=${token}`,
            cancel_url: `${orderUrl}?t=${token}&payment=cancelled`,
          },
          { idempotencyKey: payment.idempotencyKey },
        ),
    )
  }
}

/** The attempt to use: the latest one unless it ended (expired or failed); created on first use. */
async function currentAttempt(
  db: Db,
  orderId: string,
  amountMinor: number,
  currency: string,
): Promise<Payment> {
  for (let tries = 0; tries < 3; tries++) {
    const latest = await db.payment.findFirst({ where: { orderId }, orderBy: { attempt: 'desc' } })
    const isUsable =
      latest &&
      (latest.status === 'CREATING' ||
        (latest.status === 'OPEN' && (!latest.expiresAt || latest.expiresAt.getTime() > Date.now() + 60_000)))
    if (latest && isUsable) return latest
    if (latest?.status === 'COMPLETED')
      throw new AppError(
        'INVALID_TRANSITION',
        'This order has already been paid, or its payment is being confirmed.',
      )
    const attempt = (latest?.attempt ?? 0) + 1
    try {
      return await db.payment.create({
        data: {
          orderId,
          attempt,
          idempotencyKey: `order/${orderId}/checkout/${attempt}`,
          amountMinor,
          currency,
        },
      })
    } catch (err) {
      // another request created this attempt a moment ago: use theirs
      if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err
    }
  }
  throw new AppError('CONFLICT')
}
