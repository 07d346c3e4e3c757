// InPost ShipX emulator under /inpost/v1 (the real host serves /v1): shipments (simplified mode: created ->
// offers_prepared -> confirmed on a clock; offer mode: buy), labels as real PDFs, points, statuses, tracking,
// unsigned shipment_status_changed webhooks with retries, and a control API under /_sandbox/inpost/.
// See README.md in this folder.
import { randomInt } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { type Emulator, type SandboxRequest, sendJson } from '../lib/http.ts'
import { type LabelData, type LabelSize, renderLabels, sendPdf } from '../lib/label-pdf.ts'
import { SEED_POINTS, type SeedPoint } from './points.ts'

export type InpostEmulatorOptions = {
  /** where shipment_status_changed webhooks go (the app's /api/webhooks/inpost); settable via the control API */
  webhookUrl?: string
  /** accepted organisation id (default 1); other ids get 403 */
  organizationId?: number
  /** Bearer token the API accepts; unset: any non-empty token */
  token?: string
  /** delay of each asynchronous step created -> offers_prepared -> confirmed (default 300 ms) */
  stepDelayMs?: number
  /** when > 0, a confirmed shipment moves one logistic status forward every statusClockMs (default 0: off) */
  statusClockMs?: number
  retryBaseMs?: number
  maxAttempts?: number
  quiet?: boolean
}

type Status =
  | 'created'
  | 'offers_prepared'
  | 'offer_selected'
  | 'confirmed'
  | 'dispatched_by_sender'
  | 'collected_from_sender'
  | 'adopted_at_sorting_center'
  | 'sent_from_sorting_center'
  | 'out_for_delivery'
  | 'ready_to_pickup'
  | 'delivered'
  | 'returned_to_sender'
  | 'canceled'

const LOCKER_CHAIN: Status[] = [
  'confirmed',
  'dispatched_by_sender',
  'collected_from_sender',
  'adopted_at_sorting_center',
  'sent_from_sorting_center',
  'out_for_delivery',
  'ready_to_pickup',
  'delivered',
]
const COURIER_CHAIN: Status[] = LOCKER_CHAIN.filter((s) => s !== 'ready_to_pickup')

const STATUS_TITLES: Record<Status, [string, string]> = {
  created: ['Przesyłka utworzona.', 'Shipment created.'],
  offers_prepared: ['Przygotowano oferty.', 'Offers prepared.'],
  offer_selected: ['Oferta wybrana.', 'Offer selected.'],
  confirmed: ['Przygotowana przez Nadawcę.', 'Prepared by sender.'],
  dispatched_by_sender: ['Paczka nadana w automacie Paczkomat.', 'Dispatched by sender.'],
  collected_from_sender: ['Odebrana od klienta.', 'Collected from sender.'],
  adopted_at_sorting_center: ['Przyjęta w Sortowni.', 'Adopted at sorting center.'],
  sent_from_sorting_center: ['Wysłana z Sortowni.', 'Sent from sorting center.'],
  out_for_delivery: ['Przekazano do doręczenia.', 'Out for delivery.'],
  ready_to_pickup: [
    'Umieszczona w automacie Paczkomat (odbiorczym).',
    'Placed in Parcel Locker (of destination).',
  ],
  delivered: ['Dostarczona.', 'Delivered.'],
  returned_to_sender: ['Zwrot do nadawcy.', 'Returned to sender.'],
  canceled: ['Anulowano etykietę.', 'Label cancelled.'],
}

const SERVICES = ['inpost_locker_standard', 'inpost_courier_standard'] as const
type Service = (typeof SERVICES)[number]
const TEMPLATES = ['small', 'medium', 'large'] as const

type Parcel = { template?: string; dimensions?: unknown; weight?: { amount: number; unit: string } }
type Shipment = {
  id: number
  status: Status
  service: Service
  trackingNumber: string | null
  reference: string | null
  receiver: Record<string, unknown>
  parcels: Parcel[]
  customAttributes: Record<string, unknown>
  insurance: { amount: number; currency: string } | null
  offers: { id: number; service: { id: Service }; status: string; rate: number; currency: string }[]
  createdAt: string
  updatedAt: string
  history: { status: Status; at: string }[]
}

