import 'server-only'
import { createHash, timingSafeEqual } from 'node:crypto'
import { env } from '@/lib/env'
import { AppError } from '@/lib/errors'
import { type CallMeta, recordProviderCall } from './provider-call'

// The one PayU REST API v2.1 client: plain fetch, OAuth client_credentials with a cached token refreshed on 401,
// every call recorded like the Stripe client's. Knows no business rule.

export type PayuConfig = {
  baseUrl: string
  posId: string
  clientId: string
  clientSecret: string
  secondKey: string
  timeoutMs: number
}

export const payuConfig = (): PayuConfig | null =>
  env.PAYU_POS_ID && env.PAYU_CLIENT_ID && env.PAYU_CLIENT_SECRET && env.PAYU_SECOND_KEY
    ? {
        baseUrl: env.PAYU_API_BASE.replace(/\/$/, ''),
        posId: env.PAYU_POS_ID,
        clientId: env.PAYU_CLIENT_ID,
        clientSecret: env.PAYU_CLIENT_SECRET,
        secondKey: env.PAYU_SECOND_KEY,
        timeoutMs: env.PAYU_TIMEOUT_MS,
      }
    : null

function requireConfig(): PayuConfig {
  const c = payuConfig()
  if (!c)
    throw new AppError('CONFIGURATION', 'PayU is not configured (PAYU_POS_ID, PAYU_CLIENT_ID, ...).', {
      isRetryable: false,
    })
  return c
}

export type TPayuOrder = {
  orderId: string
  extOrderId?: string
  status: 'NEW' | 'PENDING' | 'WAITING_FOR_CONFIRMATION' | 'COMPLETED' | 'CANCELED' | (string & {})
  totalAmount: string
  currencyCode: string
  payMethod?: { type?: string }
}
export type TPayuRefund = {
  refundId: string
  extRefundId?: string
  amount: string
  currencyCode: string
  status: 'PENDING' | 'FINALIZED' | 'CANCELED' | (string & {})
  description?: string
}
type TPayuStatus = { statusCode?: string; code?: string; codeLiteral?: string; statusDesc?: string }

/** PayU said no in a way a retry cannot change (e.g. ERROR_ORDER_NOT_UNIQUE); `body` is PayU's answer. */
export class PayuRejectedError extends AppError {
  constructor(
    readonly statusCode: string,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super('PROVIDER_REJECTED', message, { isRetryable: false })
  }
}

let token: { value: string; expiresAt: number; key: string } | null = null
let refreshing: Promise<string> | null = null

