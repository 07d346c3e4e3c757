// The Stripe HTTP API under /v1: authentication, routing, idempotency, expansion and list pagination.
import type { ServerResponse } from 'node:http'
import { type SandboxRequest, sendJson } from '../lib/http.ts'
import type { NewSession, RequestInfo, StripeCore } from './core.ts'
import { invalidParam, notFound, StripeError } from './errors.ts'
import {
  type FormObject,
  isObject,
  parseForm,
  readArray,
  readBool,
  readInt,
  readMetadata,
  readObject,
  readString,
  readStringArray,
  rejectUnknown,
  requireString,
} from './form.ts'
import type { IdempotencyStore } from './idempotency.ts'
import {
  renderCharge,
  renderDispute,
  renderEvent,
  renderLineItem,
  renderLineItems,
  renderPaymentIntent,
  renderRefund,
  renderSession,
  type StoredEvent,
} from './model.ts'
import { type Json, newId, nowSeconds } from './util.ts'

export type ApiDeps = {
  core: () => StripeCore
  idempotency: IdempotencyStore
  apiVersion: string
  minSessionExpirySeconds: number
  pendingWebhooks: (e: StoredEvent) => number
}

type Ctx = { params: FormObject; id: string; request: RequestInfo; deps: ApiDeps; core: StripeCore }
type Route = { method: 'GET' | 'POST'; pattern: RegExp; handler: (ctx: Ctx) => Json }

const sessionCreateParams = [
  'adaptive_pricing',
  'after_expiration',
  'allow_promotion_codes',
  'allowed_payment_method_types',
  'automatic_tax',
  'billing_address_collection',
  'branding_settings',
  'cancel_url',
  'client_reference_id',
  'consent_collection',
  'currency',
  'custom_fields',
  'custom_text',
  'customer',
  'customer_account',
  'customer_creation',
  'customer_email',
  'customer_update',
  'discounts',
  'excluded_payment_method_types',
  'expand',
  'expires_at',
  'integration_identifier',
  'invoice_creation',
  'line_items',
  'locale',
  'managed_payments',
  'metadata',
  'mode',
  'name_collection',
  'optional_items',
  'origin_context',
  'payment_intent_data',
  'payment_method_collection',
  'payment_method_configuration',
  'payment_method_data',
  'payment_method_options',
  'payment_method_types',
  'permissions',
  'phone_number_collection',
  'redirect_on_completion',
  'return_url',
  'saved_payment_method_options',
  'setup_intent_data',
  'shipping_address_collection',
  'shipping_options',
  'submit_type',
  'subscription_data',
  'success_url',
  'tax_id_collection',
  'ui_mode',
  'wallet_options',
] as const

const paymentIntentDataParams = [
  'application_fee_amount',
  'capture_method',
  'description',
  'metadata',
  'on_behalf_of',
  'receipt_email',
  'setup_future_usage',
  'shipping',
  'statement_descriptor',
  'statement_descriptor_suffix',
  'transfer_data',
  'transfer_group',
] as const

const emailPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/

function readUrl(p: FormObject, key: string): string | null {
  const v = readString(p, key)
  if (v === undefined) return null
  // `{CHECKOUT_SESSION_ID}` is not valid in a URL as such; Stripe accepts it and fills it in on redirect.
  const probe = v.replaceAll('{CHECKOUT_SESSION_ID}', 'cs_test')
  let ok = false
  try {
    ok = ['http:', 'https:'].includes(new URL(probe).protocol)
  } catch {}
  if (!ok) throw invalidParam('Not a valid URL', key, 'url_invalid')
  return v
}

