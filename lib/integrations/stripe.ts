import 'server-only'
import Stripe from 'stripe'
import { env } from '@/lib/env'
import { AppError } from '@/lib/errors'
import { type CallMeta, recordProviderCall } from './provider-call'

// The one place that constructs the Stripe SDK and reads its configuration. Pointed at the local sandbox when
// STRIPE_API_BASE is set; at api.stripe.com otherwise. Knows no business rule.

let client: Stripe | null = null

export function stripe(): Stripe {
  if (client) return client
  const base = env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : null
  client = new Stripe(env.STRIPE_SECRET_KEY, {
    timeout: env.STRIPE_TIMEOUT_MS,
    // the SDK retries connection errors, 409s and 5xx with the same idempotency key
    maxNetworkRetries: env.STRIPE_MAX_NETWORK_RETRIES,
    appInfo: { name: 'hookline' },
    ...(base
      ? {
          host: base.hostname,
          port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)),
          protocol: base.protocol.replace(':', '') as 'http' | 'https',
        }
      : {}),
  })
  return client
}

/**
 * Runs one Stripe call, records it (operation, idempotency key, status, latency) and turns SDK errors into
 * AppErrors that say whether a retry can help: connection problems, 429 and 5xx are retryable; the rest are not.
 */
export async function callStripe<T>(meta: CallMeta, fn: (s: Stripe) => Promise<T>): Promise<T> {
  const started = performance.now()
  try {
    const result = await fn(stripe())
    const response = (result as { lastResponse?: { statusCode?: number; requestId?: string } }).lastResponse
    await recordProviderCall(
      'stripe',
      meta,
      { httpStatus: response?.statusCode ?? 200, isOk: true, requestId: response?.requestId },
      performance.now() - started,
    )
    return result
  } catch (err) {
    const e = err as Stripe.errors.StripeError
    const httpStatus = typeof e.statusCode === 'number' ? e.statusCode : null
    await recordProviderCall(
      'stripe',
      meta,
      { httpStatus, isOk: false, error: `${e.type ?? 'Error'}: ${e.message}`, requestId: e.requestId },
      performance.now() - started,
    )
    throw toAppError(err, meta.operation)
  }
}

export function toAppError(err: unknown, operation: string): AppError {
  const e = err as Stripe.errors.StripeError
  const status = typeof e.statusCode === 'number' ? e.statusCode : null
  const isRetryable =
    e instanceof Stripe.errors.StripeConnectionError ||
    e instanceof Stripe.errors.StripeAPIError ||
    e instanceof Stripe.errors.StripeRateLimitError ||
    status === null ||
    status === 429 ||
    status === 409 ||
    status >= 500
  return new AppError(
    isRetryable ? 'PROVIDER_UNAVAILABLE' : 'PROVIDER_REJECTED',
    `Stripe ${operation} failed: ${e.message ?? String(err)}`,
    { isRetryable, cause: err },
  )
}

export const isStripeResourceMissing = (err: unknown) =>
  ((err as AppError).cause as Stripe.errors.StripeError | undefined)?.code === 'resource_missing'

/** Verifies a webhook's signature over the raw body (HMAC-SHA256, 300 s tolerance). Throws on any mismatch. */
export function verifyStripeWebhook(rawBody: string, signature: string, secret = env.STRIPE_WEBHOOK_SECRET) {
  return stripe().webhooks.constructEvent(rawBody, signature, secret, 300)
}

export type { Stripe }
