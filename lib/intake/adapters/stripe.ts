import { env } from '@/lib/env'
import { verifyStripeWebhook } from '@/lib/integrations/stripe'
import { redactStripeEvent } from '@/lib/payments/redact'
import type { InboundAdapter, TVerifyResult } from '../types'

/** Stripe signs `t.body` with HMAC-SHA256; its SDK only refuses too-old timestamps, so we refuse both sides. */
export const STRIPE_TOLERANCE_S = 300

export const stripeAdapter: InboundAdapter = {
  provider: 'stripe',
  maxBodyBytes: 512 * 1024,
  verify(raw, headers, now): TVerifyResult {
    const signature = headers.get('stripe-signature')
    if (!signature) return { ok: false, reason: 'missing signature header' }
    const t = Number(/(?:^|,)\s*t=(\d+)/.exec(signature)?.[1])
    if (Number.isFinite(t) && t > now.getTime() / 1000 + STRIPE_TOLERANCE_S)
      return { ok: false, reason: `timestamp more than ${STRIPE_TOLERANCE_S} s in the future` }
    let event: ReturnType<typeof verifyStripeWebhook>
    try {
      event = verifyStripeWebhook(raw.toString('utf8'), signature, env.STRIPE_WEBHOOK_SECRET)
    } catch (err) {
      return { ok: false, reason: refusalReason(err) }
    }
    return { ok: true, event: stripeInboundEvent(event) }
  },
}

/** For events Stripe lists (reconciliation): the same id, type, redaction and order link as a webhook. */
export function stripeInboundEvent(event: {
  id: string
  type: string
  created?: number
  data?: { object?: unknown }
}) {
  const obj = (event.data?.object ?? {}) as { metadata?: Record<string, string> | null }
  return {
    eventId: event.id,
    type: event.type,
    payload: redactStripeEvent(event),
    orderId: obj.metadata?.orderId ?? null,
  }
}

function refusalReason(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err)
  if (/tolerance/i.test(msg))
    return `timestamp outside the ${STRIPE_TOLERANCE_S} s tolerance (stale or replayed)`
  if (/Unable to extract timestamp and signatures/i.test(msg)) return 'malformed signature header'
  if (/No signatures found matching/i.test(msg))
    return 'signature does not match the body (forged, altered or wrong secret)'
  return `verification failed: ${msg.slice(0, 200)}`
}
