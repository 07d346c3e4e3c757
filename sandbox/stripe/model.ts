// In-memory state of the Stripe emulator and how each object is rendered in Stripe's JSON shape
// (shapes follow Stripe's OpenAPI fixtures; fields the sandbox has no use for are present and null).
import type { Json } from './util.ts'

export type LineItem = {
  id: string
  priceId: string
  productId: string
  name: string
  unitAmount: number
  quantity: number
  currency: string
  created: number
}

export type Session = {
  id: string
  created: number
  expiresAt: number
  status: 'open' | 'complete' | 'expired'
  paymentStatus: 'unpaid' | 'paid'
  currency: string
  lineItems: LineItem[]
  amountSubtotal: number
  amountTotal: number
  customerEmail: string | null
  paidEmail: string | null
  clientReferenceId: string | null
  metadata: Record<string, string>
  successUrl: string | null
  cancelUrl: string | null
  paymentIntentId: string | null
  paymentIntentData: {
    metadata: Record<string, string>
    description: string | null
    receiptEmail: string | null
  }
  locale: string | null
  submitType: string | null
  paymentMethodTypes: string[]
  url: string
}

export type PaymentMethodDetails =
  | {
      type: 'card'
      brand: string
      last4: string
      funding: string
      expMonth: number
      expYear: number
      fingerprint: string
    }
  | { type: 'sepa_debit'; last4: string; bankCode: string; fingerprint: string; mandate: string }

export type PaymentIntent = {
  id: string
  created: number
  amount: number
  currency: string
  status: 'requires_payment_method' | 'processing' | 'succeeded' | 'canceled'
  metadata: Record<string, string>
  description: string | null
  receiptEmail: string | null
  latestChargeId: string | null
  paymentMethodId: string | null
  paymentMethodType: 'card' | 'sepa_debit'
  lastPaymentError: Json | null
  clientSecret: string
  sessionId: string
}

export type Charge = {
  id: string
  created: number
  amount: number
  currency: string
  status: 'pending' | 'succeeded' | 'failed'
  paymentIntentId: string
  paymentMethodId: string
  method: PaymentMethodDetails
  billingEmail: string | null
  failureCode: string | null
  failureMessage: string | null
  disputed: boolean
  description: string | null
  metadata: Record<string, string>
  balanceTransaction: string | null
}

export type Refund = {
  id: string
  created: number
  amount: number
  currency: string
  chargeId: string
  paymentIntentId: string
  status: 'pending' | 'succeeded' | 'failed' | 'canceled'
  reason: string | null
  metadata: Record<string, string>
}

export type Dispute = {
  id: string
  created: number
  amount: number
  currency: string
  chargeId: string
  paymentIntentId: string
  reason: string
  status: string
}

export type StoredEvent = {
  id: string
  seq: number
  type: string
  created: number
  object: Json
  previousAttributes: Json | null
  request: { id: string | null; idempotency_key: string | null }
  delivered: boolean
  held: boolean
  attempts: number
  lastStatus: number | null
  lastError: string | null
  nextRetryAt: number | null
}

export class State {
  sessions = new Map<string, Session>()
  paymentIntents = new Map<string, PaymentIntent>()
  charges = new Map<string, Charge>()
  refunds = new Map<string, Refund>()
  disputes = new Map<string, Dispute>()
  events = new Map<string, StoredEvent>()
  eventSeq = 0

  refundsOf(chargeId: string): Refund[] {
    return [...this.refunds.values()].filter((r) => r.chargeId === chargeId)
  }

  /** Like Stripe, pending refunds already count as refunded: they cannot be refunded twice. */
  amountRefunded(chargeId: string): number {
    return this.refundsOf(chargeId)
      .filter((r) => r.status === 'pending' || r.status === 'succeeded')
      .reduce((sum, r) => sum + r.amount, 0)
  }
}

const list = (data: Json[], url: string): Json => ({
  object: 'list',
  data,
  has_more: false,
  total_count: data.length,
  url,
})