export function parseSessionCreate(p: FormObject, minExpirySeconds: number): NewSession {
  rejectUnknown(p, sessionCreateParams)
  const mode = readString(p, 'mode') ?? 'payment'
  if (mode !== 'payment')
    throw invalidParam(`The Stripe sandbox only supports mode=payment, not ${mode}.`, 'mode')
  const uiMode = readString(p, 'ui_mode')
  if (uiMode && uiMode !== 'hosted')
    throw invalidParam('The Stripe sandbox only supports ui_mode=hosted.', 'ui_mode')
  const rawItems = readArray(p, 'line_items')
  if (!rawItems || rawItems.length === 0) {
    throw invalidParam('You must specify `line_items` in `payment` mode.', 'line_items', 'parameter_missing')
  }
  if (rawItems.length > 100) throw invalidParam('You can have at most 100 line items.', 'line_items')
  const currencies = new Set<string>()
  const lineItems = rawItems.map((raw, i) => {
    const param = `line_items[${i}]`
    if (!isObject(raw)) throw invalidParam(`Invalid object: ${param} must be a hash`, param)
    rejectUnknown(
      raw,
      [
        'adjustable_quantity',
        'dynamic_tax_rates',
        'metadata',
        'price',
        'price_data',
        'quantity',
        'tax_rates',
      ],
      param,
    )
    const price = readString(raw, 'price', `${param}[price]`)
    if (price) throw notFound('price', price, `${param}[price]`)
    const pd = readObject(raw, 'price_data', `${param}[price_data]`)
    if (!pd)
      throw invalidParam(
        `Missing required param: ${param}[price_data].`,
        `${param}[price_data]`,
        'parameter_missing',
      )
    const pdParam = `${param}[price_data]`
    rejectUnknown(
      pd,
      [
        'currency',
        'product',
        'product_data',
        'recurring',
        'tax_behavior',
        'unit_amount',
        'unit_amount_decimal',
      ],
      pdParam,
    )
    if (pd.recurring)
      throw invalidParam(
        'Recurring prices need mode=subscription, which the sandbox does not emulate.',
        `${pdParam}[recurring]`,
      )
    const currency = requireString(pd, 'currency', `${pdParam}[currency]`).toLowerCase()
    if (!/^[a-z]{3}$/.test(currency))
      throw invalidParam(`Invalid currency: ${currency}.`, `${pdParam}[currency]`)
    currencies.add(currency)
    const product = readString(pd, 'product', `${pdParam}[product]`)
    if (product) throw notFound('product', product, `${pdParam}[product]`)
    const productData = readObject(pd, 'product_data', `${pdParam}[product_data]`)
    if (!productData) {
      throw invalidParam(
        `Missing required param: ${pdParam}[product_data].`,
        `${pdParam}[product_data]`,
        'parameter_missing',
      )
    }
    const name = requireString(productData, 'name', `${pdParam}[product_data][name]`)
    let unitAmount = readInt(pd, 'unit_amount', `${pdParam}[unit_amount]`)
    const decimal = readString(pd, 'unit_amount_decimal', `${pdParam}[unit_amount_decimal]`)
    if (unitAmount === undefined && decimal !== undefined) {
      if (!/^\d+$/.test(decimal))
        throw invalidParam(
          'The sandbox only supports whole unit_amount_decimal values.',
          `${pdParam}[unit_amount_decimal]`,
        )
      unitAmount = Number(decimal)
    }
    if (unitAmount === undefined) {
      throw invalidParam(
        `Missing required param: ${pdParam}[unit_amount].`,
        `${pdParam}[unit_amount]`,
        'parameter_missing',
      )
    }
    if (unitAmount < 0)
      throw invalidParam('This value must be greater than or equal to 0.', `${pdParam}[unit_amount]`)
    const quantity = readInt(raw, 'quantity', `${param}[quantity]`)
    if (quantity === undefined)
      throw invalidParam(
        `Missing required param: ${param}[quantity].`,
        `${param}[quantity]`,
        'parameter_missing',
      )
    if (quantity < 1)
      throw invalidParam('This value must be greater than or equal to 1.', `${param}[quantity]`)
    return { name, unitAmount, quantity }
  })
  const sessionCurrency = readString(p, 'currency')?.toLowerCase()
  if (sessionCurrency) currencies.add(sessionCurrency)
  if (currencies.size > 1) throw invalidParam('All line items must use the same currency.', 'line_items')
  const currency = [...currencies][0]!
  if (lineItems.reduce((sum, li) => sum + li.unitAmount * li.quantity, 0) > 99_999_999) {
    throw invalidParam('The Checkout Session amount must be no more than 99999999.', 'line_items')
  }

  const customerEmail = readString(p, 'customer_email') ?? null
  if (customerEmail && !emailPattern.test(customerEmail)) {
    throw invalidParam(`Invalid email address: ${customerEmail}`, 'customer_email', 'email_invalid')
  }
  const clientReferenceId = readString(p, 'client_reference_id') ?? null
  if (clientReferenceId && clientReferenceId.length > 200) {
    throw invalidParam('client_reference_id can be at most 200 characters.', 'client_reference_id')
  }
  const now = nowSeconds()
  const expiresAt = readInt(p, 'expires_at') ?? now + 86_400
  if (expiresAt < now + minExpirySeconds) {
    const span =
      minExpirySeconds % 60 === 0 ? `${minExpirySeconds / 60} minutes` : `${minExpirySeconds} seconds`
    throw invalidParam(
      `The \`expires_at\` timestamp must be at least ${span} from Checkout Session creation.`,
      'expires_at',
    )
  }
  if (expiresAt > now + 86_400) {
    throw invalidParam(
      'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.',
      'expires_at',
    )
  }
  const pid = readObject(p, 'payment_intent_data') ?? {}
  rejectUnknown(pid, paymentIntentDataParams, 'payment_intent_data')
  const capture = readString(pid, 'capture_method', 'payment_intent_data[capture_method]')
  if (capture === 'manual') {
    throw invalidParam(
      'The Stripe sandbox does not emulate manual capture.',
      'payment_intent_data[capture_method]',
    )
  }
  const receiptEmail = readString(pid, 'receipt_email', 'payment_intent_data[receipt_email]') ?? null
  return {
    currency,
    lineItems,
    customerEmail,
    clientReferenceId,
    metadata: readMetadata(p),
    successUrl: readUrl(p, 'success_url'),
    cancelUrl: readUrl(p, 'cancel_url'),
    expiresAt,
    paymentIntentData: {
      metadata: readMetadata(pid, 'metadata', 'payment_intent_data[metadata]'),
      description: readString(pid, 'description', 'payment_intent_data[description]') ?? null,
      receiptEmail,
    },
    locale: readString(p, 'locale') ?? null,
    submitType: readString(p, 'submit_type') ?? null,
    paymentMethodTypes: readStringArray(p, 'payment_method_types') ?? ['card', 'sepa_debit'],
  }
}

