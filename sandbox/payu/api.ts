// PayU REST API v2.1: OAuth, orders (create answers 302 with a JSON body), capture, cancel, transactions, refunds.
import type { ServerResponse } from 'node:http'
import { isIP } from 'node:net'
import type { SandboxRequest } from '../lib/http.ts'
import type { NewOrder, NewRefund, PayuCore } from './core.ts'
import { invalid, missing, PayuError, syntax, unauthorized } from './errors.ts'
import { type Product, renderOrder, renderProperties, renderRefund, renderTransactions } from './model.ts'
import type { Json } from './util.ts'

export function sendPayu(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers })
  res.end(JSON.stringify(body))
}

const isJson = (r: SandboxRequest) => /^application\/json\b/i.test(String(r.headers['content-type'] ?? ''))

function jsonBody(r: SandboxRequest): Json {
  if (!isJson(r)) throw syntax('Content-Type must be application/json')
  const text = r.rawBody.toString('utf8')
  if (!text.trim()) throw syntax('Empty request body')
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch {
    throw syntax('Bad syntax: request body is not valid JSON')
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw syntax('Bad syntax: expected a JSON object')
  return v as Json
}

/** Form-encoded OAuth token request. Errors follow OAuth: `{error, error_description}`. */
function authorize(r: SandboxRequest, res: ServerResponse, core: PayuCore) {
  if (r.method !== 'POST') {
    sendPayu(res, 405, {
      error: 'method_not_allowed',
      error_description: `Request method '${r.method}' not supported`,
    })
    return
  }
  const form = /^application\/x-www-form-urlencoded\b/i.test(String(r.headers['content-type'] ?? ''))
    ? new URLSearchParams(r.rawBody.toString('utf8'))
    : null
  // PayU reads the credentials only from a form body; without one the client is simply not authenticated.
  if (!form?.get('client_id')) {
    sendPayu(res, 401, {
      error: 'unauthorized',
      error_description: 'Full authentication is required to access this resource',
    })
    return
  }
  const grant = form.get('grant_type')
  if (
    form.get('client_id') !== core.config.clientId ||
    form.get('client_secret') !== core.config.clientSecret
  ) {
    sendPayu(res, 401, { error: 'invalid_client', error_description: 'Bad client credentials' })
    return
  }
  if (!grant) {
    sendPayu(res, 400, { error: 'invalid_request', error_description: 'Missing grant type' })
    return
  }
  if (grant !== 'client_credentials') {
    sendPayu(res, 400, {
      error: 'unsupported_grant_type',
      error_description: `Unsupported grant type: ${grant}`,
    })
    return
  }
  const t = core.issueToken()
  sendPayu(res, 200, {
    access_token: t.token,
    token_type: 'bearer',
    expires_in: t.expiresIn,
    grant_type: 'client_credentials',
  })
}

function checkAuth(r: SandboxRequest, core: PayuCore) {
  const header = String(r.headers.authorization ?? '')
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)
  if (bearer) {
    const state = core.checkToken(bearer[1]!)
    if (state === 'ok') return
    throw unauthorized(state === 'expired' ? `Access token expired: ${bearer[1]}` : 'Invalid access token')
  }
  // The legacy scheme still works: Basic base64(posId:secondKey).
  const basic = /^Basic\s+(\S+)$/i.exec(header)
  if (basic) {
    const [pos, key] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':')
    if (pos === core.config.posId && key === core.config.secondKey) return
    throw unauthorized('Invalid credentials')
  }
  throw unauthorized('Full authentication is required to access this resource')
}

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null)

function requireString(body: Json, field: string, max = 4000): string {
  const v = body[field]
  if (v === undefined || v === null || v === '') throw missing(field)
  const s = str(v)
  if (s === null || s.length > max) throw invalid(field)
  return s
}

function optionalString(body: Json, field: string, max = 1024): string | null {
  const v = body[field]
  if (v === undefined || v === null) return null
  const s = str(v)
  if (s === null || s.length > max) throw invalid(field)
  return s
}

function parseUrl(body: Json, field: string): string | null {
  const v = optionalString(body, field, 1024)
  if (v === null) return null
  if (!URL.canParse(v) || !/^https?:/i.test(v)) throw invalid(field)
  return v
}

