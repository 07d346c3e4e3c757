import 'server-only'
import type Stripe from 'stripe'
import type { PaymentMethod } from '@/generated/prisma/enums'
import { env } from '@/lib/env'
import { callStripe } from '@/lib/integrations/stripe'
import type { PaymentProvider, TPaymentSnapshot, TRefundSnapshot, TRefundState } from './types'

// Stripe Checkout behind the payment-provider interface. Stripe's words stay in this file.

type Intent = Stripe.PaymentIntent & { latest_charge: Stripe.Charge | string | null }

const METHOD_OF: Record<string, PaymentMethod> = {
  card: 'card',
  link: 'card',
  blik: 'blik',
  p24: 'bank_transfer',
  sepa_debit: 'bank_transfer',
  customer_balance: 'bank_transfer',
  bank_transfer: 'bank_transfer',
  us_bank_account: 'bank_transfer',
  bacs_debit: 'bank_transfer',
  ideal: 'bank_transfer',
  bancontact: 'bank_transfer',
  eps: 'bank_transfer',
  sofort: 'bank_transfer',
  giropay: 'bank_transfer',
  paypal: 'wallet',
  revolut_pay: 'wallet',
  mobilepay: 'wallet',
  klarna: 'pay_later',
  affirm: 'pay_later',
  afterpay_clearpay: 'pay_later',
}

export const stripeMethodOf = (type: string | null | undefined): PaymentMethod | null =>
  type ? (METHOD_OF[type] ?? 'other') : null

/** A Checkout Session (with its intent and charge expanded) as a neutral snapshot. */
export function snapshotOfSession(session: Stripe.Checkout.Session): TPaymentSnapshot {
  const intent = typeof session.payment_intent === 'object' ? (session.payment_intent as Intent | null) : null
  const charge = intent && typeof intent.latest_charge === 'object' ? intent.latest_charge : null
  const detail = charge?.payment_method_details?.type ?? intent?.payment_method_types?.[0] ?? null
  const isAsyncFailure =
    session.status === 'complete' &&
    session.payment_status === 'unpaid' &&
    (intent?.status === 'requires_payment_method' || intent?.status === 'canceled')
  const state =
    session.status === 'expired'
      ? 'expired'
      : session.status !== 'complete'
        ? 'open'
        : session.payment_status === 'paid' || session.payment_status === 'no_payment_required'
          ? 'paid'
          : isAsyncFailure
            ? 'failed'
            : 'processing'
  const ours = session.metadata?.paymentId
  return {
    provider: 'stripe',
    checkoutId: session.id,
    ourPaymentId: ours && /^[0-9a-f-]{36}$/i.test(ours) ? ours : null,
    providerPaymentId:
      intent?.id ?? (typeof session.payment_intent === 'string' ? session.payment_intent : null),
    providerChargeId: charge?.id ?? null,
    state,
    amountMinor: session.amount_total,
    currency: session.currency?.toUpperCase() ?? null,
    method: stripeMethodOf(detail) ?? (state === 'paid' ? 'card' : null),
    methodDetail: detail,
    providerStatus: `${session.status}/${session.payment_status}`,
  }
}

const REFUND_STATE: Record<string, TRefundState> = {
  pending: 'PENDING',
  requires_action: 'PENDING',
  succeeded: 'SUCCEEDED',
  failed: 'FAILED',
  canceled: 'CANCELED',
}

export function snapshotOfRefund(r: Stripe.Refund, fallbackCurrency: string): TRefundSnapshot {
  const ours = r.metadata?.refundId
  return {
    providerRefundId: r.id,
    ourRefundId: ours && /^[0-9a-f-]{36}$/i.test(ours) ? ours : null,
    amountMinor: r.amount,
    currency: (r.currency ?? fallbackCurrency).toUpperCase(),
    state: REFUND_STATE[r.status ?? ''] ?? 'PENDING',
    reason: r.reason ?? 'refunded in the Stripe dashboard',
    failureReason: r.failure_reason ?? null,
  }
}

const EXPAND = ['payment_intent', 'payment_intent.latest_charge']

export const stripeProvider: PaymentProvider = {
  id: 'stripe',
  name: 'Stripe',
  methods: ['card'],
  async startCheckout({ payment, order, token }) {
    const expiresAt = Math.floor(payment.createdAt.getTime() / 1000) + env.CHECKOUT_SESSION_TTL_MINUTES * 60
    const orderUrl = `${env.APP_URL}/orders/${encodeURIComponent(order.number)}`
    const t = encodeURIComponent(token)
    const session = await callStripe(
      { operation: 'checkout.sessions.create', idempotencyKey: payment.idempotencyKey, orderId: order.id },
      (s) =>
        s.checkout.sessions.create(
          {
            mode: 'payment',
            line_items: order.lines.map((l) => ({
              quantity: l.quantity,
              price_data: {
                currency: order.currency.toLowerCase(),
                unit_amount: l.unitGrossMinor,
                product_data: { name: order.locale === 'pl' ? l.namePl : l.nameEn },
              },
            })),
            customer_email: order.email,
            client_reference_id: order.id,
            locale: order.locale,
            expires_at: expiresAt,
            metadata: { orderId: order.id, orderNumber: order.number, paymentId: payment.id },
            payment_intent_data: { metadata: { orderId: order.id, orderNumber: order.number } },
            success_url: `${orderUrl}/return?session_id={CHECKOUT_SESSION_ID}&t=${t}`,
            cancel_url: `${orderUrl}?t=${t}&payment=cancelled`,
          },
          { idempotencyKey: payment.idempotencyKey },
        ),
    )
    if (!session.url) throw new Error('Stripe returned a session without a payment page.')
    return {
      checkoutId: session.id,
      url: session.url,
      expiresAt: new Date((session.expires_at ?? expiresAt) * 1000),
    }
  },
  async fetchSnapshot(checkoutId, ctx) {
    const session = await callStripe(
      { operation: 'checkout.sessions.retrieve', orderId: ctx?.orderId },
      (s) => s.checkout.sessions.retrieve(checkoutId, { expand: EXPAND }),
    )
    return snapshotOfSession(session)
  },
  async expireCheckout(checkoutId, ctx) {
    const session = await callStripe({ operation: 'checkout.sessions.expire', orderId: ctx?.orderId }, (s) =>
      s.checkout.sessions.expire(checkoutId),
    )
    return snapshotOfSession(session)
  },
  async createRefund(payment, refund) {
    const r = await callStripe(
      { operation: 'refunds.create', idempotencyKey: refund.idempotencyKey, orderId: payment.orderId },
      (s) =>
        s.refunds.create(
          {
            payment_intent: payment.providerPaymentId!,
            amount: refund.amountMinor,
            reason: 'requested_by_customer',
            metadata: { refundId: refund.id, orderId: payment.orderId },
          },
          { idempotencyKey: refund.idempotencyKey },
        ),
    )
    return { providerRefundId: r.id }
  },
  async fetchRefunds(payment) {
    if (!payment.providerPaymentId) return []
    const list = await callStripe({ operation: 'refunds.list', orderId: payment.orderId }, (s) =>
      s.refunds.list({ payment_intent: payment.providerPaymentId!, limit: 100 }),
    )
    return list.data.map((r) => snapshotOfRefund(r, 'PLN'))
  },
}
