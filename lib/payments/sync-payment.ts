import 'server-only'
import type { Db } from '@/lib/db'
import { AppError } from '@/lib/errors'
import { applySnapshot, type TApplyResult } from './apply-snapshot'
import { paymentProviders } from './providers'
import type { TProviderId } from './providers/types'

/**
 * Asks the provider for an attempt's current state and applies it: the one code path behind every webhook
 * handler, the return page's "ask the provider", reconciliation and the unpaid-order release. An authorised
 * payment waiting for us (PayU WAITING_FOR_CONFIRMATION) is captured when it pays the order, cancelled when the
 * order no longer needs it, and its new state applied at once.
 */
export async function syncPayment(
  db: Db,
  providerId: TProviderId,
  checkoutId: string,
  actor: string,
  ctx: { orderId?: string | null } = {},
): Promise<TApplyResult> {
  const provider = paymentProviders[providerId]
  const result = await applySnapshot(db, await provider.fetchSnapshot(checkoutId, ctx), actor)
  if (!result.capture) return result
  const orderCtx = { orderId: result.orderId ?? ctx.orderId }
  try {
    if (result.capture === 'capture') await provider.capture?.(checkoutId, orderCtx)
    else await provider.cancel?.(checkoutId, orderCtx)
  } catch (err) {
    // a duplicate notification's handler captured (or cancelled) it a moment ago: the state says what happened
    if (!(err instanceof AppError && !err.isRetryable)) throw err
  }
  const after = await applySnapshot(db, await provider.fetchSnapshot(checkoutId, orderCtx), actor)
  return { ...after, detail: `${result.detail}; then: ${after.detail}` }
}
