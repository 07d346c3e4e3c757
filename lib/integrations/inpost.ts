import 'server-only'
import { env } from '@/lib/env'
import { type CallMeta, recordProviderCall } from './provider-call'

// The one InPost ShipX client: nobody else builds ShipX URLs or reads INPOST_* variables. It speaks ShipX's wire
// format and knows no business rule; every call is recorded (provider-call) and every failure is classified
// (retryable: 5xx, 429, timeouts, network; permanent: other 4xx, with InPost's nested field errors flattened).

export type InpostFailure = {
  ok: false
  isRetryable: boolean
  httpStatus: number | null
  /** InPost's error key (validation_failed, invalid_action, ...), or timeout / network_error */
  code: string
  message: string
  /** flattened details: { 'custom_attributes.target_point': ['does_not_exist'] }; empty when none were given */
  fieldErrors: Record<string, string[]>
}
export type InpostResult<T> = { ok: true; value: T } | InpostFailure

export type InpostShipment = {
  id: number
  status: string
  tracking_number: string | null
  service: string
  reference: string | null
  custom_attributes?: { target_point?: string } | null
}

export type InpostPoint = {
  name: string
  type: string[]
  status: string
  location_description?: string | null
  address: { line1: string; line2: string }
  address_details: { city: string; post_code: string; street: string; building_number: string }
}

export type InpostCreateShipment = {
  receiver: {
    name?: string
    first_name?: string
    last_name?: string
    company_name?: string
    email: string
    phone: string
    address?: {
      street: string
      building_number: string
      city: string
      post_code: string
      country_code: string
    }
  }
  parcels: { template?: string; weight?: { amount: number; unit: 'kg' } }[]
  custom_attributes?: { target_point?: string; sending_method?: string }
  insurance?: { amount: number; currency: string }
  reference: string
  service: 'inpost_locker_standard' | 'inpost_courier_standard'
}

/** `details` may nest objects inside arrays inside objects: flatten to dotted paths. */
export function flattenInpostDetails(details: unknown, prefix = ''): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  const add = (k: string, v: string) => {
    out[k] = [...(out[k] ?? []), v]
  }
  const walk = (v: unknown, path: string) => {
    if (typeof v === 'string') add(path || 'form', v)
    else if (Array.isArray(v)) for (const x of v) walk(x, path)
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k)
  }
  walk(details, prefix)
  return out
}

export function classifyInpostError(
  httpStatus: number | null,
  body: unknown,
  isTimeout = false,
): InpostFailure {
  if (httpStatus === null)
    return {
      ok: false,
      isRetryable: true,
      httpStatus,
      code: isTimeout ? 'timeout' : 'network_error',
      message: isTimeout ? 'InPost did not answer in time' : 'InPost could not be reached',
      fieldErrors: {},
    }
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>
  const code = typeof b.error === 'string' ? b.error : `http_${httpStatus}`
  const text =
    (typeof b.description === 'string' && b.description) ||
    (typeof b.message === 'string' && b.message) ||
    `InPost answered ${httpStatus} without details`
  return {
    ok: false,
    isRetryable: httpStatus >= 500 || httpStatus === 429 || httpStatus === 408,
    httpStatus,
    code,
    message: text.slice(0, 500),
    fieldErrors: flattenInpostDetails(b.details ?? null),
  }
}

type RequestOpts = {
  method?: string
  body?: unknown
  auth?: boolean
  binary?: boolean
  query?: URLSearchParams
}

