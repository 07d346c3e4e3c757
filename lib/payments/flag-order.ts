import type { Prisma } from '@/generated/prisma/client'
import type { DbTx } from '@/lib/db'
import { raiseOrderFlag } from '@/lib/orders/flags'

/** Raises a payments flag on the order (lib/orders/flags.ts): staff see it on the order and in the list. */
export async function flagOrder(
  tx: DbTx,
  orderId: string,
  code: string,
  message: string,
  data?: Prisma.InputJsonValue,
) {
  await raiseOrderFlag(tx, orderId, { source: 'payments', code, message, data })
}
