import type { DbTx } from '@/lib/db'

/** A signed-in customer's orders: those placed while signed in, and guest orders claimed by a used email link. */
export function listOrdersForCustomer(db: DbTx, userId: string) {
  return db.order.findMany({
    where: { userId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 100,
    select: { id: true, number: true, status: true, totalGrossMinor: true, currency: true, createdAt: true },
  })
}
