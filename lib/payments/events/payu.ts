import 'server-only'
import type { Db } from '@/lib/db'
import type { TProcessingOutcome, TStoredEvent } from '@/lib/intake/types'
import { applyRefundSnapshots } from '../apply-refunds'
import { paymentProviders } from '../providers'
import { syncPayment } from '../sync-payment'

const payuOrderIdOf = (ev: TStoredEvent) => {
  const id = (ev.payload as { orderId?: unknown } | null)?.orderId
  return typeof id === 'string' ? id : null
}

/** order.NEW | PENDING | WAITING_FOR_CONFIRMATION | COMPLETED | CANCELED: re-fetch the PayU order and apply it. */
export async function handlePayuOrder(db: Db, ev: TStoredEvent, actor: string): Promise<TProcessingOutcome> {
  const id = payuOrderIdOf(ev)
  if (!id) return { outcome: 'ignored', detail: 'the notification names no order' }
  // an order we did not start but that names one of ours (extOrderId HL-<number>-<n>) is adopted by applySnapshot
  const payment = await db.payment.findFirst({ where: { provider: 'payu', providerCheckoutId: id } })
  return syncPayment(db, 'payu', id, actor, { orderId: payment?.orderId })
}

/** refund.PENDING | FINALIZED | CANCELED: re-fetch the order's refunds at PayU and apply them. */
export async function handlePayuRefund(db: Db, ev: TStoredEvent, actor: string): Promise<TProcessingOutcome> {
  const id = payuOrderIdOf(ev)
  const payment = id
    ? await db.payment.findFirst({ where: { provider: 'payu', providerCheckoutId: id } })
    : null
  if (!payment) return { outcome: 'ignored', detail: `PayU order ${id} is not one of ours` }
  const refunds = await paymentProviders.payu.fetchRefunds(payment)
  return applyRefundSnapshots(db, payment.id, refunds, actor)
}

export const PAYU_EVENT_HANDLERS = {
  'order.PENDING': handlePayuOrder,
  'order.WAITING_FOR_CONFIRMATION': handlePayuOrder,
  'order.COMPLETED': handlePayuOrder,
  'order.CANCELED': handlePayuOrder,
  'refund.PENDING': handlePayuRefund,
  'refund.FINALIZED': handlePayuRefund,
  'refund.CANCELED': handlePayuRefund,
}