function parseProducts(v: unknown): Product[] {
  if (v === undefined || v === null) throw missing('products')
  if (!Array.isArray(v) || v.length === 0) throw invalid('products')
  return v.map((p, i) => {
    if (!p || typeof p !== 'object') throw invalid(`products[${i}]`)
    const item = p as Json
    const name = str(item.name)
    if (!name) throw missing(`products[${i}].name`)
    const unitPrice = str(item.unitPrice)
    if (unitPrice === null) throw missing(`products[${i}].unitPrice`)
    if (!/^-?\d+$/.test(unitPrice)) throw invalid(`products[${i}].unitPrice`)
    const quantity = str(item.quantity)
    if (quantity === null) throw missing(`products[${i}].quantity`)
    if (!/^\d+$/.test(quantity) || Number(quantity) < 1) throw invalid(`products[${i}].quantity`)
    const out: Product = { name, unitPrice, quantity }
    if (typeof item.virtual === 'boolean') out.virtual = item.virtual
    return out
  })
}

function parseOrder(body: Json, core: PayuCore): NewOrder {
  const customerIp = requireString(body, 'customerIp', 45)
  // IPv4 or IPv6 in any textual form (::1, ::ffff:127.0.0.1); 0.0.0.0 is refused
  if (isIP(customerIp) === 0 || customerIp === '0.0.0.0') throw invalid('customerIp')
  const merchantPosId = requireString(body, 'merchantPosId', 64)
  if (merchantPosId !== core.config.posId)
    throw invalid('merchantPosId', 'Invalid merchantPosId for this token')
  const description = requireString(body, 'description', 4000)
  const currencyCode = requireString(body, 'currencyCode', 3)
  if (!/^[A-Z]{3}$/.test(currencyCode)) throw invalid('currencyCode')
  const totalAmount = requireString(body, 'totalAmount', 18)
  if (!/^\d+$/.test(totalAmount) || Number(totalAmount) < 1) throw invalid('totalAmount')
  const products = parseProducts(body.products)
  const validityTime = optionalString(body, 'validityTime', 10) ?? '86400'
  if (!/^\d+$/.test(validityTime) || Number(validityTime) < 1) throw invalid('validityTime')
  const buyer = body.buyer === undefined || body.buyer === null ? null : body.buyer
  if (buyer !== null && (typeof buyer !== 'object' || Array.isArray(buyer))) throw invalid('buyer')
  let requestedPayMethod: NewOrder['requestedPayMethod'] = null
  if (body.payMethods !== undefined && body.payMethods !== null) {
    const pm = (body.payMethods as Json).payMethod as Json | undefined
    if (!pm || typeof pm !== 'object') throw invalid('payMethods.payMethod')
    const type = str(pm.type)
    if (type !== 'PBL') throw invalid('payMethods.payMethod.type', 'Only PBL is supported by the sandbox')
    requestedPayMethod = { type, value: str(pm.value) }
  }
  return {
    extOrderId: optionalString(body, 'extOrderId', 1024),
    notifyUrl: parseUrl(body, 'notifyUrl'),
    continueUrl: parseUrl(body, 'continueUrl'),
    customerIp,
    description,
    additionalDescription: optionalString(body, 'additionalDescription', 1024),
    currencyCode,
    totalAmount,
    validityTime,
    buyer: buyer as Json | null,
    products,
    requestedPayMethod,
  }
}

function parseRefund(body: Json): NewRefund {
  const refund = body.refund
  if (refund === undefined || refund === null) throw missing('refund')
  if (typeof refund !== 'object' || Array.isArray(refund)) throw invalid('refund')
  const r = refund as Json
  const description = requireString(r, 'description', 4000)
  const amount = optionalString(r, 'amount', 18)
  if (amount !== null && !/^\d+$/.test(amount)) throw invalid('amount')
  return {
    description,
    amount,
    extRefundId: optionalString(r, 'extRefundId', 1024),
    currencyCode: optionalString(r, 'currencyCode', 3),
    bankDescription: optionalString(r, 'bankDescription', 1024),
    type: optionalString(r, 'type', 64),
  }
}

const ok = { statusCode: 'SUCCESS' }

