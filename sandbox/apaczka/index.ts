// Apaczka.pl Web API v2 emulator under /apaczka/api/v2/<route>: form-encoded app_id/request/expires/signature
// (HMAC-SHA256 of `app_id:route:request:expires`, expires at most 30 min ahead), orders with waybill PDFs, points,
// order status moving on a clock or through the control API under /_sandbox/apaczka/. No webhooks (Apaczka has none).
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { type Emulator, type SandboxRequest, sendJson } from '../lib/http.ts'
import { renderLabels } from '../lib/label-pdf.ts'

export type ApaczkaEmulatorOptions = {
  appId?: string
  appSecret?: string
  /** when > 0, an order moves one status forward every statusClockMs (default 0: off) */
  statusClockMs?: number
  quiet?: boolean
}

// Apaczka publishes no status list; these names are the emulator's, documented in README.md.
const CHAIN = ['NEW', 'READY_TO_SHIP', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED'] as const
type Status = (typeof CHAIN)[number] | 'RETURNED' | 'CANCELLED'

const SERVICES = [
  { service_id: 21, name: 'DPD Classic', supplier: 'DPD', price: 1899 },
  { service_id: 23, name: 'DHL Parcel Polska', supplier: 'DHL', price: 2099 },
  { service_id: 42, name: 'UPS Standard', supplier: 'UPS', price: 2499 },
  { service_id: 82, name: 'GLS Polska', supplier: 'GLS', price: 1799 },
]

type Order = {
  id: number
  serviceId: number
  status: Status
  waybillNumber: string
  receiver: Record<string, unknown>
  shipments: unknown[]
  comment: string | null
  history: { status: Status; at: string }[]
}

type FaultKind = 'error_5xx' | 'timeout' | 'error_envelope'
type Fault = { kind: FaultKind; route: string; remaining: number; delayMs: number }

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)
const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')

/** Apaczka answers HTTP 200 with the outcome in the envelope; `status` other than 200 is an error. */
const envelope = (res: ServerResponse, status: number, message: string, response: unknown = []) => {
  sendJson(res, 200, { status, message, response })
  return true
}
const reply = (res: ServerResponse, status: number, body: unknown) => {
  sendJson(res, status, body)
  return true
}