// Lists: newest first, `limit` (1-100, default 10), `starting_after` / `ending_before` cursors.
function paginate<T extends { id: string }>(
  items: T[],
  p: FormObject,
  url: string,
  render: (item: T) => Json,
  kind: string,
): Json {
  const limit = readInt(p, 'limit') ?? 10
  if (limit < 1 || limit > 100) throw invalidParam('Invalid limit: must be between 1 and 100', 'limit')
  const after = readString(p, 'starting_after')
  const before = readString(p, 'ending_before')
  let page: T[]
  let hasMore: boolean
  if (before) {
    const i = items.findIndex((x) => x.id === before)
    if (i < 0) throw notFound(kind, before, 'ending_before')
    page = items.slice(Math.max(0, i - limit), i)
    hasMore = i - limit > 0
  } else {
    let start = 0
    if (after) {
      const i = items.findIndex((x) => x.id === after)
      if (i < 0) throw notFound(kind, after, 'starting_after')
      start = i + 1
    }
    page = items.slice(start, start + limit)
    hasMore = start + limit < items.length
  }
  return { object: 'list', data: page.map(render), has_more: hasMore, url }
}

function createdFilter(p: FormObject): (created: number) => boolean {
  const c = p.created
  if (c === undefined || c === '') return () => true
  if (typeof c === 'string') {
    const exact = readInt(p, 'created')!
    return (t) => t === exact
  }
  if (!isObject(c)) throw invalidParam('Invalid created filter', 'created')
  rejectUnknown(c, ['gt', 'gte', 'lt', 'lte'], 'created')
  const gt = readInt(c, 'gt', 'created[gt]')
  const gte = readInt(c, 'gte', 'created[gte]')
  const lt = readInt(c, 'lt', 'created[lt]')
  const lte = readInt(c, 'lte', 'created[lte]')
  return (t) =>
    (gt === undefined || t > gt) &&
    (gte === undefined || t >= gte) &&
    (lt === undefined || t < lt) &&
    (lte === undefined || t <= lte)
}

