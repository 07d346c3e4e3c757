// The emulator's state and how it is rendered on the wire: PayU's field names, string amounts, Warsaw timestamps.
import { type Json, warsawIso } from './util.ts'

export type OrderStatus = 'NEW' | 'PENDING' | 'WAITING_FOR_CONFIRMATION' | 'COMPLETED' | 'CANCELED'
export type RefundStatus = 'PENDING' | 'FINALIZED' | 'CANCELED'

export type Product = { name: string; unitPrice: string; quantity: string; virtual?: boolean }

/** How the buyer paid: `value` is PayU's pay-method code (`blik`, bank codes such as `m`), `flow` its paymentFlow. */
export type Payment = {
  value: string
  flow: 'PBL' | 'BLIK_PBL' | 'BLIK_AUTHORIZATION_CODE'
  blikCode?: string
}

export type Order = {
  orderId: string
  extOrderId: string | null
  createdAt: Date
  notifyUrl: string | null
  continueUrl: string | null
  customerIp: string
  merchantPosId: string
  description: string
  additionalDescription: string | null
  currencyCode: string
  totalAmount: string
  validityTime: string
  buyer: Json | null
  products: Product[]
  /** payMethods.payMethod from the create request (preselects a method on the pay page). */
  requestedPayMethod: { type: string; value: string | null } | null
  status: OrderStatus
  payment: Payment | null
  /** PAYMENT_ID property; given once a transaction starts. */
  paymentId: string | null
  completedAt: Date | null
  pageToken: string
  /** Created by the control API as a second payment for the same shop order. */
  secondPaymentOf: string | null
}

export type Refund = {
  refundId: string
  orderId: string
  extRefundId: string | null
  amount: string
  currencyCode: string
  description: string
  bankDescription: string | null
  type: string | null
  createdAt: Date
  status: RefundStatus
  statusAt: Date
  /** The request's own fields, so that "exactly the same data" returns the same refund. */
  requestKey: string
}

export type NotificationKind = 'order' | 'refund'

export type Notification = {
  id: string
  kind: NotificationKind
  orderId: string
  refundId: string | null
  status: string
  url: string
  /** Rendered once: every (re)delivery sends exactly these bytes. */
  body: string
  createdAt: Date
  delivered: boolean
  held: boolean
  attempts: number
  lastStatus: number | null
  lastError: string | null
  nextRetryAt: number | null
}

export class State {
  orders = new Map<string, Order>()
  /** extOrderId -> orderId: extOrderId is unique per POS, for ever (a cancelled order keeps it). */
  extOrderIds = new Map<string, string>()
  refunds = new Map<string, Refund>()
  notifications = new Map<string, Notification>()
  nextNotification = 1
}

export const isFinal = (s: OrderStatus) => s === 'COMPLETED' || s === 'CANCELED'

/** The order object as GET /orders/{id} and notifications carry it. */
export function renderOrder(o: Order): Json {
  const out: Json = { orderId: o.orderId }
  if (o.extOrderId !== null) out.extOrderId = o.extOrderId
  out.orderCreateDate = warsawIso(o.createdAt)
  if (o.notifyUrl) out.notifyUrl = o.notifyUrl
  out.customerIp = o.customerIp
  out.merchantPosId = o.merchantPosId
  out.description = o.description
  if (o.additionalDescription) out.additionalDescription = o.additionalDescription
  out.validityTime = o.validityTime
  out.currencyCode = o.currencyCode
  out.totalAmount = o.totalAmount
  if (o.buyer) out.buyer = o.buyer
  // Pay-by-link, BLIK on the hosted page included, is reported as PBL; the method itself is in /transactions.
  if (o.payment)
    out.payMethod = { type: o.payment.flow === 'BLIK_AUTHORIZATION_CODE' ? 'BLIK_AUTHORIZATION_CODE' : 'PBL' }
  out.products = o.products.map((p) => ({ ...p }))
  out.status = o.status
  return out
}

export function renderProperties(o: Order): Json[] | undefined {
  return o.paymentId ? [{ name: 'PAYMENT_ID', value: o.paymentId }] : undefined
}

/** Body of an order status notification. */
export function orderNotificationBody(o: Order): string {
  const body: Json = { order: renderOrder(o) }
  if (o.status === 'COMPLETED' && o.completedAt) body.localReceiptDateTime = warsawIso(o.completedAt)
  const properties = renderProperties(o)
  if (properties) body.properties = properties
  return JSON.stringify(body)
}

export function renderRefund(r: Refund): Json {
  const out: Json = { refundId: r.refundId }
  if (r.extRefundId !== null) out.extRefundId = r.extRefundId
  out.amount = r.amount
  out.currencyCode = r.currencyCode
  out.description = r.description
  if (r.bankDescription) out.bankDescription = r.bankDescription
  out.creationDateTime = warsawIso(r.createdAt)
  out.status = r.status
  // The API spells it statusDatetime; the refund notification spells it statusDateTime.
  out.statusDatetime = warsawIso(r.statusAt)
  if (r.status === 'CANCELED')
    out.statusError = { code: 'REFUND_REJECTED', description: 'Refund was rejected' }
  return out
}

/** Refund notifications have no `order` wrapper: `{orderId, extOrderId, refund:{...}}`. */
export function refundNotificationBody(o: Order, r: Refund): string {
  const body: Json = { orderId: o.orderId }
  if (o.extOrderId !== null) body.extOrderId = o.extOrderId
  body.refund = {
    refundId: r.refundId,
    ...(r.extRefundId !== null ? { extRefundId: r.extRefundId } : {}),
    amount: r.amount,
    currencyCode: r.currencyCode,
    status: r.status,
    statusDateTime: warsawIso(r.statusAt),
    reason: 'refund',
    reasonDescription: r.description,
    refundDate: warsawIso(r.createdAt),
  }
  return JSON.stringify(body)
}

export function renderTransactions(o: Order): Json {
  if (!o.payment) return { transactions: [] }
  const p = o.payment
  const tx: Json = { payMethod: { value: p.value }, paymentFlow: p.flow }
  if (p.value === 'blik') tx.blik = { txRef: `${o.paymentId}`, extTxRef: o.orderId }
  return { transactions: [tx] }
}