type FaultKind = 'error_5xx' | 'timeout' | 'error_4xx_no_details' | 'sending_method_unavailable'
type FaultOp = 'create' | 'get' | 'label' | 'labels' | 'points' | 'cancel' | 'any'
type Fault = { kind: FaultKind; op: FaultOp; remaining: number; delayMs: number }

type Attempt = { at: string; status: number | null; error: string | null }
type Delivery = {
  id: number
  event: string
  shipmentId: number
  status: string
  body: string
  state: 'pending' | 'delivered' | 'failed' | 'no_endpoint'
  attempts: Attempt[]
}

const ERR = (
  res: ServerResponse,
  status: number,
  error: string,
  description: string,
  details: unknown = null,
) => {
  sendJson(res, status, { status, error, description, details })
  return true
}
const reply = (res: ServerResponse, status: number, body: unknown) => {
  sendJson(res, status, body)
  return true
}

const json = (raw: Buffer): unknown => {
  if (!raw.length) return {}
  try {
    return JSON.parse(raw.toString('utf8'))
  } catch {
    return undefined
  }
}
const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)
const str = (v: unknown) => (typeof v === 'string' ? v : '')

/** InPost's offset timestamp format: 2020-03-20 15:08:42 +0100 (UTC here). */
const eventTs = (d = new Date()) => `${d.toISOString().slice(0, 19).replace('T', ' ')} +0000`

function pointJson(pt: SeedPoint, removed: boolean) {
  return {
    href: `/v1/points/${pt.name}`,
    name: pt.name,
    type: [pt.type],
    status: removed ? 'NonOperating' : 'Operating',
    location: { latitude: pt.lat, longitude: pt.lng },
    location_type: 'Outdoor',
    location_description: pt.description,
    opening_hours: '24/7',
    address: { line1: `${pt.street} ${pt.building}`, line2: `${pt.postCode} ${pt.city}` },
    address_details: {
      city: pt.city,
      province: pt.province,
      post_code: pt.postCode,
      street: pt.street,
      building_number: pt.building,
      flat_number: null,
    },
    functions: pt.type === 'pop' ? ['parcel_collect'] : ['parcel_collect', 'parcel_send'],
    payment_available: true,
    location_247: pt.type === 'parcel_locker',
  }
}

