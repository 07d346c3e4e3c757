// What happens inside "Stripe": sessions get paid or expire, payments settle, refunds complete,
// and every change is recorded as an event carrying a snapshot of the object at that moment.
import { invalidParam, invalidState, notFound, StripeError } from './errors.ts'
import {
  type Charge,
  type Dispute,
  type LineItem,
  type PaymentIntent,
  type PaymentMethodDetails,
  type Refund,
  renderCharge,
  renderDispute,
  renderPaymentIntent,
  renderRefund,
  renderSession,
  type Session,
  State,
  type StoredEvent,
} from './model.ts'
import { clone, formatAmount, type Json, newId, nowSeconds, randomToken, type Scheduler } from './util.ts'

export type RequestInfo = { id: string | null; idempotency_key: string | null }
const noRequest: RequestInfo = { id: null, idempotency_key: null }

export type CoreOptions = {
  publicUrl: string
  asyncPaymentDelayMs: number
  refundDelayMs: number
}

export type NewSession = {
  currency: string
  lineItems: { name: string; unitAmount: number; quantity: number }[]
  customerEmail: string | null
  clientReferenceId: string | null
  metadata: Record<string, string>
  successUrl: string | null
  cancelUrl: string | null
  expiresAt: number
  paymentIntentData: Session['paymentIntentData']
  locale: string | null
  submitType: string | null
  paymentMethodTypes: string[]
}

export type TestCard = {
  number: string
  brand: string
  outcome: 'success' | 'declined'
  declineCode?: string
  message?: string
}