export function createApaczkaEmulator(opts: ApaczkaEmulatorOptions = {}): Emulator {
  const log = opts.quiet ? () => {} : (m: string) => console.info(m)
  const appId = opts.appId ?? 'sandbox_app_id'
  const appSecret = opts.appSecret ?? 'sandbox_app_secret'
  let statusClockMs = opts.statusClockMs ?? 0
  let orders = new Map<number, Order>()
  let nextId = 500_001
  let faults: Fault[] = []
  let generation = 0
  const timers = new Set<NodeJS.Timeout>()
  const hung = new Set<ServerResponse>()
  const calls: { route: string; at: string; status: number }[] = []

  const later = (ms: number, fn: () => void) => {
    const gen = generation
    const t = setTimeout(() => {
      timers.delete(t)
      if (gen === generation) fn()
    }, ms)
    timers.add(t)
  }

  function setStatus(o: Order, s: Status) {
    o.status = s
    o.history.push({ status: s, at: new Date().toISOString() })
    if (statusClockMs > 0) tick(o)
  }
  function tick(o: Order) {
    later(statusClockMs, () => {
      const i = CHAIN.indexOf(o.status as (typeof CHAIN)[number])
      if (i >= 0 && i < CHAIN.length - 1) setStatus(o, CHAIN[i + 1]!)
    })
  }

  const orderJson = (o: Order) => {
    const svc = SERVICES.find((s) => s.service_id === o.serviceId)!
    return {
      id: o.id,
      service_id: o.serviceId,
      service_name: svc.name,
      supplier: svc.supplier,
      waybill_number: o.waybillNumber,
      tracking_url: `https://www.apaczka.pl/sledz-przesylke/?waybill_number=${o.waybillNumber}`,
      status: o.status,
      status_history: o.history,
      receiver: o.receiver,
      comment: o.comment,
    }
  }

  function checkRequest(
    r: SandboxRequest,
    route: string,
    res: ServerResponse,
  ): Record<string, unknown> | null {
    const ct = str(r.headers['content-type'])
    if (!ct.startsWith('application/x-www-form-urlencoded')) {
      envelope(res, 400, 'Expected application/x-www-form-urlencoded body')
      return null
    }
    const form = new URLSearchParams(r.rawBody.toString('utf8'))
    const id = form.get('app_id') ?? ''
    const request = form.get('request') ?? ''
    const expires = form.get('expires') ?? ''
    const signature = form.get('signature') ?? ''
    const exp = Number(expires)
    const now = Math.floor(Date.now() / 1000)
    const want = createHmac('sha256', appSecret).update(`${id}:${route}:${request}:${expires}`).digest('hex')
    const a = Buffer.from(want)
    const b = Buffer.from(signature.toLowerCase())
    const problem =
      id !== appId
        ? 'Invalid app_id'
        : !/^\d+$/.test(expires) || exp < now
          ? 'Request expired'
          : exp > now + 30 * 60 + 5
            ? 'expires is more than 30 minutes ahead'
            : a.length !== b.length || !timingSafeEqual(a, b)
              ? 'Invalid signature'
              : null
    if (problem) {
      envelope(res, 401, problem)
      return null
    }
    try {
      const parsed = request ? JSON.parse(request) : {}
      return isObj(parsed) ? parsed : {}
    } catch {
      envelope(res, 400, 'request is not valid JSON')
      return null
    }
  }

  function applyFault(route: string, res: ServerResponse): boolean {
    const f = faults.find((x) => x.remaining > 0 && (x.route === 'any' || route.startsWith(x.route)))
    if (!f) return false
    f.remaining--
    faults = faults.filter((x) => x.remaining > 0)
    if (f.kind === 'timeout') {
      hung.add(res)
      later(f.delayMs, () => {
        hung.delete(res)
        res.destroy()
      })
    } else if (f.kind === 'error_5xx')
      sendJson(res, 502, { status: 502, message: 'Bad gateway (sandbox fault)' })
    else envelope(res, 500, 'Internal error (sandbox fault)')
    return true
  }

  function validateOrder(order: Record<string, unknown>): string | null {
    const svc = SERVICES.find((s) => s.service_id === Number(order.service_id))
    if (!svc) return 'Unknown service_id'
    const addr = isObj(order.address) ? order.address : {}
    const rec = isObj(addr.receiver) ? addr.receiver : null
    if (!rec) return 'address.receiver is required'
    if (!str(rec.name)) return 'address.receiver.name is required'
    if (!str(rec.line1)) return 'address.receiver.line1 is required'
    if (!str(rec.city)) return 'address.receiver.city is required'
    if ((str(rec.country_code) || 'PL') === 'PL' && !/^\d{2}-\d{3}$/.test(str(rec.postal_code)))
      return 'address.receiver.postal_code is invalid'
    if (!/^(\+48)?\d{9}$/.test(str(rec.phone).replace(/\s/g, ''))) return 'address.receiver.phone is invalid'
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(str(rec.email))) return 'address.receiver.email is invalid'
    const shipments = Array.isArray(order.shipment) ? order.shipment : []
    if (!shipments.length) return 'shipment is required'
    for (const s of shipments) {
      if (!isObj(s) || !(Number(s.weight) > 0)) return 'shipment.weight is invalid'
      if (Number(s.weight) > 31.5) return 'shipment.weight exceeds the service limit (31.5 kg)'
    }
    return null
  }

  async function api(r: SandboxRequest, res: ServerResponse, route: string): Promise<boolean> {
    if (r.method !== 'POST') return envelope(res, 405, 'Only POST is supported')
    if (applyFault(route, res)) return true
    const req = checkRequest(r, route, res)
    if (!req) return true
    calls.push({ route, at: new Date().toISOString(), status: 200 })
    const route0 = route.replace(/\/$/, '')
    if (route0 === 'service_structure')
      return envelope(res, 200, '', { services: SERVICES.map(({ price: _p, ...s }) => s) })
    if (route0 === 'order_valuation') {
      const order = isObj(req.order) ? req.order : {}
      const list = SERVICES.filter((s) => !order.service_id || s.service_id === Number(order.service_id))
      return envelope(res, 200, '', {
        price_table: Object.fromEntries(
          list.map((s) => [s.service_id, { price: s.price, price_gross: Math.round(s.price * 1.23) }]),
        ),
      })
    }
    if (route0 === 'order_send') {
      const order = isObj(req.order) ? req.order : null
      if (!order) return envelope(res, 400, 'order is required')
      const problem = validateOrder(order)
      if (problem) return envelope(res, 400, problem)
      // like the real API there is no idempotency key: a repeated order_send books a second courier
      const addr = order.address as Record<string, unknown>
      const o: Order = {
        id: nextId++,
        serviceId: Number(order.service_id),
        status: 'NEW',
        waybillNumber: `${randomInt(100000, 999999)}${randomInt(1000000, 9999999)}`,
        receiver: addr.receiver as Record<string, unknown>,
        shipments: order.shipment as unknown[],
        comment: order.comment ? str(order.comment) : null,
        history: [],
      }
      orders.set(o.id, o)
      setStatus(o, 'NEW')
      // the broker books the courier asynchronously; the waybill is ready a moment later
      later(100, () => {
        if (o.status === 'NEW') setStatus(o, 'READY_TO_SHIP')
      })
      log(`[apaczka] order ${o.id} created (service ${o.serviceId})`)
      return envelope(res, 200, '', { order: orderJson(o) })
    }
    const om = route0.match(/^(order|waybill|cancel_order)\/(\d+)$/)
    if (om) {
      const o = orders.get(Number(om[2]))
      if (!o) return envelope(res, 404, 'Order not found')
      if (om[1] === 'order') return envelope(res, 200, '', { order: orderJson(o) })
      if (om[1] === 'cancel_order') {
        if (!['NEW', 'READY_TO_SHIP'].includes(o.status))
          return envelope(res, 400, 'Order cannot be cancelled')
        setStatus(o, 'CANCELLED')
        return envelope(res, 200, '', { order: orderJson(o) })
      }
      if (o.status === 'NEW' || o.status === 'CANCELLED')
        return envelope(res, 400, 'Waybill not available yet')
      const svc = SERVICES.find((s) => s.service_id === o.serviceId)!
      const pdf = await renderLabels('A6', [
        {
          carrier: svc.supplier,
          service: `${svc.name} (Apaczka)`,
          trackingNumber: o.waybillNumber,
          receiver: [
            str(o.receiver.name),
            str(o.receiver.line1),
            `${str(o.receiver.postal_code)} ${str(o.receiver.city)}`,
          ],
          reference: o.comment,
        },
      ])
      return envelope(res, 200, '', { waybill: pdf.toString('base64'), type: 'pdf' })
    }
    if (route0 === 'orders') {
      const list = [...orders.values()].reverse()
      return envelope(res, 200, '', { orders: list.map(orderJson) })
    }
    const pm = route0.match(/^points\/([A-Z_]+)$/)
    if (pm) {
      envelope(res, 200, '', {
        points: {
          [`${pm[1]}_WAW01`]: {
            foreign_access_point_id: `${pm[1]}_WAW01`,
            name: 'Punkt Centrum',
            street: 'Marszałkowska 100',
            postal_code: '00-026',
            city: 'Warszawa',
          },
          [`${pm[1]}_KRA01`]: {
            foreign_access_point_id: `${pm[1]}_KRA01`,
            name: 'Punkt Rynek',
            street: 'Floriańska 5',
            postal_code: '31-019',
            city: 'Kraków',
          },
        },
      })
      return true
    }
    envelope(res, 404, `Unknown route ${route}`)
    return true
  }

  async function control(r: SandboxRequest, res: ServerResponse, path: string): Promise<boolean> {
    let b: Record<string, unknown> = {}
    try {
      const parsed = r.rawBody.length ? JSON.parse(r.rawBody.toString('utf8')) : {}
      if (isObj(parsed)) b = parsed
    } catch {}
    if (r.method === 'POST' && path === 'reset') {
      generation++
      for (const t of timers) clearTimeout(t)
      timers.clear()
      orders = new Map()
      faults = []
      calls.length = 0
      statusClockMs = opts.statusClockMs ?? 0
      return reply(res, 200, { ok: true })
    }
    if (r.method === 'GET' && path === 'credentials') return reply(res, 200, { appId })
    if (r.method === 'GET' && path === 'orders')
      return reply(res, 200, { data: [...orders.values()].reverse().map(orderJson) })
    if (r.method === 'GET' && path === 'calls') return reply(res, 200, { data: calls })
    if (r.method === 'POST' && path === 'clock') {
      statusClockMs = Math.max(0, Number(b.statusClockMs) || 0)
      if (statusClockMs > 0) for (const o of orders.values()) tick(o)
      return reply(res, 200, { statusClockMs })
    }
    if (r.method === 'POST' && path === 'faults') {
      const kind = str(b.kind) as FaultKind
      if (!['error_5xx', 'timeout', 'error_envelope'].includes(kind))
        return reply(res, 400, { error: `unknown fault kind ${kind}` })
      faults.push({
        kind,
        route: str(b.route) || 'any',
        remaining: Math.max(1, Number(b.count) || 1),
        delayMs: Number(b.delayMs) || 30_000,
      })
      return reply(res, 200, { faults })
    }
    const am = path.match(/^orders\/(\d+)\/advance$/)
    if (r.method === 'POST' && am) {
      const o = orders.get(Number(am[1]))
      if (!o) return reply(res, 404, { error: 'no such order' })
      const to = str(b.to) as Status
      if (to === 'RETURNED' || to === 'CANCELLED') {
        setStatus(o, to)
        return reply(res, 200, orderJson(o))
      }
      const target = CHAIN.indexOf(to as (typeof CHAIN)[number])
      const from = CHAIN.indexOf(o.status as (typeof CHAIN)[number])
      if (target < 0 || from < 0) return reply(res, 400, { error: `cannot advance ${o.status} to ${to}` })
      for (let i = from + 1; i <= target; i++) setStatus(o, CHAIN[i]!)
      return reply(res, 200, orderJson(o))
    }
    sendJson(res, 404, { error: `no such control route ${r.method} ${path}` })
    return true
  }

  return {
    name: 'apaczka',
    async handle(r, res) {
      const p = r.url.pathname
      if (p.startsWith('/apaczka/api/v2/')) return api(r, res, p.slice('/apaczka/api/v2/'.length))
      if (p.startsWith('/_sandbox/apaczka/')) return control(r, res, p.slice('/_sandbox/apaczka/'.length))
      return false
    },
    async close() {
      generation++
      for (const t of timers) clearTimeout(t)
      timers.clear()
      for (const res of hung) res.destroy()
      hung.clear()
    },
  }
}