export function renderSession(s: Session): Json {
  const open = s.status === 'open'
  return {
    id: s.id,
    object: 'checkout.session',
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allow_promotion_codes: null,
    amount_subtotal: s.amountSubtotal,
    amount_total: s.amountTotal,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: s.cancelUrl,
    client_reference_id: s.clientReferenceId,
    client_secret: null,
    collected_information: open
      ? null
      : { business_name: null, individual_name: null, shipping_details: null },
    consent: null,
    consent_collection: null,
    created: s.created,
    currency: s.currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: {
      after_submit: null,
      shipping_address: null,
      submit: null,
      terms_of_service_acceptance: null,
    },
    customer: null,
    customer_creation: 'if_required',
    customer_details:
      s.status !== 'complete'
        ? null
        : {
            address: null,
            business_name: null,
            email: s.paidEmail,
            individual_name: null,
            name: null,
            phone: null,
            tax_exempt: 'none',
            tax_ids: [],
          },
    customer_email: s.customerEmail,
    discounts: [],
    expires_at: s.expiresAt,
    invoice: null,
    invoice_creation: {
      enabled: false,
      invoice_data: {
        account_tax_ids: null,
        custom_fields: null,
        description: null,
        footer: null,
        issuer: null,
        metadata: {},
        rendering_options: null,
      },
    },
    livemode: false,
    locale: s.locale,
    metadata: { ...s.metadata },
    mode: 'payment',
    origin_context: null,
    payment_intent: s.paymentIntentId,
    payment_link: null,
    payment_method_collection: 'if_required',
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: [...s.paymentMethodTypes],
    payment_status: s.paymentStatus,
    permissions: null,
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: s.status,
    submit_type: s.submitType,
    subscription: null,
    success_url: s.successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted',
    url: open ? s.url : null,
    wallet_options: null,
  }
}

export function renderLineItem(li: LineItem): Json {
  const amount = li.unitAmount * li.quantity
  return {
    id: li.id,
    object: 'item',
    amount_discount: 0,
    amount_subtotal: amount,
    amount_tax: 0,
    amount_total: amount,
    currency: li.currency,
    description: li.name,
    metadata: {},
    price: {
      id: li.priceId,
      object: 'price',
      active: false,
      billing_scheme: 'per_unit',
      created: li.created,
      currency: li.currency,
      custom_unit_amount: null,
      livemode: false,
      lookup_key: null,
      metadata: {},
      nickname: null,
      product: li.productId,
      recurring: null,
      tax_behavior: 'unspecified',
      tiers_mode: null,
      transform_quantity: null,
      type: 'one_time',
      unit_amount: li.unitAmount,
      unit_amount_decimal: String(li.unitAmount),
    },
    quantity: li.quantity,
  }
}

export function renderLineItems(s: Session): Json {
  return list(s.lineItems.map(renderLineItem), `/v1/checkout/sessions/${s.id}/line_items`)
}

export function renderPaymentIntent(pi: PaymentIntent): Json {
  return {
    id: pi.id,
    object: 'payment_intent',
    amount: pi.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: pi.status === 'succeeded' ? pi.amount : 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic_async',
    client_secret: pi.clientSecret,
    confirmation_method: 'automatic',
    created: pi.created,
    currency: pi.currency,
    customer: null,
    description: pi.description,
    excluded_payment_method_types: null,
    last_payment_error: pi.lastPaymentError,
    latest_charge: pi.latestChargeId,
    livemode: false,
    metadata: { ...pi.metadata },
    next_action: null,
    on_behalf_of: null,
    payment_method: pi.paymentMethodId,
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: [pi.paymentMethodType],
    processing: null,
    receipt_email: pi.receiptEmail,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: pi.status,
    transfer_data: null,
    transfer_group: null,
  }
}

function renderMethodDetails(m: PaymentMethodDetails, amount: number): Json {
  if (m.type === 'sepa_debit') {
    return {
      sepa_debit: {
        bank_code: m.bankCode,
        branch_code: '',
        country: 'DE',
        fingerprint: m.fingerprint,
        last4: m.last4,
        mandate: m.mandate,
      },
      type: 'sepa_debit',
    }
  }
  return {
    card: {
      amount_authorized: amount,
      authorization_code: null,
      brand: m.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
      country: 'US',
      exp_month: m.expMonth,
      exp_year: m.expYear,
      extended_authorization: { status: 'disabled' },
      fingerprint: m.fingerprint,
      funding: m.funding,
      incremental_authorization: { status: 'unavailable' },
      installments: null,
      last4: m.last4,
      mandate: null,
      multicapture: { status: 'unavailable' },
      network: m.brand,
      network_token: { used: false },
      network_transaction_id: null,
      overcapture: { maximum_amount_capturable: amount, status: 'unavailable' },
      regulated_status: 'unregulated',
      three_d_secure: null,
      wallet: null,
    },
    type: 'card',
  }
}

