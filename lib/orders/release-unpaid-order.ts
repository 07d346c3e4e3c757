import type { Db, DbTx } from '@/lib/db'
import { transitionOrder } from './transition'

/**
 * When the order last started waiting for payment: its creation, or the moment a failed asynchronous payment sent
 * it back. The unpaid-order timer counts from there. Null when the order is not awaiting payment.
 */
async function awaitingPaymentSince(db: DbTx, orderId: string): Promise<Date | null> {
  const rows = await db.$queryRaw<{ since: Date | null }[]>`
    SELECT COALESCE(
      (SELECT max(c.created_at) FROM order_status_changes c WHERE c.order_id = o.id AND c.to_status = 'PENDING_PAYMENT'),
      o.created_at) AS since
    FROM orders o WHERE o.id = ${orderId}::uuid AND o.status = 'PENDING_PAYMENT'`
  return rows[0]?.since ?? null
}

export type ReleaseResult = 'released' | 'not-due' | 'not-awaiting-payment'

/**
 * Cancels an order still unpaid after the TTL and puts its reserved stock back, exactly once: the stock goes back
 * only on the transition that sets is_stock_released, so a duplicate job changes nothing.
 */
export async function releaseUnpaidOrder(
  db: Db,
  orderId: string,
  opts: { ttlMinutes: number; now?: Date; actor?: string },
): Promise<ReleaseResult> {
  const now = opts.now ?? new Date()
  return db.$transaction(async (tx) => {
    const since = await awaitingPaymentSince(tx, orderId)
    if (!since) return 'not-awaiting-payment'
    if (since.getTime() + opts.ttlMinutes * 60_000 > now.getTime()) return 'not-due'
    const r = await transitionOrder(tx, orderId, 'CANCELLED', {
      reason: `not paid within ${opts.ttlMinutes} minutes; stock released`,
      actor: opts.actor ?? 'system',
    })
    if (!r.changed) return 'not-awaiting-payment'
    await restock(tx, orderId)
    return 'released'
  })
}

export async function isReleaseDue(db: Db, orderId: string, ttlMinutes: number, now = new Date()) {
  const since = await awaitingPaymentSince(db, orderId)
  return !!since && since.getTime() + ttlMinutes * 60_000 <= now.getTime()
}

export async function restock(tx: DbTx, orderId: string) {
  const claimed = await tx.order.updateMany({
    where: { id: orderId, isStockReleased: false },
    data: { isStockReleased: true },
  })
  if (claimed.count === 0) return
  await tx.$executeRaw`
    UPDATE products p SET stock = p.stock + l.quantity, updated_at = now()
    FROM order_lines l WHERE l.order_id = ${orderId}::uuid AND l.product_id = p.id`
}

/** Orders past the TTL that are still awaiting payment (the periodic sweep releases them). */
export async function findOverdueUnpaidOrders(db: Db, ttlMinutes: number, now = new Date(), limit = 100) {
  const cutoff = new Date(now.getTime() - ttlMinutes * 60_000)
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT o.id::text AS id FROM orders o
    WHERE o.status = 'PENDING_PAYMENT' AND COALESCE(
      (SELECT max(c.created_at) FROM order_status_changes c WHERE c.order_id = o.id AND c.to_status = 'PENDING_PAYMENT'),
      o.created_at) < ${cutoff}
    ORDER BY o.created_at ASC
    LIMIT ${limit}`
  return rows.map((r) => r.id)
}
