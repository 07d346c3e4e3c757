import type { Db, DbTx } from '@/lib/db'
import { transitionOrder } from './transition'

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
    const order = await tx.order.findUnique({
      where: { id: orderId },
      select: { status: true, createdAt: true },
    })
    if (order?.status !== 'PENDING_PAYMENT') return 'not-awaiting-payment'
    if (order.createdAt.getTime() + opts.ttlMinutes * 60_000 > now.getTime()) return 'not-due'
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
  const order = await db.order.findUnique({
    where: { id: orderId },
    select: { status: true, createdAt: true },
  })
  return (
    order?.status === 'PENDING_PAYMENT' && order.createdAt.getTime() + ttlMinutes * 60_000 <= now.getTime()
  )
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
  const rows = await db.order.findMany({
    where: { status: 'PENDING_PAYMENT', createdAt: { lt: cutoff } },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
    take: limit,
  })
  return rows.map((r) => r.id)
}
