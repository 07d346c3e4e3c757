import 'server-only'
import type { Db } from '@/lib/db'
import { AppError } from '@/lib/errors'
import { callStripe } from '@/lib/integrations/stripe'
import { applyCheckoutSession, syncCheckoutSession } from './apply-session'

/**
 * Before an unpaid order is cancelled, its open checkout sessions are expired at Stripe so no payment can start
 * afterwards. A session that completed in the meantime is applied instead (the order then is not cancelled).
 */
export async function expireOpenCheckouts(db: Db, orderId: string) {
  const open = await db.payment.findMany({
    where: { orderId, status: { in: ['OPEN', 'CREATING'] }, checkoutSessionId: { not: null } },
  })
  for (const p of open) {
    try {
      const session = await callStripe({ operation: 'checkout.sessions.expire', orderId }, (s) =>
        s.checkout.sessions.expire(p.checkoutSessionId!),
      )
      await applyCheckoutSession(db, session, 'system')
    } catch (err) {
      // Stripe refuses to expire a session that is no longer open: find out what it is now
      if (err instanceof AppError && !err.isRetryable)
        await syncCheckoutSession(db, p.checkoutSessionId!, 'system')
      else throw err
    }
  }
}
