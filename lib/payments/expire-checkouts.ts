import 'server-only'
import type { Db } from '@/lib/db'
import { AppError } from '@/lib/errors'
import { applySnapshot } from './apply-snapshot'
import { isProviderId, paymentProviders } from './providers'
import { syncPayment } from './sync-payment'

/**
 * Before an unpaid order is cancelled, its open attempts are ended at their provider so no payment can start
 * afterwards. One that was paid in the meantime is applied instead (the order then is not cancelled).
 */
export async function expireOpenCheckouts(db: Db, orderId: string) {
  const open = await db.payment.findMany({
    where: { orderId, status: { in: ['OPEN', 'CREATING'] }, providerCheckoutId: { not: null } },
  })
  for (const p of open) {
    if (!isProviderId(p.provider)) continue
    try {
      const snap = await paymentProviders[p.provider].expireCheckout(p.providerCheckoutId!, { orderId })
      await applySnapshot(db, snap, 'system')
    } catch (err) {
      // the provider refuses to end an attempt that is no longer open: find out what it is now
      if (err instanceof AppError && !err.isRetryable)
        await syncPayment(db, p.provider, p.providerCheckoutId!, 'system', { orderId })
      else throw err
    }
  }
}