async function request<T>(path: string, meta: CallMeta, o: RequestOpts = {}): Promise<InpostResult<T>> {
  const base = env.INPOST_API_URL.replace(/\/$/, '')
  const url = `${base}${path}${o.query?.size ? `?${o.query}` : ''}`
  const headers: Record<string, string> = { accept: o.binary ? 'application/pdf' : 'application/json' }
  if (o.auth !== false) {
    if (!env.INPOST_API_TOKEN) {
      return {
        ok: false,
        isRetryable: false,
        httpStatus: null,
        code: 'not_configured',
        message: 'INPOST_API_TOKEN is not set',
        fieldErrors: {},
      }
    }
    headers.authorization = `Bearer ${env.INPOST_API_TOKEN}`
  }
  if (o.body !== undefined) headers['content-type'] = 'application/json'
  if (meta.idempotencyKey) headers['x-request-id'] = meta.idempotencyKey
  const started = performance.now()
  let status: number | null = null
  try {
    const res = await fetch(url, {
      method: o.method ?? 'GET',
      headers,
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
      signal: AbortSignal.timeout(env.INPOST_TIMEOUT_MS),
    })
    status = res.status
    const requestId = res.headers.get('x-request-id')
    if (res.ok) {
      const value = (
        o.binary
          ? Buffer.from(await res.arrayBuffer())
          : res.status === 204
            ? null
            : await res.json().catch(() => null)
      ) as T
      await recordProviderCall(
        'inpost',
        meta,
        { httpStatus: status, isOk: true, requestId },
        performance.now() - started,
      )
      return { ok: true, value }
    }
    const body = await res.json().catch(() => null)
    const failure = classifyInpostError(status, body)
    await recordProviderCall(
      'inpost',
      meta,
      { httpStatus: status, isOk: false, error: `${failure.code}: ${failure.message}`, requestId },
      performance.now() - started,
    )
    return failure
  } catch (err) {
    const isTimeout = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')
    const failure = classifyInpostError(status, null, isTimeout)
    await recordProviderCall(
      'inpost',
      meta,
      { httpStatus: status, isOk: false, error: failure.message },
      performance.now() - started,
    )
    return failure
  }
}

const org = () => env.INPOST_ORGANIZATION_ID ?? 0

export const inpost = {
  isConfigured: () => Boolean(env.INPOST_API_TOKEN && env.INPOST_ORGANIZATION_ID),
  trackingUrl: (trackingNumber: string) => `${env.INPOST_TRACKING_URL}${encodeURIComponent(trackingNumber)}`,

  createShipment: (body: InpostCreateShipment, meta: Omit<CallMeta, 'operation'>) =>
    request<InpostShipment>(
      `/v1/organizations/${org()}/shipments`,
      { ...meta, operation: 'shipments.create' },
      { method: 'POST', body },
    ),

  /** ShipX has no idempotency key: a retried create first looks for the shipment its earlier attempt made. */
  async findByReference(reference: string, meta: Omit<CallMeta, 'operation'>) {
    const r = await request<{ items: InpostShipment[] }>(
      `/v1/organizations/${org()}/shipments`,
      { ...meta, operation: 'shipments.search' },
      { query: new URLSearchParams({ reference }) },
    )
    return r.ok
      ? ({ ok: true, value: r.value.items.find((s) => s.reference === reference) ?? null } as const)
      : r
  },

  getShipment: (id: string, meta: Omit<CallMeta, 'operation'>) =>
    request<InpostShipment>(`/v1/shipments/${encodeURIComponent(id)}`, {
      ...meta,
      operation: 'shipments.get',
    }),

  cancelShipment: (id: string, meta: Omit<CallMeta, 'operation'>) =>
    request<null>(
      `/v1/shipments/${encodeURIComponent(id)}`,
      { ...meta, operation: 'shipments.cancel' },
      { method: 'DELETE' },
    ),

  label: (id: string, type: 'A6' | 'normal', meta: Omit<CallMeta, 'operation'>) =>
    request<Buffer>(
      `/v1/shipments/${encodeURIComponent(id)}/label`,
      { ...meta, operation: 'shipments.label' },
      { binary: true, query: new URLSearchParams({ format: 'Pdf', type }) },
    ),

  /** at most 100 shipments per call (ShipX's limit) */
  labels(ids: string[], type: 'A6' | 'normal', meta: Omit<CallMeta, 'operation'>) {
    const query = new URLSearchParams({ format: 'Pdf', type })
    for (const id of ids) query.append('shipment_ids[]', id)
    return request<Buffer>(
      `/v1/organizations/${org()}/shipments/labels`,
      { ...meta, operation: 'shipments.labels' },
      { binary: true, query },
    )
  },

  searchPoints(q: { city?: string; postCode?: string; name?: string; perPage?: number }) {
    const query = new URLSearchParams({ type: 'parcel_locker', per_page: String(q.perPage ?? 20) })
    if (q.city) query.set('city', q.city)
    if (q.postCode) query.set('post_code', q.postCode)
    if (q.name) query.set('name', q.name)
    return request<{ count: number; items: InpostPoint[] }>(
      '/v1/points',
      { operation: 'points.search' },
      { auth: false, query },
    )
  },

  getPoint: (name: string) =>
    request<InpostPoint>(
      `/v1/points/${encodeURIComponent(name)}`,
      { operation: 'points.get' },
      { auth: false },
    ),
}
