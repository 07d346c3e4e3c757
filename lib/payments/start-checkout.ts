import 'server-only'
import type { Payment } from '@/generated/prisma/client'
import { Prisma } from '@/generated/prisma/client'
import type { PaymentMethod } from '@/generated/prisma/enums'
import type { Db } from '@/lib/db'
import { AppError } from '@/lib/errors'
import { getOrderForCustomer } from '@/lib/orders/queries'
import { applySnapshot } from './apply-snapshot'
import { checkoutMethods, paymentProviders } from './providers'
import { CheckoutAttemptLostError, type TProviderId } from './providers/types'
import { syncPayment } from './sync-payment'

export type StartCheckoutInput = {
  orderNumber: string
  token?: string | null
  userId?: string | null
  /** one of checkoutMethods(); the first one (card) when not given */
  method?: PaymentMethod
  customerIp?: string | null
}

const ALREADY = 'This order has already been paid, or its payment is being confirmed.'

/**
 * Sends the customer to the hosted payment page of the provider that takes the chosen method.
 * - An open attempt of the same method is reused: double clicks and second tabs land on the same page; an open
 *   attempt of another method is closed at its provider first, so one order never has two payable pages.
 * - A new attempt gets the next number and the idempotency key order/<id>/checkout/<attempt> (or the provider's
 *   own unique id derived from it); its parameters are a pure function of the stored order and attempt, so retrying
 *   after a timeout replays the provider's first answer instead of opening a second payment.
 * - When the provider keeps failing, the attempt stays CREATING and the next click retries it with the same key.
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
        ? ALREADY
        : 'This order can no longer be paid.',
    )
  }
  if (!input.token) throw new AppError('FORBIDDEN', 'Open the order from your private link to pay for it.')
  const offered = checkoutMethods()
  const choice = input.method ? offered.find((m) => m.method === input.method) : offered[0]
  if (!choice)
    throw new AppError('VALIDATION', 'This payment method is not offered.', {
      fieldErrors: { method: ['choose one of the offered payment methods'] },
    })
  const provider = paymentProviders[choice.provider]

  // An open attempt is checked with its provider before it is reused or replaced: one that expired or was paid
  // while its notification is late must neither be offered again nor lead to a second payment.
  const latest = await db.payment.findFirst({ where: { orderId: order.id }, orderBy: { attempt: 'desc' } })
  if (latest?.status === 'OPEN' && latest.providerCheckoutId) {
    const isOther = latest.provider !== choice.provider || (latest.method && latest.method !== choice.method)
    const p = paymentProviders[latest.provider as TProviderId]
    if (isOther && p) {
      try {
        await applySnapshot(
          db,
          await p.expireCheckout(latest.providerCheckoutId, { orderId: order.id }),
          'customer',
        )
      } catch (err) {
        if (!(err instanceof AppError && !err.isRetryable)) throw err
        await syncPayment(db, latest.provider as TProviderId, latest.providerCheckoutId, 'customer')
      }
    } else await syncPayment(db, latest.provider as TProviderId, latest.providerCheckoutId, 'customer')
    const now = await db.order.findUniqueOrThrow({ where: { id: order.id }, select: { status: true } })
    if (now.status !== 'PENDING_PAYMENT') throw new AppError('INVALID_TRANSITION', ALREADY)
  }

  const payment = await currentAttempt(db, order, choice)
  if (payment.status === 'OPEN' && payment.checkoutUrl) return { url: payment.checkoutUrl }

  let started: Awaited<ReturnType<typeof provider.startCheckout>>
  try {
    started = await provider.startCheckout({
      payment,
      order,
      method: choice.method,
      token: input.token,
      customerIp: input.customerIp || '127.0.0.1',
    })
  } catch (err) {
    if (err instanceof CheckoutAttemptLostError || (err instanceof AppError && !err.isRetryable)) {
      // no usable page exists for this attempt (the provider refused it, or holds it but we never got its page
      // address): close it, so the next click safely starts a fresh attempt with fresh provider ids
      await db.payment.update({
        where: { id: payment.id },
        data: { status: 'FAILED', lastError: err.message },
      })
      if (err instanceof CheckoutAttemptLostError)
        await provider.cancel?.(err.checkoutId, { orderId: order.id }).catch(() => {})
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
  if (!started.url) {
    // the provider already has this attempt and it is no longer open (paid or closed while we were away)
    await db.payment.update({ where: { id: payment.id }, data: { providerCheckoutId: started.checkoutId } })
    await syncPayment(db, choice.provider, started.checkoutId, 'customer', { orderId: order.id })
    throw new AppError('INVALID_TRANSITION', ALREADY)
  }
  await db.payment.updateMany({
    where: { id: payment.id, status: 'CREATING' },
    data: {
      status: 'OPEN',
      providerCheckoutId: started.checkoutId,
      checkoutUrl: started.url,
      expiresAt: started.expiresAt,
      lastError: null,
    },
  })
  return { url: started.url }
}

/** The attempt to use: the latest one of this method unless it ended (expired or failed); created on first use. */
async function currentAttempt(
  db: Db,
  order: { id: string; totalGrossMinor: number; currency: string },
  choice: { method: PaymentMethod; provider: TProviderId },
): Promise<Payment> {
  for (let tries = 0; tries < 3; tries++) {
    const latest = await db.payment.findFirst({ where: { orderId: order.id }, orderBy: { attempt: 'desc' } })
    const isSame = latest?.provider === choice.provider && (!latest.method || latest.method === choice.method)
    const isUsable =
      latest &&
      isSame &&
      (latest.status === 'CREATING' ||
        (latest.status === 'OPEN' && (!latest.expiresAt || latest.expiresAt.getTime() > Date.now() + 60_000)))
    if (latest && isUsable) return latest
    if (latest?.status === 'COMPLETED' || latest?.status === 'PROCESSING')
      throw new AppError('INVALID_TRANSITION', ALREADY)
    if (latest?.status === 'CREATING' || latest?.status === 'OPEN')
      // another method's attempt that never opened (or is about to expire): it is given up for this one
      await db.payment.updateMany({
        where: { id: latest.id, status: latest.status },
        data: { status: 'EXPIRED', lastError: `replaced by a ${choice.method} attempt` },
      })
    const attempt = (latest?.attempt ?? 0) + 1
    try {
      return await db.payment.create({
        data: {
          orderId: order.id,
          attempt,
          provider: choice.provider,
          method: choice.method,
          idempotencyKey: `order/${order.id}/checkout/${attempt}`,
          amountMinor: order.totalGrossMinor,
          currency: order.currency,
        },
      })
    } catch (err) {
      // another request created this attempt a moment ago: use theirs
      if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err
    }
  }
  throw new AppError('CONFLICT')
}