async function fetchToken(c: PayuConfig): Promise<string> {
  const started = performance.now()
  let res: Response
  try {
    res = await fetch(`${c.baseUrl}/pl/standard/user/oauth/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: c.clientId,
        client_secret: c.clientSecret,
      }),
      redirect: 'manual',
      signal: AbortSignal.timeout(c.timeoutMs),
    })
  } catch (err) {
    await recordProviderCall(
      'payu',
      { operation: 'oauth.authorize' },
      { httpStatus: null, isOk: false, error: (err as Error).message },
      performance.now() - started,
    )
    throw new AppError('PROVIDER_UNAVAILABLE', `PayU oauth failed: ${(err as Error).message}`, { cause: err })
  }
  const body = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number }
  const ok = res.status === 200 && typeof body.access_token === 'string'
  await recordProviderCall(
    'payu',
    { operation: 'oauth.authorize' },
    { httpStatus: res.status, isOk: ok, error: ok ? undefined : `oauth answered ${res.status}` },
    performance.now() - started,
  )
  if (!ok)
    throw new AppError(
      res.status >= 500 || res.status === 429 ? 'PROVIDER_UNAVAILABLE' : 'CONFIGURATION',
      `PayU refused the OAuth credentials (${res.status})`,
      { isRetryable: res.status >= 500 || res.status === 429 },
    )
  // refresh a minute early; PayU answers 401 for an expired token anyway, which refreshes it too
  const lifetime = Math.max(60, (body.expires_in ?? 43_199) - 60)
  token = { value: body.access_token!, expiresAt: Date.now() + lifetime * 1000, key: c.clientId }
  return token.value
}

/** The cached token; `rejected` is one PayU just refused (401): refreshed once, however many calls saw it fail. */
async function bearer(c: PayuConfig, rejected?: string) {
  const isUsable = token && token.key === c.clientId && token.expiresAt > Date.now()
  if (isUsable && token!.value !== rejected) return token!.value
  refreshing ??= fetchToken(c).finally(() => {
    refreshing = null
  })
  return refreshing
}

/** Forgets the cached token (tests; a credentials change). */
export const resetPayuToken = () => {
  token = null
  refreshing = null
}

/**
 * One PayU API call: Bearer token (refreshed once on 401), JSON in and out, redirects NOT followed (order create
 * answers 302 with its JSON body), timeout, recorded in provider_calls. 5xx, 429 and network errors are
 * retryable AppErrors; other 4xx are PayuRejectedErrors carrying PayU's status code.
 */
async function call<T>(
  meta: CallMeta,
  method: string,
  path: string,
  body?: unknown,
  opts: { okStatuses?: number[] } = {},
): Promise<{ status: number; body: T }> {
  const c = requireConfig()
  const ok = opts.okStatuses ?? [200, 201]
  let rejected: string | undefined
  for (let attempt = 0; ; attempt++) {
    const auth = await bearer(c, rejected)
    const started = performance.now()
    let res: Response
    try {
      res = await fetch(`${c.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${auth}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: 'manual',
        signal: AbortSignal.timeout(c.timeoutMs),
      })
    } catch (err) {
      await recordProviderCall(
        'payu',
        meta,
        { httpStatus: null, isOk: false, error: (err as Error).message },
        performance.now() - started,
      )
      throw new AppError('PROVIDER_UNAVAILABLE', `PayU ${meta.operation} failed: ${(err as Error).message}`, {
        cause: err,
      })
    }
    const text = await res.text()
    let json: Record<string, unknown> = {}
    try {
      json = text ? JSON.parse(text) : {}
    } catch {
      json = { unparseable: text.slice(0, 200) }
    }
    const st = (json.status ?? {}) as TPayuStatus
    const isOk = ok.includes(res.status)
    await recordProviderCall(
      'payu',
      meta,
      {
        httpStatus: res.status,
        isOk,
        error: isOk ? undefined : `${st.statusCode ?? res.status}: ${st.statusDesc ?? ''}`.trim(),
      },
      performance.now() - started,
    )
    if (isOk) return { status: res.status, body: json as T }
    if (res.status === 401 && attempt === 0) {
      rejected = auth
      continue
    }
    const message =
      `PayU ${meta.operation} failed: ${res.status} ${st.statusCode ?? ''} ${st.statusDesc ?? ''}`.trim()
    if (res.status >= 500 || res.status === 429)
      throw new AppError('PROVIDER_UNAVAILABLE', message, { isRetryable: true })
    throw new PayuRejectedError(st.statusCode ?? String(res.status), message, json)
  }
}

export type TCreatePayuOrder = {
  extOrderId: string
  notifyUrl: string
  continueUrl: string
  customerIp: string
  description: string
  currencyCode: string
  totalAmount: number
  validityTime?: number
  buyer?: { email: string; firstName?: string; lastName?: string; language?: string }
  products: { name: string; unitPrice: number; quantity: number }[]
  /** show only this method on the pay page, e.g. { type: 'PBL', value: 'blik' } */
  payMethod?: { type: 'PBL'; value: string }
}

