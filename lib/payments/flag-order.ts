import type { Prisma } from '@/generated/prisma/client'
import type { DbTx } from '@/lib/db'

/** Marks an order for staff and writes why on its timeline. */
export async function flagOrder(
  tx: DbTx,
  orderId: string,
  kind: string,
  message: string,
  data?: Prisma.InputJsonValue,
) {
  await tx.order.update({ where: { id: orderId }, data: { needsAttention: true, attentionReason: message } })
  await tx.orderTimelineEntry.create({ data: { orderId, kind, message, isError: true, data } })
}