export function renderCharge(c: Charge, state: State): Json {
  const refunds = state
    .refundsOf(c.id)
    .reverse()
    .map((r) => renderRefund(r, state))
  const amountRefunded = state.amountRefunded(c.id)
  const succeeded = c.status === 'succeeded'
  return {
    id: c.id,
    object: 'charge',
    amount: c.amount,
    amount_captured: succeeded ? c.amount : 0,
    amount_refunded: amountRefunded,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: c.balanceTransaction,
    billing_details: {
      address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
      email: c.billingEmail,
      name: null,
      phone: null,
      tax_id: null,
    },
    calculated_statement_descriptor: 'HOOKLINE SANDBOX',
    captured: c.status !== 'failed',
    created: c.created,
    currency: c.currency,
    customer: null,
    description: c.description,
    disputed: c.disputed,
    failure_balance_transaction: null,
    failure_code: c.failureCode,
    failure_message: c.failureMessage,
    fraud_details: {},
    livemode: false,
    metadata: { ...c.metadata },
    on_behalf_of: null,
    outcome:
      c.status === 'pending'
        ? null
        : {
            advice_code: null,
            network_advice_code: null,
            network_decline_code: null,
            network_status: c.status === 'succeeded' ? 'approved_by_network' : 'declined_by_network',
            reason: c.failureCode,
            risk_level: 'normal',
            seller_message:
              c.status === 'succeeded'
                ? 'Payment complete.'
                : 'The bank returned the decline code `insufficient_funds`.',
            type: c.status === 'succeeded' ? 'authorized' : 'issuer_declined',
          },
    paid: succeeded,
    payment_intent: c.paymentIntentId,
    payment_method: c.paymentMethodId,
    payment_method_details: renderMethodDetails(c.method, c.amount),
    receipt_email: null,
    receipt_number: null,
    receipt_url: null,
    refunded: succeeded && amountRefunded >= c.amount,
    refunds: list(refunds, `/v1/charges/${c.id}/refunds`),
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: c.status,
    transfer_data: null,
    transfer_group: null,
  }
}

export function renderRefund(r: Refund, state: State): Json {
  const charge = state.charges.get(r.chargeId)
  const card = charge?.method.type !== 'sepa_debit'
  return {
    id: r.id,
    object: 'refund',
    amount: r.amount,
    balance_transaction: r.status === 'succeeded' ? `txn_${r.id.slice(3)}` : null,
    charge: r.chargeId,
    created: r.created,
    currency: r.currency,
    destination_details: card
      ? {
          card: { reference_status: r.status === 'succeeded' ? 'available' : 'pending', type: 'refund' },
          type: 'card',
        }
      : { sepa_debit: {}, type: 'sepa_debit' },
    metadata: { ...r.metadata },
    payment_intent: r.paymentIntentId,
    reason: r.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: r.status,
    transfer_reversal: null,
  }
}

export function renderDispute(d: Dispute, state: State): Json {
  const charge = state.charges.get(d.chargeId)
  const brand = charge?.method.type === 'card' ? charge.method.brand : null
  const nullEvidence = Object.fromEntries(
    (
      'access_activity_log billing_address cancellation_policy cancellation_policy_disclosure cancellation_rebuttal ' +
      'customer_communication customer_email_address customer_name customer_purchase_ip customer_signature ' +
      'duplicate_charge_documentation duplicate_charge_explanation duplicate_charge_id product_description receipt ' +
      'refund_policy refund_policy_disclosure refund_refusal_explanation service_date service_documentation ' +
      'shipping_address shipping_carrier shipping_date shipping_documentation shipping_tracking_number ' +
      'uncategorized_file uncategorized_text'
    )
      .split(' ')
      .map((k) => [k, null]),
  )
  return {
    id: d.id,
    object: 'dispute',
    amount: d.amount,
    balance_transactions: [],
    charge: d.chargeId,
    created: d.created,
    currency: d.currency,
    enhanced_eligibility_types: [],
    evidence: { ...nullEvidence, enhanced_evidence: {} },
    evidence_details: {
      due_by: d.created + 7 * 86_400,
      enhanced_eligibility: {},
      has_evidence: false,
      past_due: false,
      submission_count: 0,
    },
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: d.paymentIntentId,
    payment_method_details: brand
      ? { card: { brand, case_type: 'chargeback', network_reason_code: '10.4' }, type: 'card' }
      : { type: charge?.method.type ?? 'card' },
    reason: d.reason,
    status: d.status,
  }
}

export function renderEvent(e: StoredEvent, apiVersion: string, pendingWebhooks: number): Json {
  return {
    id: e.id,
    object: 'event',
    api_version: apiVersion,
    created: e.created,
    data: e.previousAttributes
      ? { object: e.object, previous_attributes: e.previousAttributes }
      : { object: e.object },
    livemode: false,
    pending_webhooks: pendingWebhooks,
    request: e.request,
    type: e.type,
  }
}