const newestFirst = <T>(items: Iterable<T>) => [...items].reverse()

function resolveId(core: StripeCore, id: string): Json | null {
  if (id.startsWith('cs_')) return core.state.sessions.has(id) ? renderSession(core.session(id)) : null
  if (id.startsWith('pi_'))
    return core.state.paymentIntents.has(id) ? renderPaymentIntent(core.paymentIntent(id)) : null
  if (id.startsWith('ch_'))
    return core.state.charges.has(id) ? renderCharge(core.charge(id), core.state) : null
  if (id.startsWith('re_'))
    return core.state.refunds.has(id) ? renderRefund(core.refund(id), core.state) : null
  if (id.startsWith('dp_'))
    return core.state.disputes.has(id) ? renderDispute(core.dispute(id), core.state) : null
  return null
}

function expandPath(core: StripeCore, node: unknown, segs: string[], full: string): unknown {
  if (segs.length === 0 || node === null || typeof node !== 'object') return node
  if (Array.isArray(node)) return node.map((n) => expandPath(core, n, segs, full))
  const obj = node as Json
  const [head, ...rest] = segs as [string, ...string[]]
  if (obj.object === 'checkout.session' && head === 'line_items') {
    obj.line_items = expandPath(core, renderLineItems(core.session(obj.id as string)), rest, full)
    return obj
  }
  if (!(head in obj)) throw invalidParam(`This property cannot be expanded (${full}).`, 'expand')
  const value = obj[head]
  if (typeof value === 'string') {
    const resolved = resolveId(core, value)
    if (!resolved) throw invalidParam(`This property cannot be expanded (${full}).`, 'expand')
    obj[head] = expandPath(core, resolved, rest, full)
  } else {
    obj[head] = expandPath(core, value, rest, full)
  }
  return obj
}

function expand(ctx: Ctx, obj: Json): Json {
  for (const path of readStringArray(ctx.params, 'expand') ?? [])
    expandPath(ctx.core, obj, path.split('.'), path)
  return obj
}

function typeMatcher(pattern: string): (type: string) => boolean {
  if (!pattern.includes('*')) return (t) => t === pattern
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  )
  return (t) => re.test(t)
}