export const payu = {
  /** Answers 302 + JSON { redirectUri, orderId }. A reused extOrderId is a PayuRejectedError ERROR_ORDER_NOT_UNIQUE. */
  async createOrder(meta: CallMeta, o: TCreatePayuOrder) {
    const c = requireConfig()
    const { body } = await call<{ redirectUri?: string; orderId?: string; status?: TPayuStatus }>(
      { ...meta, operation: 'orders.create', idempotencyKey: o.extOrderId },
      'POST',
      '/api/v2_1/orders',
      {
        extOrderId: o.extOrderId,
        notifyUrl: o.notifyUrl,
        continueUrl: o.continueUrl,
        customerIp: o.customerIp,
        merchantPosId: c.posId,
        description: o.description,
        currencyCode: o.currencyCode,
        totalAmount: String(o.totalAmount),
        validityTime: o.validityTime,
        buyer: o.buyer,
        products: o.products.map((p) => ({
          ...p,
          unitPrice: String(p.unitPrice),
          quantity: String(p.quantity),
        })),
        ...(o.payMethod ? { payMethods: { payMethod: o.payMethod } } : {}),
      },
      { okStatuses: [200, 201, 302] },
    )
    if (!body.orderId || !body.redirectUri || body.status?.statusCode !== 'SUCCESS')
      throw new AppError('PROVIDER_REJECTED', `PayU created no order: ${JSON.stringify(body.status ?? {})}`, {
        isRetryable: false,
      })
    return { orderId: body.orderId, redirectUri: body.redirectUri }
  },
  async getOrder(meta: CallMeta, orderId: string) {
    const { body } = await call<{ orders?: TPayuOrder[]; properties?: { name: string; value: string }[] }>(
      { ...meta, operation: 'orders.retrieve' },
      'GET',
      `/api/v2_1/orders/${encodeURIComponent(orderId)}`,
    )
    const order = body.orders?.[0]
    if (!order)
      throw new AppError('PROVIDER_REJECTED', `PayU has no order ${orderId}`, { isRetryable: false })
    return { order, paymentId: body.properties?.find((p) => p.name === 'PAYMENT_ID')?.value ?? null }
  },
  async getTransactions(meta: CallMeta, orderId: string) {
    const { body } = await call<{ transactions?: { payMethod?: { value?: string } }[] }>(
      { ...meta, operation: 'orders.transactions' },
      'GET',
      `/api/v2_1/orders/${encodeURIComponent(orderId)}/transactions`,
    )
    return body.transactions ?? []
  },
  capture: (meta: CallMeta, orderId: string) =>
    call(
      { ...meta, operation: 'orders.capture' },
      'PUT',
      `/api/v2_1/orders/${encodeURIComponent(orderId)}/status`,
      {
        orderId,
        orderStatus: 'COMPLETED',
      },
    ),
  cancel: (meta: CallMeta, orderId: string) =>
    call(
      { ...meta, operation: 'orders.cancel' },
      'DELETE',
      `/api/v2_1/orders/${encodeURIComponent(orderId)}`,
    ),
  async createRefund(
    meta: CallMeta,
    orderId: string,
    r: { extRefundId: string; amount: number; currencyCode: string; description: string },
  ) {
    const { body } = await call<{ refund?: TPayuRefund }>(
      { ...meta, operation: 'refunds.create', idempotencyKey: r.extRefundId },
      'POST',
      `/api/v2_1/orders/${encodeURIComponent(orderId)}/refunds`,
      {
        refund: {
          description: r.description,
          amount: String(r.amount),
          extRefundId: r.extRefundId,
          currencyCode: r.currencyCode,
        },
      },
    )
    if (!body.refund)
      throw new AppError('PROVIDER_REJECTED', 'PayU answered without a refund', { isRetryable: false })
    return body.refund
  },
  async getRefunds(meta: CallMeta, orderId: string) {
    const { body } = await call<{ refunds?: TPayuRefund[] }>(
      { ...meta, operation: 'refunds.list' },
      'GET',
      `/api/v2_1/orders/${encodeURIComponent(orderId)}/refunds`,
    )
    return body.refunds ?? []
  },
}

const ALGORITHMS: Record<string, string> = {
  MD5: 'md5',
  'SHA-256': 'sha256',
  SHA256: 'sha256',
  SHA: 'sha256',
  'SHA-384': 'sha384',
  SHA384: 'sha384',
  'SHA-512': 'sha512',
  SHA512: 'sha512',
}

/**
 * Verifies a PayU notification: `OpenPayu-Signature: sender=checkout;signature=<hex>;algorithm=<ALG>;content=DOCUMENT`
 * where signature = hex(ALG(rawBody + secondKey)). Over the raw bytes, with the algorithm the header names, compared
 * in constant time.
 */
export function verifyPayuSignature(
  raw: Buffer,
  header: string | null,
  secondKey: string,
): { ok: true } | { ok: false; reason: string } {
  if (!header) return { ok: false, reason: 'missing OpenPayu-Signature header' }
  const parts: Record<string, string> = {}
  for (const p of header.replace(/;$/, '').split(';')) {
    const i = p.indexOf('=')
    if (i <= 0) return { ok: false, reason: 'malformed signature header' }
    parts[p.slice(0, i).trim().toLowerCase()] = p.slice(i + 1).trim()
  }
  if (!parts.signature || !parts.algorithm) return { ok: false, reason: 'malformed signature header' }
  const alg = ALGORITHMS[parts.algorithm.toUpperCase()]
  if (!alg) return { ok: false, reason: `unknown signature algorithm ${parts.algorithm.slice(0, 20)}` }
  const expected = createHash(alg)
    .update(Buffer.concat([raw, Buffer.from(secondKey, 'utf8')]))
    .digest()
  const given = /^[0-9a-f]+$/i.test(parts.signature) ? Buffer.from(parts.signature, 'hex') : Buffer.alloc(0)
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'signature does not match the body (forged, altered or wrong second key)' }
  return { ok: true }
}
