// What happens inside "PayU": orders get paid, wait for capture, complete or get cancelled; refunds are queued
// and finalized; every status change becomes a notification carrying a snapshot of the order at that moment.
import { invalid, notFound, PayuError } from './errors.ts'
import {
  isFinal,
  type Notification,
  type Order,
  type OrderStatus,
  orderNotificationBody,
  type Payment,
  type Product,
  type Refund,
  refundNotificationBody,
  State,
} from './model.ts'
import {
  type Json,
  newNumericId,
  newOrderId,
  newToken,
  pageToken,
  type Scheduler,
  type SignatureAlgorithm,
} from './util.ts'

/** One point of sale: its credentials and the settings a merchant changes in the PayU panel. */
export type PosConfig = {
  posId: string
  clientId: string
  clientSecret: string
  secondKey: string
  signatureAlgorithm: SignatureAlgorithm
  /** Off: a paid order waits in WAITING_FOR_CONFIRMATION until the merchant captures or cancels it. */
  autoReceive: boolean
  tokenLifetimeSeconds: number
  /** Refunds finalize this long after creation; null keeps them PENDING until the control API decides. */
  refundAutoFinalizeMs: number | null
  /** Used when an order has no notifyUrl (PayU falls back to the POS's URL from the panel). */
  defaultNotifyUrl: string | null
}

export type NewOrder = {
  extOrderId: string | null
  notifyUrl: string | null
  continueUrl: string | null
  customerIp: string
  description: string
  additionalDescription: string | null
  currencyCode: string
  totalAmount: string
  validityTime: string
  buyer: Json | null
  products: Product[]
  requestedPayMethod: Order['requestedPayMethod']
}

export type NewRefund = {
  description: string
  amount: string | null
  extRefundId: string | null
  currencyCode: string | null
  bankDescription: string | null
  type: string | null
}

type Token = { value: string; expiresAt: number }

const allowed: Record<OrderStatus, OrderStatus[]> = {
  NEW: ['PENDING', 'CANCELED'],
  PENDING: ['WAITING_FOR_CONFIRMATION', 'COMPLETED', 'CANCELED'],
  WAITING_FOR_CONFIRMATION: ['COMPLETED', 'CANCELED'],
  COMPLETED: [],
  CANCELED: [],
}

export class PayuCore {
  state = new State()
  private tokens = new Map<string, Token>()
  private current: Token | null = null
  private validityTimers = new Map<string, NodeJS.Timeout>()
  private refundTimers = new Map<string, NodeJS.Timeout>()

  constructor(
    readonly publicUrl: string,
    public config: PosConfig,
    private scheduler: Scheduler,
    private emit: (n: Notification) => void,
  ) {}

  // --- OAuth ---------------------------------------------------------------------------------------------

  /** Like PayU, a client asking again while its token is valid gets the same token with the time left. */
  issueToken(): { token: string; expiresIn: number } {
    const now = Date.now()
    if (!this.current || this.current.expiresAt <= now + 1000) {
      this.current = { value: newToken(), expiresAt: now + this.config.tokenLifetimeSeconds * 1000 }
      this.tokens.set(this.current.value, this.current)
    }
    return { token: this.current.value, expiresIn: Math.floor((this.current.expiresAt - now) / 1000) }
  }

  checkToken(value: string): 'ok' | 'expired' | 'unknown' {
    const t = this.tokens.get(value)
    if (!t) return 'unknown'
    return t.expiresAt > Date.now() ? 'ok' : 'expired'
  }

  /** Expires one token, or every token when none is named. Returns how many were expired. */
  expireTokens(value?: string): number {
    let n = 0
    for (const t of this.tokens.values()) {
      if (value && t.value !== value) continue
      if (t.expiresAt > Date.now()) n += 1
      t.expiresAt = Date.now() - 1
    }
    return n
  }

  // --- Orders ---------------------------------------------------------------------------------------------

  order(id: string): Order {
    const o = this.state.orders.get(id)
    if (!o) throw notFound(`order ${id}`)
    return o
  }

  redirectUri(o: Order): string {
    return `${this.publicUrl}/payu/pay/?orderId=${encodeURIComponent(o.orderId)}&token=${o.pageToken}`
  }