const routes: Route[] = [
  {
    method: 'POST',
    pattern: /^\/v1\/checkout\/sessions$/,
    handler: (ctx) => {
      const input = parseSessionCreate(ctx.params, ctx.deps.minSessionExpirySeconds)
      return expand(ctx, renderSession(ctx.core.createSession(input)))
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/checkout\/sessions$/,
    handler: (ctx) => {
      const p = ctx.params
      const pi = readString(p, 'payment_intent')
      const status = readString(p, 'status')
      const email = readString(readObject(p, 'customer_details') ?? {}, 'email', 'customer_details[email]')
      const created = createdFilter(p)
      const items = newestFirst(ctx.core.sessions()).filter(
        (s) =>
          (!pi || s.paymentIntentId === pi) &&
          (!status || s.status === status) &&
          (!email || s.paidEmail === email) &&
          created(s.created),
      )
      return expand(ctx, paginate(items, p, '/v1/checkout/sessions', renderSession, 'checkout.session'))
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/checkout\/sessions\/([^/]+)$/,
    handler: (ctx) => expand(ctx, renderSession(ctx.core.session(ctx.id))),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/checkout\/sessions\/([^/]+)$/,
    handler: (ctx) => {
      rejectUnknown(ctx.params, ['metadata', 'expand'])
      const s = ctx.core.session(ctx.id)
      const patch = readObject(ctx.params, 'metadata') ?? {}
      const metadata = { ...s.metadata, ...readMetadata(ctx.params) }
      for (const [k, v] of Object.entries(patch)) if (v === '') delete metadata[k]
      s.metadata = metadata
      return expand(ctx, renderSession(s))
    },
  },
  {
    method: 'POST',
    pattern: /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/,
    handler: (ctx) => {
      rejectUnknown(ctx.params, ['expand'])
      return expand(ctx, renderSession(ctx.core.expireSession(ctx.core.session(ctx.id), ctx.request)))
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/checkout\/sessions\/([^/]+)\/line_items$/,
    handler: (ctx) => {
      const s = ctx.core.session(ctx.id)
      const url = `/v1/checkout/sessions/${s.id}/line_items`
      // line items keep the order they were given in
      return expand(ctx, paginate(s.lineItems, ctx.params, url, renderLineItem, 'line_item'))
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/payment_intents$/,
    handler: (ctx) => {
      const created = createdFilter(ctx.params)
      const items = newestFirst(ctx.core.state.paymentIntents.values()).filter((pi) => created(pi.created))
      return expand(
        ctx,
        paginate(items, ctx.params, '/v1/payment_intents', renderPaymentIntent, 'payment_intent'),
      )
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/payment_intents\/([^/]+)$/,
    handler: (ctx) => expand(ctx, renderPaymentIntent(ctx.core.paymentIntent(ctx.id))),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/charges$/,
    handler: (ctx) => {
      const pi = readString(ctx.params, 'payment_intent')
      const created = createdFilter(ctx.params)
      const items = newestFirst(ctx.core.state.charges.values()).filter(
        (c) => (!pi || c.paymentIntentId === pi) && created(c.created),
      )
      const render = (c: (typeof items)[number]) => renderCharge(c, ctx.core.state)
      return expand(ctx, paginate(items, ctx.params, '/v1/charges', render, 'charge'))
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/charges\/([^/]+)$/,
    handler: (ctx) => expand(ctx, renderCharge(ctx.core.charge(ctx.id), ctx.core.state)),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/refunds$/,
    handler: (ctx) => {
      const p = ctx.params
      rejectUnknown(p, [
        'amount',
        'charge',
        'currency',
        'customer',
        'expand',
        'instructions_email',
        'metadata',
        'origin',
        'payment_intent',
        'reason',
        'refund_application_fee',
        'reverse_transfer',
      ])
      const reason = readString(p, 'reason') ?? null
      if (reason && !['duplicate', 'fraudulent', 'requested_by_customer'].includes(reason)) {
        throw invalidParam(
          `Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer`,
          'reason',
          'parameter_invalid_string',
        )
      }
      const amount = readInt(p, 'amount')
      if (amount !== undefined && amount < 1) throw invalidParam('Invalid positive integer', 'amount')
      const refund = ctx.core.createRefund(
        {
          chargeId: readString(p, 'charge'),
          paymentIntentId: readString(p, 'payment_intent'),
          amount,
          reason,
          metadata: readMetadata(p),
        },
        ctx.request,
      )
      return expand(ctx, renderRefund(refund, ctx.core.state))
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/refunds$/,
    handler: (ctx) => {
      const pi = readString(ctx.params, 'payment_intent')
      const charge = readString(ctx.params, 'charge')
      const created = createdFilter(ctx.params)
      const items = newestFirst(ctx.core.state.refunds.values()).filter(
        (r) => (!pi || r.paymentIntentId === pi) && (!charge || r.chargeId === charge) && created(r.created),
      )
      const render = (r: (typeof items)[number]) => renderRefund(r, ctx.core.state)
      return expand(ctx, paginate(items, ctx.params, '/v1/refunds', render, 'refund'))
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/refunds\/([^/]+)$/,
    handler: (ctx) => expand(ctx, renderRefund(ctx.core.refund(ctx.id), ctx.core.state)),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/disputes$/,
    handler: (ctx) => {
      const pi = readString(ctx.params, 'payment_intent')
      const charge = readString(ctx.params, 'charge')
      const items = newestFirst(ctx.core.state.disputes.values()).filter(
        (d) => (!pi || d.paymentIntentId === pi) && (!charge || d.chargeId === charge),
      )
      const render = (d: (typeof items)[number]) => renderDispute(d, ctx.core.state)
      return expand(ctx, paginate(items, ctx.params, '/v1/disputes', render, 'dispute'))
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/disputes\/([^/]+)$/,
    handler: (ctx) => expand(ctx, renderDispute(ctx.core.dispute(ctx.id), ctx.core.state)),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/events$/,
    handler: (ctx) => {
      const p = ctx.params
      const type = readString(p, 'type')
      const types = readStringArray(p, 'types')
      if (type && types)
        throw invalidParam('You may only specify one of these parameters: type, types.', 'types')
      const matchers = (types ?? (type ? [type] : [])).map(typeMatcher)
      const delivered = readBool(p, 'delivery_success')
      const created = createdFilter(p)
      const items = newestFirst(ctx.core.state.events.values()).filter(
        (e) =>
          (matchers.length === 0 || matchers.some((m) => m(e.type))) &&
          (delivered === undefined || e.delivered === delivered) &&
          created(e.created),
      )
      const render = (e: StoredEvent) => renderEvent(e, ctx.deps.apiVersion, ctx.deps.pendingWebhooks(e))
      return expand(ctx, paginate(items, p, '/v1/events', render, 'event'))
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/events\/([^/]+)$/,
    handler: (ctx) => {
      const e = ctx.core.state.events.get(ctx.id)
      if (!e) throw notFound('event', ctx.id)
      return expand(ctx, renderEvent(e, ctx.deps.apiVersion, ctx.deps.pendingWebhooks(e)))
    },
  },
]

function authenticate(header: string | undefined): string {
  if (!header) {
    throw new StripeError(
      401,
      'invalid_request_error',
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    )
  }
  let key = ''
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)
  const basic = /^Basic\s+(\S+)$/i.exec(header)
  if (bearer) key = bearer[1]!
  else if (basic) key = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':')[0] ?? ''
  if (!/^(sk|rk)_test_\w+/.test(key)) {
    const shown = key.length > 12 ? `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}` : key
    throw new StripeError(
      401,
      'invalid_request_error',
      `Invalid API Key provided: ${shown}. The Stripe sandbox accepts test-mode keys (sk_test_...) only.`,
      { code: 'api_key_invalid' },
    )
  }
  return key
}

export async function handleApi(r: SandboxRequest, res: ServerResponse, deps: ApiDeps): Promise<void> {
  const requestId = newId('req_', 14)
  const version = r.headers['stripe-version']
  const headers: Record<string, string> = {
    'request-id': requestId,
    'stripe-version': typeof version === 'string' ? version : deps.apiVersion,
  }
  const method = r.method.toUpperCase()
  const path = r.url.pathname
  try {
    const apiKey = authenticate(r.headers.authorization)
    let id = ''
    const route = routes.find((rt) => {
      if (rt.method !== method) return false
      const m = rt.pattern.exec(path)
      if (m) id = decodeURIComponent(m[1] ?? '')
      return !!m
    })
    if (!route) {
      throw new StripeError(
        404,
        'invalid_request_error',
        `Unrecognized request URL (${method}: ${path}). The Stripe sandbox emulates only part of the API; see sandbox/stripe/README.md.`,
      )
    }
    const body = r.rawBody.toString('utf8')
    const params = { ...parseForm(r.url.searchParams), ...(method === 'POST' ? parseForm(body) : {}) }
    const keyHeader = r.headers['idempotency-key']
    const idempotencyKey = typeof keyHeader === 'string' && keyHeader !== '' ? keyHeader : null
    const ctx: Ctx = {
      params,
      id,
      request: { id: requestId, idempotency_key: idempotencyKey },
      deps,
      core: deps.core(),
    }
    if (method === 'POST' && idempotencyKey) {
      if (idempotencyKey.length > 255)
        throw invalidParam('Idempotency keys can be at most 255 characters long.')
      const { response, replayed } = await deps.idempotency.run(
        `${apiKey}:${idempotencyKey}`,
        { method, path: r.url.pathname + r.url.search, body },
        async () => {
          try {
            return {
              response: { status: 200, body: route.handler(ctx), headers: { 'original-request': requestId } },
              store: true,
            }
          } catch (err) {
            if (!(err instanceof StripeError)) throw err
            return {
              response: {
                status: err.status,
                body: err.toJSON(),
                headers: { 'original-request': requestId },
              },
              store: err.storeIdempotent,
            }
          }
        },
      )
      sendJson(res, response.status, response.body, {
        ...headers,
        ...response.headers,
        'idempotency-key': idempotencyKey,
        ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
      })
      return
    }
    sendJson(res, 200, route.handler(ctx), headers)
  } catch (err) {
    if (!(err instanceof StripeError)) throw err
    sendJson(res, err.status, err.toJSON(), headers)
  }
}