export const testCards: TestCard[] = [
  { number: '4242424242424242', brand: 'visa', outcome: 'success' },
  { number: '5555555555554444', brand: 'mastercard', outcome: 'success' },
  {
    number: '4000000000000002',
    brand: 'visa',
    outcome: 'declined',
    declineCode: 'generic_decline',
    message: 'Your card was declined.',
  },
  {
    number: '4000000000009995',
    brand: 'visa',
    outcome: 'declined',
    declineCode: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
]

export type AsyncOutcome = 'success' | 'failure'

export class StripeCore {
  state = new State()
  private expiryTimers = new Map<string, NodeJS.Timeout>()
  private pendingAsync = new Map<string, { outcome: AsyncOutcome; timer: NodeJS.Timeout | null }>()
  private refundTimers = new Map<string, NodeJS.Timeout>()

  constructor(
    private opts: CoreOptions,
    private scheduler: Scheduler,
    private onEvent: (e: StoredEvent) => void,
  ) {}

  emit(type: string, object: Json, previousAttributes: Json | null = null, request: RequestInfo = noRequest) {
    const e: StoredEvent = {
      id: newId('evt_'),
      seq: ++this.state.eventSeq,
      type,
      created: nowSeconds(),
      object: clone(object),
      previousAttributes,
      request: { ...request },
      delivered: false,
      held: false,
      attempts: 0,
      lastStatus: null,
      lastError: null,
      nextRetryAt: null,
    }
    this.state.events.set(e.id, e)
    this.onEvent(e)
    return e
  }

  // Checkout Sessions

  createSession(input: NewSession): Session {
    const created = nowSeconds()
    const id = newId('cs_test_a1', 56)
    const lineItems: LineItem[] = input.lineItems.map((li) => ({
      id: newId('li_'),
      priceId: newId('price_'),
      productId: newId('prod_', 14),
      name: li.name,
      unitAmount: li.unitAmount,
      quantity: li.quantity,
      currency: input.currency,
      created,
    }))
    const amount = lineItems.reduce((sum, li) => sum + li.unitAmount * li.quantity, 0)
    const s: Session = {
      id,
      created,
      expiresAt: input.expiresAt,
      status: 'open',
      paymentStatus: 'unpaid',
      currency: input.currency,
      lineItems,
      amountSubtotal: amount,
      amountTotal: amount,
      customerEmail: input.customerEmail,
      paidEmail: null,
      clientReferenceId: input.clientReferenceId,
      metadata: input.metadata,
      successUrl: input.successUrl,
      cancelUrl: input.cancelUrl,
      paymentIntentId: null,
      paymentIntentData: input.paymentIntentData,
      locale: input.locale,
      submitType: input.submitType,
      paymentMethodTypes: input.paymentMethodTypes,
      url: `${this.opts.publicUrl}/checkout/pay/${id}`,
    }
    this.state.sessions.set(id, s)
    const timer = this.scheduler.later(s.expiresAt * 1000 - Date.now(), () => {
      if (s.status === 'open') this.expireSession(s)
    })
    if (timer) this.expiryTimers.set(id, timer)
    return s
  }

  /** Looks a session up and expires it first when its time is up (the timer may not have fired yet). */
  session(id: string, param = 'session'): Session {
    const s = this.state.sessions.get(id)
    if (!s) throw notFound('checkout.session', id, param)
    if (s.status === 'open' && s.expiresAt <= nowSeconds()) this.expireSession(s)
    return s
  }

  sessions(): Session[] {
    for (const s of this.state.sessions.values()) this.session(s.id)
    return [...this.state.sessions.values()]
  }

  expireSession(s: Session, request: RequestInfo = noRequest): Session {
    if (s.status !== 'open') {
      throw invalidState(
        `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session (${s.id}) has a status of "${s.status}".`,
        { code: 'checkout_session_not_open' },
      )
    }
    s.status = 'expired'
    this.scheduler.cancel(this.expiryTimers.get(s.id))
    this.expiryTimers.delete(s.id)
    this.emit('checkout.session.expired', renderSession(s), null, request)
    return s
  }

  private assertOpen(s: Session) {
    if (s.status !== 'open') {
      throw invalidState(`This Checkout Session is no longer open (status: ${s.status}).`, {
        code: 'checkout_session_not_open',
      })
    }
  }

  private complete(s: Session, pi: PaymentIntent, email: string | null) {
    s.status = 'complete'
    s.paymentIntentId = pi.id
    s.paidEmail = email ?? s.customerEmail
    this.scheduler.cancel(this.expiryTimers.get(s.id))
    this.expiryTimers.delete(s.id)
  }

  private newPaymentIntent(s: Session, type: PaymentIntent['paymentMethodType']): PaymentIntent {
    const id = newId('pi_3')
    const pi: PaymentIntent = {
      id,
      created: nowSeconds(),
      amount: s.amountTotal,
      currency: s.currency,
      status: 'requires_payment_method',
      metadata: { ...s.paymentIntentData.metadata },
      description: s.paymentIntentData.description,
      receiptEmail: s.paymentIntentData.receiptEmail,
      latestChargeId: null,
      paymentMethodId: null,
      paymentMethodType: type,
      lastPaymentError: null,
      clientSecret: `${id}_secret_${randomToken(25)}`,
      sessionId: s.id,
    }
    this.state.paymentIntents.set(id, pi)
    this.emit('payment_intent.created', renderPaymentIntent(pi))
    return pi
  }

  private newCharge(
    pi: PaymentIntent,
    method: PaymentMethodDetails,
    email: string | null,
    status: Charge['status'],
  ) {
    const charge: Charge = {
      id: newId('ch_3'),
      created: nowSeconds(),
      amount: pi.amount,
      currency: pi.currency,
      status,
      paymentIntentId: pi.id,
      paymentMethodId: newId('pm_1'),
      method,
      billingEmail: email,
      failureCode: null,
      failureMessage: null,
      disputed: false,
      description: pi.description,
      metadata: {},
      balanceTransaction: status === 'succeeded' ? newId('txn_3') : null,
    }
    this.state.charges.set(charge.id, charge)
    pi.latestChargeId = charge.id
    pi.paymentMethodId = charge.paymentMethodId
    return charge
  }

  /** Card payment from the hosted page. A decline changes nothing and is reported as a card_error. */
  payByCard(s: Session, cardNumber: string, email: string | null): Session {
    this.assertOpen(s)
    const number = cardNumber.replace(/[\s-]/g, '')
    const card = testCards.find((c) => c.number === number)
    if (!card) {
      throw new StripeError(
        400,
        'card_error',
        'Use a test card: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined.',
        { code: 'incorrect_number', param: 'number' },
      )
    }
    if (card.outcome === 'declined') {
      throw new StripeError(402, 'card_error', card.message ?? 'Your card was declined.', {
        code: 'card_declined',
        decline_code: card.declineCode,
      })
    }
    const pi = this.newPaymentIntent(s, 'card')
    const year = new Date().getUTCFullYear() + 3
    const method: PaymentMethodDetails = {
      type: 'card',
      brand: card.brand,
      last4: number.slice(-4),
      funding: 'credit',
      expMonth: 12,
      expYear: year,
      fingerprint: `fp${number.slice(-6)}sandbox`,
    }
    const charge = this.newCharge(pi, method, email ?? s.customerEmail, 'succeeded')
    pi.status = 'succeeded'
    s.paymentStatus = 'paid'
    this.complete(s, pi, email)
    this.emit('charge.succeeded', renderCharge(charge, this.state))
    this.emit('payment_intent.succeeded', renderPaymentIntent(pi))
    this.emit('checkout.session.completed', renderSession(s))
    return s
  }

  /** A delayed-notification payment (SEPA-like bank debit): the session completes unpaid and settles later. */
  payLater(s: Session, outcome: AsyncOutcome, email: string | null): Session {
    this.assertOpen(s)
    const pi = this.newPaymentIntent(s, 'sepa_debit')
    const method: PaymentMethodDetails = {
      type: 'sepa_debit',
      last4: outcome === 'success' ? '3000' : '1111',
      bankCode: '37040044',
      fingerprint: `fpsepa${outcome}`,
      mandate: newId('mandate_'),
    }
    const charge = this.newCharge(pi, method, email ?? s.customerEmail, 'pending')
    pi.status = 'processing'
    this.complete(s, pi, email)
    this.emit('payment_intent.processing', renderPaymentIntent(pi))
    this.emit('charge.pending', renderCharge(charge, this.state))
    this.emit('checkout.session.completed', renderSession(s))
    const timer = this.scheduler.later(this.opts.asyncPaymentDelayMs, () => {
      this.settleAsync(s.id)
    })
    this.pendingAsync.set(s.id, { outcome, timer })
    return s
  }

  /** Settles delayed payments now (all, or one session's). Returns the settled session ids. */
  settleAsync(sessionId?: string): string[] {
    const settled: string[] = []
    for (const [id, pending] of [...this.pendingAsync]) {
      if (sessionId && id !== sessionId) continue
      this.pendingAsync.delete(id)
      this.scheduler.cancel(pending.timer)
      const s = this.state.sessions.get(id)
      const pi = s?.paymentIntentId ? this.state.paymentIntents.get(s.paymentIntentId) : undefined
      const charge = pi?.latestChargeId ? this.state.charges.get(pi.latestChargeId) : undefined
      if (!s || !pi || !charge) continue
      if (pending.outcome === 'success') {
        charge.status = 'succeeded'
        charge.balanceTransaction = newId('txn_3')
        pi.status = 'succeeded'
        s.paymentStatus = 'paid'
        this.emit('charge.succeeded', renderCharge(charge, this.state), { status: 'pending' })
        this.emit('payment_intent.succeeded', renderPaymentIntent(pi))
        this.emit('checkout.session.async_payment_succeeded', renderSession(s))
      } else {
        charge.status = 'failed'
        charge.failureCode = 'insufficient_funds'
        charge.failureMessage = "The customer's account has insufficient funds to cover this payment."
        pi.status = 'requires_payment_method'
        pi.paymentMethodId = null
        pi.lastPaymentError = {
          charge: charge.id,
          code: 'insufficient_funds',
          message: charge.failureMessage,
          payment_method: { id: charge.paymentMethodId, object: 'payment_method', type: 'sepa_debit' },
          type: 'invalid_request_error',
        }
        this.emit('charge.failed', renderCharge(charge, this.state), { status: 'pending' })
        this.emit('payment_intent.payment_failed', renderPaymentIntent(pi))
        this.emit('checkout.session.async_payment_failed', renderSession(s))
      }
      settled.push(id)
    }
    return settled
  }

  // Payment intents and charges

  paymentIntent(id: string, param = 'intent'): PaymentIntent {
    const pi = this.state.paymentIntents.get(id)
    if (!pi) throw notFound('payment_intent', id, param)
    return pi
  }

  charge(id: string, param = 'charge'): Charge {
    const c = this.state.charges.get(id)
    if (!c) throw notFound('charge', id, param)
    return c
  }

  // Refunds

  createRefund(
    input: {
      chargeId?: string
      paymentIntentId?: string
      amount?: number
      reason: string | null
      metadata: Record<string, string>
    },
    request: RequestInfo,
  ): Refund {
    let charge: Charge
    if (input.paymentIntentId) {
      const pi = this.paymentIntent(input.paymentIntentId, 'payment_intent')
      const latest = pi.latestChargeId ? this.state.charges.get(pi.latestChargeId) : undefined
      if (latest?.status !== 'succeeded') {
        throw invalidState(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, {
          code: 'charge_not_refundable',
          param: 'payment_intent',
        })
      }
      charge = latest
      if (input.chargeId && input.chargeId !== charge.id) {
        throw invalidParam(`Charge ${input.chargeId} does not belong to PaymentIntent ${pi.id}.`, 'charge')
      }
    } else if (input.chargeId) {
      charge = this.charge(input.chargeId)
      if (charge.status !== 'succeeded') {
        throw invalidState(`Charge ${charge.id} has not succeeded and cannot be refunded.`, {
          code: 'charge_not_refundable',
          param: 'charge',
        })
      }
    } else {
      throw invalidParam(
        'One of the following params should be provided for this request: payment_intent or charge.',
      )
    }
    if (charge.disputed) {
      throw invalidState(`Charge ${charge.id} has been charged back; cannot issue a refund.`, {
        code: 'charge_disputed',
      })
    }
    const remaining = charge.amount - this.state.amountRefunded(charge.id)
    if (remaining <= 0) {
      throw invalidState(`Charge ${charge.id} has already been refunded.`, {
        code: 'charge_already_refunded',
      })
    }
    const amount = input.amount ?? remaining
    if (amount <= 0) throw invalidParam('Invalid positive integer', 'amount')
    if (amount > remaining) {
      throw invalidState(
        `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`,
        { code: 'amount_too_large', param: 'amount' },
      )
    }
    const refund: Refund = {
      id: newId('re_3'),
      created: nowSeconds(),
      amount,
      currency: charge.currency,
      chargeId: charge.id,
      paymentIntentId: charge.paymentIntentId,
      status: 'pending',
      reason: input.reason,
      metadata: input.metadata,
    }
    this.state.refunds.set(refund.id, refund)
    this.emit('refund.created', renderRefund(refund, this.state), null, request)
    const timer = this.scheduler.later(this.opts.refundDelayMs, () => {
      this.settleRefunds(refund.id)
    })
    if (timer) this.refundTimers.set(refund.id, timer)
    return refund
  }

  refund(id: string): Refund {
    const r = this.state.refunds.get(id)
    if (!r) throw notFound('refund', id, 'refund')
    return r
  }

  /** Pending refunds become succeeded (all, or one). Returns the settled refund ids. */
  settleRefunds(refundId?: string): string[] {
    const settled: string[] = []
    for (const r of [...this.state.refunds.values()]) {
      if (r.status !== 'pending' || (refundId && r.id !== refundId)) continue
      this.scheduler.cancel(this.refundTimers.get(r.id))
      this.refundTimers.delete(r.id)
      r.status = 'succeeded'
      this.emit('refund.updated', renderRefund(r, this.state), { status: 'pending' })
      const charge = this.state.charges.get(r.chargeId)
      if (charge) {
        const rendered = renderCharge(charge, this.state)
        const before = (rendered.amount_refunded as number) - r.amount
        this.emit('charge.refunded', rendered, {
          amount_refunded: before,
          ...(rendered.refunded ? { refunded: false } : {}),
        })
      }
      settled.push(r.id)
    }
    return settled
  }

  // Disputes

  createDispute(chargeId: string, input: { reason?: string; amount?: number }): Dispute {
    const charge = this.charge(chargeId)
    if (charge.status !== 'succeeded')
      throw invalidState(`Charge ${charge.id} has not succeeded; it cannot be disputed.`)
    if (charge.disputed) throw invalidState(`Charge ${charge.id} is already disputed.`)
    const d: Dispute = {
      id: newId('dp_1'),
      created: nowSeconds(),
      amount: input.amount ?? charge.amount,
      currency: charge.currency,
      chargeId: charge.id,
      paymentIntentId: charge.paymentIntentId,
      reason: input.reason ?? 'fraudulent',
      status: 'needs_response',
    }
    this.state.disputes.set(d.id, d)
    charge.disputed = true
    this.emit('charge.dispute.created', renderDispute(d, this.state))
    return d
  }

  dispute(id: string): Dispute {
    const d = this.state.disputes.get(id)
    if (!d) throw notFound('dispute', id, 'dispute')
    return d
  }

  /** Drops every object; timers are cleared by the caller's scheduler reset. */
  reset() {
    this.state = new State()
    this.expiryTimers.clear()
    this.pendingAsync.clear()
    this.refundTimers.clear()
  }
}
