import 'server-only'
import type { PaymentMethod } from '@/generated/prisma/enums'
import { env } from '@/lib/env'
import { PayuRejectedError, payu, type TPayuOrder, type TPayuRefund } from '@/lib/integrations/payu'
import {
  CheckoutAttemptLostError,
  type PaymentProvider,
  type TPaymentSnapshot,
  type TRefundSnapshot,
  type TRefundState,
} from './types'

// PayU (REST API v2.1) behind the payment-provider interface. PayU's words stay in this file.

const STATE = {
  NEW: 'open',
  PENDING: 'processing',
  WAITING_FOR_CONFIRMATION: 'awaiting_capture',
  COMPLETED: 'paid',
  CANCELED: 'expired',
} as const

const BANKS = new Set(['m', 'p', 'o', 'pbl'])
const methodOf = (value: string | null | undefined): PaymentMethod | null =>
  !value
    ? null
    : value === 'blik'
      ? 'blik'
      : value === 'c'
        ? 'card'
        : BANKS.has(value)
          ? 'bank_transfer'
          : 'other'

/** `<order number>-<attempt>` (HL-2026-000042-1): a new attempt is a new PayU order (extOrderId is unique for ever). */
export const payuExtOrderId = (orderNumber: string, attempt: number) => `${orderNumber}-${attempt}`

async function snapshot(orderId: string, ctx?: { orderId?: string | null }): Promise<TPaymentSnapshot> {
  const meta = { operation: 'orders.retrieve', orderId: ctx?.orderId }
  const { order, paymentId } = await payu.getOrder(meta, orderId)
  return snapshotOfPayuOrder(order, paymentId, await methodDetail(order, ctx))
}

async function methodDetail(order: TPayuOrder, ctx?: { orderId?: string | null }) {
  // BLIK and bank transfers are both "PBL" on the order; only the transactions say which
  if (
    order.status !== 'COMPLETED' &&
    order.status !== 'WAITING_FOR_CONFIRMATION' &&
    order.status !== 'PENDING'
  )
    return null
  const tx = await payu.getTransactions(
    { operation: 'orders.transactions', orderId: ctx?.orderId },
    order.orderId,
  )
  return tx[0]?.payMethod?.value ?? null
}

export function snapshotOfPayuOrder(
  order: TPayuOrder,
  paymentId: string | null,
  detail: string | null,
): TPaymentSnapshot {
  const amount = Number(order.totalAmount)
  return {
    provider: 'payu',
    checkoutId: order.orderId,
    ourPaymentId: null,
    orderNumber: /^(HL-.+)-\d+$/.exec(order.extOrderId ?? '')?.[1] ?? null,
    providerPaymentId: paymentId,
    providerChargeId: null,
    state: STATE[order.status as keyof typeof STATE] ?? 'open',
    amountMinor: Number.isSafeInteger(amount) ? amount : null,
    currency: order.currencyCode ?? null,
    method: methodOf(detail),
    methodDetail: detail,
    providerStatus: order.status,
  }
}

const REFUND_STATE: Record<string, TRefundState> = {
  PENDING: 'PENDING',
  FINALIZED: 'SUCCEEDED',
  CANCELED: 'CANCELED',
}

const refundSnapshot = (r: TPayuRefund): TRefundSnapshot => ({
  providerRefundId: r.refundId,
  ourRefundId: r.extRefundId && /^[0-9a-f-]{36}$/i.test(r.extRefundId) ? r.extRefundId : null,
  amountMinor: Number(r.amount),
  currency: r.currencyCode,
  state: REFUND_STATE[r.status] ?? 'PENDING',
  reason: r.description ?? 'refunded in the PayU panel',
})

export const payuProvider: PaymentProvider = {
  id: 'payu',
  name: 'PayU',
  methods: ['blik', 'bank_transfer'],
  async startCheckout({ payment, order, method, token, customerIp }) {
    const orderUrl = `${env.APP_URL}/orders/${encodeURIComponent(order.number)}`
    const t = encodeURIComponent(token)
    const extOrderId = payuExtOrderId(order.number, payment.attempt)
    const [firstName, ...rest] = order.customerName.split(/\s+/)
    const input = {
      extOrderId,
      notifyUrl: env.PAYU_NOTIFY_URL ?? `${env.APP_URL}/api/webhooks/payu`,
      continueUrl: `${orderUrl}/return?provider=payu&payment=${payment.id}&t=${t}`,
      customerIp,
      description: `${order.locale === 'pl' ? 'Zamówienie' : 'Order'} ${order.number}`,
      currencyCode: order.currency,
      totalAmount: order.totalGrossMinor,
      validityTime: env.CHECKOUT_SESSION_TTL_MINUTES * 60,
      buyer: { email: order.email, firstName, lastName: rest.join(' ') || undefined, language: order.locale },
      products: order.lines.map((l) => ({
        name: (order.locale === 'pl' ? l.namePl : l.nameEn).slice(0, 255),
        unitPrice: l.unitGrossMinor,
        quantity: l.quantity,
      })),
      payMethod: method === 'blik' ? ({ type: 'PBL', value: 'blik' } as const) : undefined,
    }
    try {
      const created = await payu.createOrder({ operation: 'orders.create', orderId: order.id }, input)
      return { checkoutId: created.orderId, url: created.redirectUri, expiresAt: null }
    } catch (err) {
      // our first create went through but its answer was lost: PayU names the order it already has
      if (err instanceof PayuRejectedError && err.statusCode === 'ERROR_ORDER_NOT_UNIQUE') {
        const existing = typeof err.body.orderId === 'string' ? err.body.orderId : null
        if (existing) {
          const snap = await snapshot(existing, { orderId: order.id })
          if (snap.state === 'open')
            throw new CheckoutAttemptLostError(
              existing,
              'the PayU order of this attempt exists; start a new attempt',
            )
          return { checkoutId: existing, url: '', expiresAt: null }
        }
      }
      throw err
    }
  },
  fetchSnapshot: snapshot,
  async expireCheckout(checkoutId, ctx) {
    try {
      await payu.cancel({ operation: 'orders.cancel', orderId: ctx?.orderId }, checkoutId)
    } catch (err) {
      // PayU refuses to cancel a finished order: its snapshot says what it is
      if (!(err instanceof PayuRejectedError)) throw err
    }
    return snapshot(checkoutId, ctx)
  },
  async capture(checkoutId, ctx) {
    await payu.capture({ operation: 'orders.capture', orderId: ctx?.orderId }, checkoutId)
  },
  async cancel(checkoutId, ctx) {
    await payu.cancel({ operation: 'orders.cancel', orderId: ctx?.orderId }, checkoutId)
  },
  async createRefund(payment, refund) {
    const r = await payu.createRefund(
      { operation: 'refunds.create', orderId: payment.orderId },
      payment.providerCheckoutId!,
      {
        extRefundId: refund.id,
        amount: refund.amountMinor,
        currencyCode: refund.currency,
        description: refund.reason.slice(0, 100),
      },
    )
    return { providerRefundId: r.refundId }
  },
  async fetchRefunds(payment) {
    if (!payment.providerCheckoutId) return []
    const list = await payu.getRefunds(
      { operation: 'refunds.list', orderId: payment.orderId },
      payment.providerCheckoutId,
    )
    return list.map(refundSnapshot)
  },
}
