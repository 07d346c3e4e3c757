import type { Json } from './util.ts'

type ErrorExtra = { code?: string; param?: string; decline_code?: string }

/** An error answered in Stripe's shape: `{ error: { type, code?, message, param?, doc_url? } }`. */
export class StripeError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly extra: ErrorExtra = {},
    /** Stripe does not save an idempotent result when parameters fail validation. */
    readonly storeIdempotent = true,
  ) {
    super(message)
  }

  toJSON(): Json {
    const { code, param, decline_code } = this.extra
    return {
      error: {
        ...(code ? { code, doc_url: `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}` } : {}),
        ...(decline_code ? { decline_code } : {}),
        message: this.message,
        ...(param ? { param } : {}),
        type: this.type,
      },
    }
  }
}

/** A parameter validation error (400, not stored under an idempotency key). */
export const invalidParam = (message: string, param?: string, code?: string) =>
  new StripeError(400, 'invalid_request_error', message, { param, code }, false)

/** A request that was valid but cannot be carried out in the current state (400, stored). */
export const invalidState = (message: string, extra: ErrorExtra = {}) =>
  new StripeError(400, 'invalid_request_error', message, extra)

export const notFound = (kind: string, id: string, param = 'id') =>
  new StripeError(
    404,
    'invalid_request_error',
    `No such ${kind}: '${id}'`,
    { code: 'resource_missing', param },
    false,
  )
