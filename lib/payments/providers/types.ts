import type { PaymentMethod } from '@/generated/prisma/enums'

// The payment-provider interface: what business code may ask of any gateway, in neutral terms. Stripe and PayU
// implement it (lib/payments/providers/<id>.ts); applySnapshot (lib/payments/apply-snapshot.ts) holds every money
// rule and never sees a provider's field names.

export type TProviderId = 'stripe' | 'payu'

/** A payment attempt's state at the provider, as money rules need it. */
export type TPaymentState =
  /** waiting for the customer */
  | 'open'
  /** the customer paid with a delayed method (bank transfer) and the money is not confirmed yet */
  | 'processing'
  /** authorised, waiting for us to capture or cancel (PayU WAITING_FOR_CONFIRMATION) */
  | 'awaiting_capture'
  | 'paid'
  /** the payment failed after the customer started it (declined, rejected transfer): they can pay again */
  | 'failed'
  /** the attempt ended unpaid (expired, cancelled, abandoned) */
  | 'expired'

export type TPaymentSnapshot = {
  provider: TProviderId
  /** our handle on the attempt at the provider: Stripe Checkout Session id, PayU orderId */
  checkoutId: string
  /** our Payment row id when the provider echoes it (metadata) */
  ourPaymentId?: string | null
  /** our order number when the provider echoes it (metadata, extOrderId): adopts attempts we did not start */
  orderNumber?: string | null
  /** the provider's payment id (Stripe PaymentIntent, PayU PAYMENT_ID) */
  providerPaymentId?: string | null
  /** the provider's charge/transaction id where it has one */
  providerChargeId?: string | null
  state: TPaymentState
  amountMinor: number | null
  currency: string | null
  method: PaymentMethod | null
  /** the provider's own name of the method (e.g. 'card', 'blik', 'p24', bank code) */
  methodDetail?: string | null
  /** the provider's raw status word, for staff */
  providerStatus: string
}

export type TRefundState = 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'CANCELED'

export type TRefundSnapshot = {
  providerRefundId: string
  /** our Refund row id when the provider echoes it (metadata.refundId, extRefundId) */
  ourRefundId?: string | null
  amountMinor: number
  currency: string
  state: TRefundState
  reason?: string | null
  failureReason?: string | null
}

export type TStartCheckout = {
  payment: { id: string; attempt: number; idempotencyKey: string; createdAt: Date }
  order: {
    id: string
    number: string
    email: string
    customerName: string
    locale: 'pl' | 'en'
    currency: string
    totalGrossMinor: number
    lines: { namePl: string; nameEn: string; quantity: number; unitGrossMinor: number }[]
  }
  method: PaymentMethod
  /** the customer's private order link token (return URLs) */
  token: string
  customerIp: string
}

export type TPaymentRef = {
  id: string
  orderId: string
  providerCheckoutId: string | null
  providerPaymentId: string | null
}

export type PaymentProvider = {
  id: TProviderId
  /** for staff and timelines */
  name: string
  /** methods this provider can take, in checkout order */
  methods: readonly PaymentMethod[]
  /** opens the hosted payment page; idempotent for one payment attempt */
  startCheckout(input: TStartCheckout): Promise<{ checkoutId: string; url: string; expiresAt: Date | null }>
  /** the attempt's current state, re-fetched (never from an event body) */
  fetchSnapshot(checkoutId: string, ctx?: { orderId?: string | null }): Promise<TPaymentSnapshot>
  /** ends an open attempt so it can no longer be paid (before an unpaid order is cancelled); then its snapshot */
  expireCheckout(checkoutId: string, ctx?: { orderId?: string | null }): Promise<TPaymentSnapshot>
  /** authorised payments waiting for us (PayU WAITING_FOR_CONFIRMATION) */
  capture?(checkoutId: string, ctx?: { orderId?: string | null }): Promise<void>
  cancel?(checkoutId: string, ctx?: { orderId?: string | null }): Promise<void>
  createRefund(
    payment: TPaymentRef,
    refund: { id: string; amountMinor: number; currency: string; idempotencyKey: string; reason: string },
  ): Promise<{ providerRefundId: string }>
  /** every refund of this payment at the provider */
  fetchRefunds(payment: TPaymentRef): Promise<TRefundSnapshot[]>
}

/**
 * The provider holds this attempt (its create call went through, its answer was lost) but it is not payable from
 * here: we never got its page address. The attempt is closed (`cancel`) and the customer starts the next one.
 */
export class CheckoutAttemptLostError extends Error {
  constructor(
    readonly checkoutId: string,
    message: string,
  ) {
    super(message)
  }
}
