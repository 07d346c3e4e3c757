import type { Db } from '@/lib/db'
import { AppError } from '@/lib/errors'
import { restock } from './release-unpaid-order'
import { transitionOrder } from './transition'

/** Staff cancel an order that has not been paid; its stock goes back. Paid orders are refunded instead. */
export async function cancelOrder(db: Db, orderId: string, opts: { actor: string; reason?: string }) {
  return db.$transaction(async (tx) => {
    const order = await tx.order.findUnique({ where: { id: orderId }, select: { status: true } })
    if (!order) throw new AppError('NOT_FOUND', 'Order not found.')
    if (order.status !== 'PENDING_PAYMENT')
      throw new AppError(
        'INVALID_TRANSITION',
        'Only orders awaiting payment can be cancelled; refund paid orders.',
      )
    await transitionOrder(tx, orderId, 'CANCELLED', {
      reason: opts.reason?.trim() || 'cancelled by staff',
      actor: opts.actor,
      strict: true,
    })
    await restock(tx, orderId)
  })
}