export async function handleApi(r: SandboxRequest, res: ServerResponse, core: PayuCore): Promise<void> {
  const path = r.url.pathname.replace(/\/+$/, '')
  const method = r.method.toUpperCase()
  try {
    if (path === '/pl/standard/user/oauth/authorize') return authorize(r, res, core)
    checkAuth(r, core)
    const rest = path.replace(/^\/api\/v2_1/, '')
    if (rest === '/orders' && method === 'POST') {
      const o = core.createOrder(parseOrder(jsonBody(r), core))
      const redirectUri = core.redirectUri(o)
      const body: Json = { status: ok, redirectUri, orderId: o.orderId }
      if (o.extOrderId !== null) body.extOrderId = o.extOrderId
      return sendPayu(res, 302, body, { location: redirectUri })
    }
    if (rest === '/paymethods' && method === 'GET') {
      return sendPayu(res, 200, {
        payByLinks: [
          {
            value: 'blik',
            name: 'BLIK',
            brandImageUrl: '',
            status: 'ENABLED',
            minAmount: 100,
            maxAmount: 99999999,
          },
          ...banks.map((b) => ({
            value: b.value,
            name: b.name,
            brandImageUrl: '',
            status: 'ENABLED',
            minAmount: 50,
            maxAmount: 99999999,
          })),
        ],
        status: ok,
      })
    }
    const m = /^\/orders\/([^/]+)(?:\/(status|captures|transactions|refunds)(?:\/([^/]+))?)?$/.exec(rest)
    if (!m) throw new PayuError(404, 'DATA_NOT_FOUND', `No such resource: ${method} ${path}`)
    const o = core.order(decodeURIComponent(m[1]!))
    const sub = m[2]
    const subId = m[3] ? decodeURIComponent(m[3]) : null
    if (!sub && method === 'GET') {
      const body: Json = {
        orders: [renderOrder(o)],
        status: { statusCode: 'SUCCESS', statusDesc: 'Request processing successful' },
      }
      const properties = renderProperties(o)
      if (properties) body.properties = properties
      return sendPayu(res, 200, body)
    }
    if (!sub && method === 'DELETE') {
      core.cancel(o)
      const body: Json = { orderId: o.orderId }
      if (o.extOrderId !== null) body.extOrderId = o.extOrderId
      body.status = ok
      return sendPayu(res, 200, body)
    }
    if (sub === 'status' && method === 'PUT' && !subId) {
      const body = jsonBody(r)
      const orderStatus = str(body.orderStatus)
      if (!orderStatus) throw missing('orderStatus')
      if (orderStatus !== 'COMPLETED') throw invalid('orderStatus')
      if (body.orderId !== undefined && body.orderId !== o.orderId) throw invalid('orderId')
      core.capture(o)
      return sendPayu(res, 200, { status: { statusCode: 'SUCCESS', statusDesc: 'Status was updated' } })
    }
    if (sub === 'captures' && method === 'POST' && !subId) {
      const text = r.rawBody.toString('utf8').trim()
      const body = text ? jsonBody(r) : {}
      if (body.amount !== undefined && str(body.amount) !== o.totalAmount)
        throw invalid('amount', 'Partial capture is not supported by the sandbox')
      core.capture(o)
      return sendPayu(res, 200, { status: { statusCode: 'SUCCESS', statusDesc: 'Status was updated' } })
    }
    if (sub === 'transactions' && method === 'GET' && !subId) return sendPayu(res, 200, renderTransactions(o))
    if (sub === 'refunds' && method === 'POST' && !subId) {
      const refund = core.createRefund(o, parseRefund(jsonBody(r)))
      return sendPayu(res, 200, {
        orderId: o.orderId,
        refund: renderRefund(refund),
        status: { statusCode: 'SUCCESS', statusDesc: 'Refund queued for processing' },
      })
    }
    if (sub === 'refunds' && method === 'GET' && !subId) {
      return sendPayu(res, 200, { refunds: core.refundsOf(o).map(renderRefund) })
    }
    if (sub === 'refunds' && method === 'GET' && subId) {
      const refund = core.refund(subId)
      if (refund.orderId !== o.orderId)
        throw new PayuError(404, 'DATA_NOT_FOUND', `Could not find refund ${subId}`)
      return sendPayu(res, 200, renderRefund(refund))
    }
    throw new PayuError(405, 'ERROR_SYNTAX', `Method ${method} is not supported on ${path}`)
  } catch (err) {
    if (err instanceof PayuError) return sendPayu(res, err.httpStatus, err.toJSON())
    throw err
  }
}

/** Banks on the pay page (PayU pay-method codes). */
export const banks = [
  { value: 'm', name: 'mTransfer (mBank)' },
  { value: 'p', name: 'Płacę z iPKO' },
  { value: 'o', name: 'Pekao24Przelew' },
]
