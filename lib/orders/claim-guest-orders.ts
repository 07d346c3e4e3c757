import type { DbTx } from '@/lib/db'

/**
 * Links orders placed as a guest with this email address to the customer's account. Only call it once the address
 * is proven (a used email sign-in link): whoever reads that mailbox already gets those orders' private links.
 */
export async function claimGuestOrders(db: DbTx, input: { userId: string; email: string }) {
  const { count } = await db.order.updateMany({
    where: { userId: null, email: input.email.toLowerCase() },
    data: { userId: input.userId },
  })
  return { claimed: count }
}