  createOrder(input: NewOrder, secondPaymentOf: string | null = null): Order {
    if (input.extOrderId !== null) {
      const existing = this.state.extOrderIds.get(input.extOrderId)
      if (existing) {
        throw new PayuError(400, 'ERROR_ORDER_NOT_UNIQUE', 'Order with given extOrderId already exists', {
          code: '110',
          codeLiteral: 'ORDER_NOT_UNIQUE',
          top: { orderId: existing, extOrderId: input.extOrderId },
        })
      }
    }
    const o: Order = {
      ...input,
      orderId: newOrderId(),
      createdAt: new Date(),
      merchantPosId: this.config.posId,
      status: 'NEW',
      payment: null,
      paymentId: null,
      completedAt: null,
      pageToken: pageToken(),
      secondPaymentOf,
    }
    this.state.orders.set(o.orderId, o)
    if (o.extOrderId !== null) this.state.extOrderIds.set(o.extOrderId, o.orderId)
    // An unpaid order (abandoned page, transfer never confirmed) is cancelled when its validity runs out.
    const timer = this.scheduler.later(Number(o.validityTime) * 1000, () => {
      this.validityTimers.delete(o.orderId)
      if (o.status === 'NEW' || o.status === 'PENDING') this.transition(o, 'CANCELED')
    })
    if (timer) this.validityTimers.set(o.orderId, timer)
    return o
  }

  private transition(o: Order, to: OrderStatus) {
    if (!allowed[o.status].includes(to)) {
      throw new PayuError(
        400,
        'ERROR_VALUE_INVALID',
        `Order status cannot change from ${o.status} to ${to}`,
        {
          codeLiteral: 'ORDER_STATUS_NOT_CHANGEABLE',
        },
      )
    }
    o.status = to
    if (to === 'COMPLETED') o.completedAt = new Date()
    if (isFinal(to)) {
      this.scheduler.cancel(this.validityTimers.get(o.orderId))
      this.validityTimers.delete(o.orderId)
    }
    this.notify('order', o, null, orderNotificationBody(o), to)
  }

  /** The buyer picked a method and the transaction started (redirected to the bank, BLIK code sent). */
  startPayment(o: Order, payment: Payment) {
    if (o.status !== 'NEW') {
      throw new PayuError(400, 'ERROR_VALUE_INVALID', `Order is ${o.status}, a payment cannot start`, {
        codeLiteral: 'ORDER_NOT_NEW',
      })
    }
    o.payment = payment
    o.paymentId = newNumericId()
    this.transition(o, 'PENDING')
  }

  /** The bank or BLIK authorised the money. */
  authorize(o: Order) {
    this.transition(o, this.config.autoReceive ? 'COMPLETED' : 'WAITING_FOR_CONFIRMATION')
  }

  decline(o: Order) {
    this.transition(o, 'CANCELED')
  }

  capture(o: Order) {
    if (o.status !== 'WAITING_FOR_CONFIRMATION') {
      throw new PayuError(
        400,
        'ERROR_VALUE_INVALID',
        `Order is ${o.status}, only WAITING_FOR_CONFIRMATION can be captured`,
        {
          codeLiteral: 'ORDER_NOT_WAITING_FOR_CONFIRMATION',
        },
      )
    }
    this.transition(o, 'COMPLETED')
  }

  cancel(o: Order) {
    if (isFinal(o.status)) {
      throw new PayuError(400, 'ERROR_VALUE_INVALID', `Order is ${o.status} and cannot be cancelled`, {
        codeLiteral: 'ORDER_NOT_CANCELABLE',
      })
    }
    this.transition(o, 'CANCELED')
  }

  /** Control API: PayU-side changes the merchant does not cause (bank confirms, order expires). */
  setStatus(o: Order, to: OrderStatus) {
    if (o.status === 'NEW' && to !== 'CANCELED') this.startPayment(o, { value: 'm', flow: 'PBL' })
    if (o.status !== to) this.transition(o, to)
  }

  /** A second PayU order for the same shop order (another tab, a retry), paid or cancelled. */
  secondPayment(first: Order, extOrderId: string | null, status: 'COMPLETED' | 'CANCELED', method: Payment) {
    const ext = extOrderId ?? nextExtOrderId(first.extOrderId, this.state.extOrderIds)
    const o = this.createOrder(
      {
        extOrderId: ext,
        notifyUrl: first.notifyUrl,
        continueUrl: first.continueUrl,
        customerIp: first.customerIp,
        description: first.description,
        additionalDescription: first.additionalDescription,
        currencyCode: first.currencyCode,
        totalAmount: first.totalAmount,
        validityTime: first.validityTime,
        buyer: first.buyer,
        products: first.products.map((p) => ({ ...p })),
        requestedPayMethod: null,
      },
      first.orderId,
    )
    this.startPayment(o, method)
    if (status === 'COMPLETED') this.transition(o, 'COMPLETED')
    else this.transition(o, 'CANCELED')
    return o
  }

  // --- Refunds --------------------------------------------------------------------------------------------

  refundsOf(o: Order): Refund[] {
    return [...this.state.refunds.values()].filter((r) => r.orderId === o.orderId)
  }

