import 'server-only'
import { createHmac } from 'node:crypto'
import { env } from '@/lib/env'
import { type CallMeta, recordProviderCall } from './provider-call'

// The one Apaczka Web API v2 client. Every call is a form-encoded POST of app_id, request (JSON), expires (at most
// 30 minutes ahead) and signature = hex HMAC-SHA256(app secret, "app_id:route:request:expires"), where route is
// exactly the string appended to the base URL (trailing slash included). Answers are {status, message, response}
// with HTTP 200; a status other than 200 is an error.

export type ApaczkaFailure = {
  ok: false
  isRetryable: boolean
  httpStatus: number | null
  code: string
  message: string
}
export type ApaczkaResult<T> = { ok: true; value: T } | ApaczkaFailure

export type ApaczkaOrder = {
  id: number
  service_id: number
  service_name: string
  waybill_number: string
  tracking_url: string
  status: string
  comment?: string | null
}

export type ApaczkaAddress = {
  country_code: string
  name: string
  line1: string
  line2?: string
  postal_code: string
  city: string
  is_residential: 0 | 1
  contact_person: string
  email: string
  phone: string
  foreign_address_id?: string
}

export type ApaczkaOrderRequest = {
  service_id: number
  address: { sender: ApaczkaAddress; receiver: ApaczkaAddress }
  shipment: {
    dimension1: number
    dimension2: number
    dimension3: number
    weight: number
    is_nstd: 0 | 1
    shipment_type_code: 'PACZKA'
  }[]
  shipment_value?: number
  comment: string
  content: string
  pickup: { type: 'SELF' | 'COURIER' }
}

/** Exposed for tests: the string the signature covers and the signature. */
export function signApaczka(
  appId: string,
  secret: string,
  route: string,
  requestJson: string,
  expires: number,
) {
  return createHmac('sha256', secret).update(`${appId}:${route}:${requestJson}:${expires}`).digest('hex')
}

const EXPIRES_AHEAD_S = 20 * 60

async function call<T>(route: string, data: unknown, meta: CallMeta): Promise<ApaczkaResult<T>> {
  if (!env.APACZKA_APP_ID || !env.APACZKA_APP_SECRET)
    return {
      ok: false,
      isRetryable: false,
      httpStatus: null,
      code: 'not_configured',
      message: 'APACZKA_APP_ID / APACZKA_APP_SECRET are not set',
    }
  const request = data === undefined ? '{}' : JSON.stringify(data)
  const expires = Math.floor(Date.now() / 1000) + EXPIRES_AHEAD_S
  const signature = signApaczka(env.APACZKA_APP_ID, env.APACZKA_APP_SECRET, route, request, expires)
  const base = env.APACZKA_API_URL.endsWith('/') ? env.APACZKA_API_URL : `${env.APACZKA_API_URL}/`
  const started = performance.now()
  let httpStatus: number | null = null
  const fail = async (f: ApaczkaFailure) => {
    await recordProviderCall(
      'apaczka',
      meta,
      { httpStatus: f.httpStatus, isOk: false, error: `${f.code}: ${f.message}` },
      performance.now() - started,
    )
    return f
  }
  try {
    const res = await fetch(`${base}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        app_id: env.APACZKA_APP_ID,
        request,
        expires: String(expires),
        signature,
      }).toString(),
      signal: AbortSignal.timeout(env.APACZKA_TIMEOUT_MS),
    })
    httpStatus = res.status
    const body = (await res.json().catch(() => null)) as {
      status?: number
      message?: string
      response?: T
    } | null
    if (!res.ok || !body || typeof body.status !== 'number') {
      return fail({
        ok: false,
        isRetryable: res.status >= 500 || res.status === 429 || !body,
        httpStatus,
        code: `http_${res.status}`,
        message: body?.message ?? `Apaczka answered HTTP ${res.status}`,
      })
    }
    if (body.status !== 200) {
      return fail({
        ok: false,
        // the envelope's status follows HTTP's meaning: 5xx is the broker's trouble, 4xx ours
        isRetryable: body.status >= 500 || body.status === 429,
        httpStatus,
        code: `status_${body.status}`,
        message: (body.message || 'Apaczka refused the request').slice(0, 500),
      })
    }
    await recordProviderCall('apaczka', meta, { httpStatus, isOk: true }, performance.now() - started)
    return { ok: true, value: body.response as T }
  } catch (err) {
    const isTimeout = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')
    return fail({
      ok: false,
      isRetryable: true,
      httpStatus,
      code: isTimeout ? 'timeout' : 'network_error',
      message: isTimeout ? 'Apaczka did not answer in time' : 'Apaczka could not be reached',
    })
  }
}

export const apaczka = {
  isConfigured: () => Boolean(env.APACZKA_APP_ID && env.APACZKA_APP_SECRET),
  orderSend: (order: ApaczkaOrderRequest, meta: Omit<CallMeta, 'operation'>) =>
    call<{ order: ApaczkaOrder }>('order_send/', { order }, { ...meta, operation: 'order_send' }),
  order: (id: string, meta: Omit<CallMeta, 'operation'>) =>
    call<{ order: ApaczkaOrder }>(`order/${encodeURIComponent(id)}/`, undefined, {
      ...meta,
      operation: 'order',
    }),
  /** Apaczka has no idempotency key: a retried order_send first looks for the order its earlier attempt made. */
  orders: (meta: Omit<CallMeta, 'operation'>) =>
    call<{ orders: ApaczkaOrder[] }>('orders/', { page: 1, limit: 100 }, { ...meta, operation: 'orders' }),
  waybill: (id: string, meta: Omit<CallMeta, 'operation'>) =>
    call<{ waybill: string; type: string }>(`waybill/${encodeURIComponent(id)}/`, undefined, {
      ...meta,
      operation: 'waybill',
    }),
  cancel: (id: string, meta: Omit<CallMeta, 'operation'>) =>
    call<{ order: ApaczkaOrder }>(`cancel_order/${encodeURIComponent(id)}/`, undefined, {
      ...meta,
      operation: 'cancel_order',
    }),
  points: (type: string) =>
    call<{
      points: Record<
        string,
        { foreign_access_point_id: string; name: string; street: string; postal_code: string; city: string }
      >
    }>(`points/${encodeURIComponent(type)}/`, undefined, { operation: 'points' }),
  valuation: (order: Partial<ApaczkaOrderRequest>) =>
    call<{ price_table: Record<string, { price: number; price_gross: number }> }>(
      'order_valuation/',
      { order },
      { operation: 'order_valuation' },
    ),
}