export function createInpostEmulator(opts: InpostEmulatorOptions = {}): Emulator {
  const log = opts.quiet ? () => {} : (m: string) => console.info(m)
  const orgId = opts.organizationId ?? 1
  const stepDelayMs = opts.stepDelayMs ?? 300
  const retryBaseMs = opts.retryBaseMs ?? 1000
  const maxAttempts = opts.maxAttempts ?? 6
  let statusClockMs = opts.statusClockMs ?? 0
  let webhookUrl: string | null = opts.webhookUrl ?? null
  let shipments = new Map<number, Shipment>()
  let nextId = 1000
  let removedPoints = new Set<string>()
  let faults: Fault[] = []
  let deliveries: Delivery[] = []
  let nextDeliveryId = 1
  let generation = 0
  const timers = new Set<NodeJS.Timeout>()
  const hung = new Set<ServerResponse>()

  const later = (ms: number, fn: () => void) => {
    const gen = generation
    const t = setTimeout(() => {
      timers.delete(t)
      if (gen === generation) fn()
    }, ms)
    timers.add(t)
  }

  // ---- webhooks (unsigned, like InPost's; retried with exponential backoff on anything but 2xx) ------------

  async function attempt(d: Delivery) {
    if (!webhookUrl) {
      d.state = 'no_endpoint'
      return
    }
    const at = new Date().toISOString()
    try {
      const r = await fetch(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'InPost-Webhooks/sandbox' },
        body: d.body,
        signal: AbortSignal.timeout(10_000),
      })
      d.attempts.push({ at, status: r.status, error: null })
      await r.arrayBuffer().catch(() => {})
      if (r.ok) {
        d.state = 'delivered'
        return
      }
    } catch (e) {
      d.attempts.push({ at, status: null, error: e instanceof Error ? e.message : String(e) })
    }
    if (d.attempts.length >= maxAttempts) {
      d.state = 'failed'
      log(`[inpost] webhook ${d.event} for ${d.shipmentId} failed after ${d.attempts.length} attempts`)
      return
    }
    const wait = retryBaseMs * 2 ** (d.attempts.length - 1) * (1 + Math.random() * 0.2)
    later(wait, () => void attempt(d))
  }

  function emitWebhook(s: Shipment, event: string, status: string, send = true): Delivery {
    const body = JSON.stringify({
      event_ts: eventTs(),
      event,
      organization_id: orgId,
      payload: { shipment_id: s.id, status, tracking_number: s.trackingNumber },
    })
    const d: Delivery = {
      id: nextDeliveryId++,
      event,
      shipmentId: s.id,
      status,
      body,
      state: 'pending',
      attempts: [],
    }
    deliveries.push(d)
    if (send) void attempt(d)
    return d
  }

  // ---- shipment lifecycle --------------------------------------------------------------------------------

  const chainOf = (s: Shipment) => (s.service === 'inpost_locker_standard' ? LOCKER_CHAIN : COURIER_CHAIN)

  function setStatus(s: Shipment, status: Status, webhook = true) {
    s.status = status
    s.updatedAt = new Date().toISOString()
    s.history.push({ status, at: s.updatedAt })
    if (status === 'confirmed') {
      s.trackingNumber ??= Array.from({ length: 24 }, (_, i) => (i === 0 ? 6 : randomInt(10))).join('')
      if (webhook) emitWebhook(s, 'shipment_confirmed', status)
    }
    if (webhook) emitWebhook(s, 'shipment_status_changed', status)
    if (statusClockMs > 0 && LOCKER_CHAIN.includes(status) && status !== 'delivered') scheduleClock(s)
  }

  function scheduleClock(s: Shipment) {
    later(statusClockMs, () => {
      const chain = chainOf(s)
      const i = chain.indexOf(s.status)
      if (i >= 0 && i < chain.length - 1) setStatus(s, chain[i + 1]!)
    })
  }

  function startAsync(s: Shipment) {
    later(stepDelayMs, () => {
      if (s.status !== 'created') return
      s.offers = [
        {
          id: s.id * 10 + 1,
          service: { id: s.service },
          status: 'available',
          rate: s.service === 'inpost_locker_standard' ? 13.99 : 17.99,
          currency: 'PLN',
        },
      ]
      setStatus(s, 'offers_prepared', false)
      later(stepDelayMs, () => {
        if (s.status !== 'offers_prepared') return
        setStatus(s, 'offer_selected', false)
        setStatus(s, 'confirmed')
      })
    })
  }

  function shipmentJson(s: Shipment) {
    return {
      href: `/v1/shipments/${s.id}`,
      id: s.id,
      status: s.status,
      tracking_number: s.trackingNumber,
      service: s.service,
      reference: s.reference,
      is_return: false,
      receiver: s.receiver,
      parcels: s.parcels.map((p, i) => ({ id: s.id * 100 + i, ...p })),
      custom_attributes: s.customAttributes,
      insurance: s.insurance,
      offers: s.offers,
      selected_offer:
        ['confirmed', 'offer_selected'].includes(s.status) || s.trackingNumber ? (s.offers[0] ?? null) : null,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
    }
  }

  // ---- validation ----------------------------------------------------------------------------------------

  type FieldErrors = Record<string, unknown>
  function validate(body: Record<string, unknown>): { errors: FieldErrors; service?: Service } {
    const errors: FieldErrors = {}
    const receiver = isObj(body.receiver) ? body.receiver : null
    const service = str(body.service) as Service
    if (!SERVICES.includes(service)) errors.service = ['invalid']
    if (!receiver) errors.receiver = ['required']
    else {
      const r: FieldErrors = {}
      const phone = str(receiver.phone).replace(/\s/g, '')
      if (!phone) r.phone = ['required']
      else if (!/^(\+48)?\d{9}$/.test(phone)) r.phone = ['invalid']
      const email = str(receiver.email)
      if (!email) r.email = ['required']
      else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) r.email = ['invalid']
      if (service === 'inpost_courier_standard') {
        if (!str(receiver.name) && !str(receiver.company_name) && !str(receiver.first_name))
          r.name = ['required']
        const a = isObj(receiver.address) ? receiver.address : null
        if (!a) r.address = ['required']
        else {
          const ae: FieldErrors = {}
          if (!str(a.street)) ae.street = ['required']
          if (!str(a.city)) ae.city = ['required']
          if (!/^\d{2}-\d{3}$/.test(str(a.post_code))) ae.post_code = ['invalid']
          if (str(a.country_code || 'PL') !== 'PL') ae.country_code = ['invalid']
          if (Object.keys(ae).length) r.address = [ae]
        }
      }
      if (Object.keys(r).length) errors.receiver = [r]
    }
    const parcels = Array.isArray(body.parcels) ? (body.parcels as Parcel[]) : null
    if (!parcels?.length) errors.parcels = ['required']
    else if (parcels.some((p) => !isObj(p) || (!p.template && !p.dimensions))) errors.parcels = ['invalid']
    else if (
      service === 'inpost_locker_standard' &&
      parcels.some((p) => !TEMPLATES.includes(p.template as never))
    )
      errors.parcels = [{ template: ['invalid'] }]
    const ca = isObj(body.custom_attributes) ? body.custom_attributes : {}
    if (service === 'inpost_locker_standard') {
      const target = str(ca.target_point)
      const pt = SEED_POINTS.find((p) => p.name === target)
      if (!target) errors.custom_attributes = [{ target_point: ['required'] }]
      else if (!pt || removedPoints.has(target))
        errors.custom_attributes = [{ target_point: ['does_not_exist'] }]
    }
    if (body.reference !== undefined && body.reference !== null) {
      const ref = str(body.reference)
      if (ref.length < 3 || ref.length > 100) errors.reference = ['invalid_length']
    }
    if (isObj(body.insurance) && !(Number(body.insurance.amount) >= 1))
      errors.insurance = [{ amount: ['invalid'] }]
    return { errors, service: SERVICES.includes(service) ? service : undefined }
  }

  // ---- faults --------------------------------------------------------------------------------------------

  /** Applies the first matching fault; true when the response was taken over. */
  function applyFault(op: FaultOp, res: ServerResponse): boolean {
    const f = faults.find((x) => x.remaining > 0 && (x.op === op || x.op === 'any'))
    if (!f) return false
    f.remaining--
    faults = faults.filter((x) => x.remaining > 0)
    if (f.kind === 'timeout') {
      hung.add(res)
      later(f.delayMs, () => {
        hung.delete(res)
        res.destroy()
      })
      return true
    }
    if (f.kind === 'error_5xx') {
      ERR(res, 503, 'service_unavailable', 'Service temporarily unavailable (sandbox fault)')
      return true
    }
    if (f.kind === 'error_4xx_no_details') {
      res.writeHead(400, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ status: 400, error: 'bad_request' }))
      return true
    }
    ERR(
      res,
      400,
      'validation_failed',
      'There are some validation errors. Check details object for more info.',
      {
        custom_attributes: [{ sending_method: ['unavailable'] }],
      },
    )
    return true
  }

  // ---- routes --------------------------------------------------------------------------------------------

  function authorized(r: SandboxRequest, res: ServerResponse): boolean {
    const auth = str(r.headers.authorization)
    const token = auth.startsWith('Bearer ') ? auth.slice(7).trim() : ''
    if (!token || (opts.token && token !== opts.token)) {
      ERR(res, 401, 'token_invalid', 'Token is missing or invalid.')
      return false
    }
    return true
  }

  const sendLabels = async (res: ServerResponse, list: Shipment[], type: string, filename: string) => {
    const size: LabelSize = type === 'A6' ? 'A6' : 'A4'
    const data: LabelData[] = list.map((s) => {
      const r = s.receiver
      const a = isObj(r.address) ? r.address : {}
      const name =
        str(r.name) || [str(r.first_name), str(r.last_name)].filter(Boolean).join(' ') || str(r.company_name)
      return {
        carrier: 'InPost',
        service: s.service,
        trackingNumber: s.trackingNumber!,
        receiver: [
          name,
          str(r.phone),
          str(a.street) && `${str(a.street)} ${str(a.building_number)}`,
          str(a.post_code) && `${str(a.post_code)} ${str(a.city)}`,
        ].filter(Boolean),
        target: str(s.customAttributes.target_point) || null,
        reference: s.reference,
      }
    })
    sendPdf(res, await renderLabels(size, data), filename)
  }

  async function api(r: SandboxRequest, res: ServerResponse, path: string): Promise<boolean> {
    const { method } = r
    const q = r.url.searchParams

    if (method === 'GET' && path === '/v1/statuses') {
      const en = q.get('lang') === 'en_GB'
      return reply(res, 200, {
        href: '/v1/statuses',
        items: (Object.keys(STATUS_TITLES) as Status[]).map((name) => ({
          name,
          title: STATUS_TITLES[name][en ? 1 : 0],
          description: STATUS_TITLES[name][en ? 1 : 0],
        })),
      })
    }

    if (method === 'GET' && path === '/v1/points') {
      if (applyFault('points', res)) return true
      const city = q.get('city')?.toLowerCase()
      const post = q.get('post_code')
      const names = q
        .get('name')
        ?.split(',')
        .map((n) => n.trim().toUpperCase())
      const search = q.get('q')?.toLowerCase()
      const type = q.get('type')
      const perPage = Math.min(Math.max(Number(q.get('per_page')) || 25, 1), 500)
      const page = Math.max(Number(q.get('page')) || 1, 1)
      const items = SEED_POINTS.filter((pt) => !removedPoints.has(pt.name))
        .filter((pt) => !city || pt.city.toLowerCase() === city)
        .filter((pt) => !post || pt.postCode.startsWith(post))
        .filter((pt) => !names || names.includes(pt.name))
        .filter((pt) => !type || type.split(',').includes(pt.type))
        .filter(
          (pt) =>
            !search || `${pt.name} ${pt.city} ${pt.postCode} ${pt.street}`.toLowerCase().includes(search),
        )
      const slice = items.slice((page - 1) * perPage, page * perPage)
      return reply(res, 200, {
        href: '/v1/points',
        count: items.length,
        page,
        per_page: perPage,
        total_pages: Math.max(1, Math.ceil(items.length / perPage)),
        items: slice.map((pt) => pointJson(pt, false)),
      })
    }
    const pointMatch = path.match(/^\/v1\/points\/([A-Za-z0-9_-]+)$/)
    if (method === 'GET' && pointMatch) {
      const pt = SEED_POINTS.find((p) => p.name === pointMatch[1]!.toUpperCase())
      if (!pt || removedPoints.has(pt.name)) return ERR(res, 404, 'resource_not_found', 'Point not found.')
      return reply(res, 200, pointJson(pt, false))
    }

    if (!authorized(r, res)) return true

    const orgMatch = path.match(/^\/v1\/organizations\/(\d+)\/shipments(\/labels)?$/)
    if (orgMatch) {
      if (Number(orgMatch[1]) !== orgId) return ERR(res, 403, 'access_forbidden', 'Access forbidden.')
      if (method === 'POST' && !orgMatch[2]) {
        if (applyFault('create', res)) return true
        const body = json(r.rawBody)
        if (!isObj(body)) return ERR(res, 400, 'invalid_json', 'Request body is not valid JSON.')
        const ca = isObj(body.custom_attributes) ? body.custom_attributes : {}
        if (str(ca.sending_method) === 'pop') {
          ERR(
            res,
            400,
            'validation_failed',
            'There are some validation errors. Check details object for more info.',
            {
              custom_attributes: [{ sending_method: ['unavailable'] }],
            },
          )
          return true
        }
        const { errors, service } = validate(body)
        if (Object.keys(errors).length || !service) {
          ERR(
            res,
            400,
            'validation_failed',
            'There are some validation errors. Check details object for more info.',
            errors,
          )
          return true
        }
        const now = new Date().toISOString()
        const ins = isObj(body.insurance) ? body.insurance : null
        const s: Shipment = {
          id: nextId++,
          status: 'created',
          service,
          trackingNumber: null,
          reference: body.reference ? str(body.reference) : null,
          receiver: body.receiver as Record<string, unknown>,
          parcels: body.parcels as Parcel[],
          customAttributes: ca,
          insurance: ins ? { amount: Number(ins.amount), currency: str(ins.currency) || 'PLN' } : null,
          offers: [],
          createdAt: now,
          updatedAt: now,
          history: [{ status: 'created', at: now }],
        }
        shipments.set(s.id, s)
        startAsync(s)
        log(
          `[inpost] shipment ${s.id} created (${service}${ca.target_point ? ` -> ${str(ca.target_point)}` : ''})`,
        )
        return reply(res, 201, shipmentJson(s))
      }
      if (method === 'GET' && !orgMatch[2]) {
        const list = [...shipments.values()]
          .filter((s) => !q.get('reference') || s.reference === q.get('reference'))
          .filter((s) => !q.get('tracking_number') || s.trackingNumber === q.get('tracking_number'))
          .filter((s) => !q.get('status') || s.status === q.get('status'))
          .reverse()
        return reply(res, 200, {
          href: path,
          count: list.length,
          page: 1,
          per_page: list.length,
          items: list.map(shipmentJson),
        })
      }
      if (method === 'GET' && orgMatch[2]) {
        if (applyFault('labels', res)) return true
        const ids = [...q.getAll('shipment_ids[]'), ...q.getAll('shipment_ids')]
          .flatMap((v) => v.split(','))
          .map(Number)
        if (!ids.length) return ERR(res, 400, 'invalid_parameter', 'shipment_ids is required', null)
        if (ids.length > 100)
          return ERR(res, 400, 'invalid_parameter', 'At most 100 shipments per request', null)
        const list = ids.map((id) => shipments.get(id))
        if (list.some((s) => !s)) return ERR(res, 404, 'resource_not_found', 'Shipment not found.')
        if (list.some((s) => !s!.trackingNumber || s!.status === 'canceled'))
          return ERR(res, 400, 'invalid_action', 'Action not allowed for shipment in current status.')
        await sendLabels(res, list as Shipment[], q.get('type') ?? 'normal', 'labels.pdf')
        return true
      }
    }

    const m = path.match(/^\/v1\/shipments\/(\d+)(\/label|\/buy)?$/)
    if (m) {
      const s = shipments.get(Number(m[1]))
      const sub = m[2]
      if (method === 'GET' && !sub && applyFault('get', res)) return true
      if (method === 'GET' && sub === '/label' && applyFault('label', res)) return true
      if (method === 'DELETE' && applyFault('cancel', res)) return true
      if (!s) return ERR(res, 404, 'resource_not_found', 'Shipment not found.')
      if (method === 'GET' && !sub) return reply(res, 200, shipmentJson(s))
      if (method === 'GET' && sub === '/label') {
        if (!s.trackingNumber || s.status === 'canceled')
          return ERR(res, 400, 'invalid_action', 'Action not allowed for shipment in current status.')
        const type = q.get('type') ?? (s.service === 'inpost_courier_standard' ? 'A6' : 'normal')
        if (!['normal', 'A6'].includes(type) || (q.get('format') ?? 'Pdf').toLowerCase() !== 'pdf')
          return ERR(res, 400, 'invalid_parameter', 'Unsupported label format or type.')
        await sendLabels(res, [s], type, `${s.trackingNumber}.pdf`)
        return true
      }
      if (method === 'POST' && sub === '/buy') {
        if (s.status !== 'offers_prepared')
          return ERR(res, 400, 'invalid_action', 'Action not allowed for shipment in current status.')
        setStatus(s, 'offer_selected', false)
        setStatus(s, 'confirmed')
        return reply(res, 200, shipmentJson(s))
      }
      if (method === 'DELETE' && !sub) {
        if (!['created', 'offers_prepared', 'offer_selected', 'confirmed'].includes(s.status))
          return ERR(res, 400, 'invalid_action', 'Action not allowed for shipment in current status.')
        setStatus(s, 'canceled')
        res.writeHead(204).end()
        return true
      }
    }
    const t = path.match(/^\/v1\/tracking\/(\d+)$/)
    if (method === 'GET' && t) {
      const s = [...shipments.values()].find((x) => x.trackingNumber === t[1])
      if (!s) return ERR(res, 404, 'resource_not_found', 'Tracking number not found.')
      return reply(res, 200, {
        tracking_number: s.trackingNumber,
        service: s.service,
        status: s.status,
        tracking_details: [...s.history].reverse().map((h) => ({ status: h.status, datetime: h.at })),
      })
    }
    ERR(res, 404, 'resource_not_found', `No such route: ${method} ${path}`)
    return true
  }

  async function control(r: SandboxRequest, res: ServerResponse, path: string): Promise<boolean> {
    const body = json(r.rawBody)
    const b = isObj(body) ? body : {}
    if (r.method === 'POST' && path === 'reset') {
      generation++
      for (const t of timers) clearTimeout(t)
      timers.clear()
      shipments = new Map()
      removedPoints = new Set()
      faults = []
      deliveries = []
      statusClockMs = opts.statusClockMs ?? 0
      return reply(res, 200, { ok: true })
    }
    if (path === 'webhook-endpoint') {
      if (r.method === 'PUT') webhookUrl = str(b.url) || null
      return reply(res, 200, { url: webhookUrl })
    }
    if (r.method === 'POST' && path === 'clock') {
      statusClockMs = Math.max(0, Number(b.statusClockMs) || 0)
      for (const s of shipments.values())
        if (statusClockMs > 0 && chainOf(s).includes(s.status)) scheduleClock(s)
      return reply(res, 200, { statusClockMs })
    }
    if (r.method === 'POST' && path === 'faults') {
      const kind = str(b.kind) as FaultKind
      if (!['error_5xx', 'timeout', 'error_4xx_no_details', 'sending_method_unavailable'].includes(kind))
        return reply(res, 400, { error: `unknown fault kind ${kind}` })
      const f: Fault = {
        kind,
        op: (str(b.op) || 'any') as FaultOp,
        remaining: Math.max(1, Number(b.count) || 1),
        delayMs: Number(b.delayMs) || 30_000,
      }
      faults.push(f)
      return reply(res, 200, { faults })
    }
    if (r.method === 'GET' && path === 'shipments')
      return reply(res, 200, {
        data: [...shipments.values()].reverse().map((s) => ({ ...shipmentJson(s), history: s.history })),
      })
    if (r.method === 'GET' && path === 'webhooks')
      return reply(res, 200, {
        data: deliveries.map(({ body: raw, ...d }) => ({ ...d, payload: JSON.parse(raw) })),
      })
    const pm = path.match(/^points\/([A-Za-z0-9_-]+)\/(remove|restore)$/)
    if (r.method === 'POST' && pm) {
      if (pm[2] === 'remove') removedPoints.add(pm[1]!.toUpperCase())
      else removedPoints.delete(pm[1]!.toUpperCase())
      return reply(res, 200, { removed: [...removedPoints] })
    }
    const sm = path.match(/^shipments\/(\d+)\/(advance|webhook)$/)
    if (r.method === 'POST' && sm) {
      const s = shipments.get(Number(sm[1]))
      if (!s) return reply(res, 404, { error: 'no such shipment' })
      const to = str(b.to ?? b.status) as Status
      if (sm[2] === 'webhook') {
        // a stray (late, duplicate, foreign) delivery: the shipment itself does not change
        const d = emitWebhook(s, str(b.event) || 'shipment_status_changed', to || s.status)
        return reply(res, 200, { delivery: d.id })
      }
      if (to === 'returned_to_sender' || to === 'canceled') {
        setStatus(s, to)
        return reply(res, 200, shipmentJson(s))
      }
      const chain = chainOf(s)
      const target = chain.indexOf(to)
      if (target < 0) return reply(res, 400, { error: `cannot advance to ${to} (${chain.join(', ')})` })
      if (s.status === 'created' || s.status === 'offers_prepared' || s.status === 'offer_selected') {
        if (!s.offers.length)
          s.offers = [
            {
              id: s.id * 10 + 1,
              service: { id: s.service },
              status: 'available',
              rate: 13.99,
              currency: 'PLN',
            },
          ]
        setStatus(s, 'confirmed')
      }
      const from = chain.indexOf(s.status)
      if (from < 0) return reply(res, 409, { error: `shipment is ${s.status}` })
      const skip = b.intermediate === false
      for (let i = from + 1; i <= target; i++) setStatus(s, chain[i]!, !skip || i === target)
      return reply(res, 200, shipmentJson(s))
    }
    sendJson(res, 404, { error: `no such control route ${r.method} ${path}` })
    return true
  }

  return {
    name: 'inpost',
    async handle(r, res) {
      const p = r.url.pathname
      if (p.startsWith('/inpost/')) return api(r, res, p.slice('/inpost'.length))
      if (p.startsWith('/_sandbox/inpost/')) return control(r, res, p.slice('/_sandbox/inpost/'.length))
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