  refund(id: string): Refund {
    const r = this.state.refunds.get(id)
    if (!r) throw notFound(`refund ${id}`)
    return r
  }

  createRefund(o: Order, input: NewRefund): Refund {
    const key = JSON.stringify(input)
    // "this request is idempotent, so if exactly same data will be provided, response will return data of
    // already previously created refund"
    const same = this.refundsOf(o).find((r) => r.requestKey === key)
    if (same) return same
    if (input.extRefundId !== null && this.refundsOf(o).some((r) => r.extRefundId === input.extRefundId)) {
      throw new PayuError(400, 'ERROR_VALUE_INVALID', 'Refund with given extRefundId already exists', {
        codeLiteral: 'REFUND_NOT_UNIQUE',
      })
    }
    if (o.status !== 'COMPLETED') {
      throw new PayuError(400, 'ERROR_VALUE_INVALID', 'Transaction is not ended', {
        code: '9101',
        codeLiteral: 'TRANS_NOT_ENDED',
      })
    }
    if (input.currencyCode !== null && input.currencyCode !== o.currencyCode) throw invalid('currencyCode')
    const refunded = this.refundsOf(o)
      .filter((r) => r.status !== 'CANCELED')
      .reduce((sum, r) => sum + Number(r.amount), 0)
    const left = Number(o.totalAmount) - refunded
    const amount = input.amount === null ? left : Number(input.amount)
    if (amount <= 0 || amount > left) {
      throw new PayuError(400, 'ERROR_VALUE_INVALID', 'Lack of funds in account', {
        code: '9102',
        codeLiteral: 'NO_BALANCE',
      })
    }
    const now = new Date()
    const r: Refund = {
      refundId: newNumericId(),
      orderId: o.orderId,
      extRefundId: input.extRefundId,
      amount: String(amount),
      currencyCode: o.currencyCode,
      description: input.description,
      bankDescription: input.bankDescription,
      type: input.type,
      createdAt: now,
      status: 'PENDING',
      statusAt: now,
      requestKey: key,
    }
    this.state.refunds.set(r.refundId, r)
    this.notify('refund', o, r, refundNotificationBody(o, r), 'PENDING')
    const delay = this.config.refundAutoFinalizeMs
    if (delay !== null) {
      const timer = this.scheduler.later(delay, () => {
        this.refundTimers.delete(r.refundId)
        if (r.status === 'PENDING') this.settleRefund(r, 'FINALIZED')
      })
      if (timer) this.refundTimers.set(r.refundId, timer)
    }
    return r
  }

  settleRefund(r: Refund, to: 'FINALIZED' | 'CANCELED') {
    if (r.status !== 'PENDING') {
      throw new PayuError(400, 'ERROR_VALUE_INVALID', `Refund is ${r.status}, only PENDING can change`, {
        codeLiteral: 'REFUND_NOT_PENDING',
      })
    }
    this.scheduler.cancel(this.refundTimers.get(r.refundId))
    this.refundTimers.delete(r.refundId)
    r.status = to
    r.statusAt = new Date()
    const o = this.order(r.orderId)
    this.notify('refund', o, r, refundNotificationBody(o, r), to)
  }

  // --- Notifications --------------------------------------------------------------------------------------

  private notify(kind: Notification['kind'], o: Order, r: Refund | null, body: string, status: string) {
    const url = o.notifyUrl ?? this.config.defaultNotifyUrl
    if (!url) return
    const n: Notification = {
      id: `ntf_${this.state.nextNotification++}`,
      kind,
      orderId: o.orderId,
      refundId: r?.refundId ?? null,
      status,
      url,
      body,
      createdAt: new Date(),
      delivered: false,
      held: false,
      attempts: 0,
      lastStatus: null,
      lastError: null,
      nextRetryAt: null,
    }
    this.state.notifications.set(n.id, n)
    this.emit(n)
  }

  notification(id: string): Notification {
    const n = this.state.notifications.get(id)
    if (!n) throw notFound(`notification ${id}`)
    return n
  }

  reset(config: PosConfig) {
    this.state = new State()
    this.tokens.clear()
    this.current = null
    this.validityTimers.clear()
    this.refundTimers.clear()
    this.config = { ...config }
  }
}

/** `HL-42-1` -> `HL-42-2`; anything else gets `-2` (then `-3`, ...) appended. */
export function nextExtOrderId(ext: string | null, taken: Map<string, string>): string {
  const base = ext ?? 'sandbox'
  const m = /^(.*)-(\d+)$/.exec(base)
  const stem = m ? m[1]! : base
  let n = m ? Number(m[2]) + 1 : 2
  while (taken.has(`${stem}-${n}`)) n += 1
  return `${stem}-${n}`
}
