// Control API for tests and demos under /_sandbox/payu/: JSON in, JSON out. Never subject to faults.
import type { ServerResponse } from 'node:http'
import type { Faults } from '../lib/faults.ts'
import { type SandboxRequest, sendJson } from '../lib/http.ts'
import { banks } from './api.ts'
import type { PayuCore, PosConfig } from './core.ts'
import { PayuError } from './errors.ts'
import { type Notification, type Order, type OrderStatus, renderOrder, renderRefund } from './model.ts'
import { type Forgery, forgeries, type Notifier } from './notify.ts'
import { blikOk } from './page.ts'

export type ControlDeps = {
  core: () => PayuCore
  notifier: Notifier
  faults: Faults
  reset: () => void
}

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

type Body = Record<string, unknown>

function parseBody(r: SandboxRequest): Body {
  const text = r.rawBody.toString('utf8').trim()
  if (!text) return {}
  try {
    const v = JSON.parse(text)
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Body
  } catch {}
  throw new ControlError(400, 'body must be a JSON object')
}

export function summarizeNotification(n: Notification) {
  return {
    id: n.id,
    kind: n.kind,
    orderId: n.orderId,
    refundId: n.refundId,
    status: n.status,
    url: n.url,
    createdAt: n.createdAt.toISOString(),
    delivered: n.delivered,
    held: n.held,
    attempts: n.attempts,
    lastStatus: n.lastStatus,
    lastError: n.lastError,
    nextRetryAt: n.nextRetryAt ? new Date(n.nextRetryAt).toISOString() : null,
    rawBody: n.body,
    body: JSON.parse(n.body) as unknown,
  }
}

function summarizeOrder(o: Order, core: PayuCore) {
  return {
    order: renderOrder(o),
    redirectUri: core.redirectUri(o),
    continueUrl: o.continueUrl,
    payment: o.payment,
    paymentId: o.paymentId,
    secondPaymentOf: o.secondPaymentOf,
    refunds: core.refundsOf(o).map(renderRefund),
  }
}

const orderStatuses: OrderStatus[] = ['PENDING', 'WAITING_FOR_CONFIRMATION', 'COMPLETED', 'CANCELED']

type Handler = (ctx: {
  m: RegExpExecArray
  body: Body
  r: SandboxRequest
  deps: ControlDeps
  core: PayuCore
}) => unknown

function configPatch(body: Body): Partial<PosConfig> {
  const patch: Partial<PosConfig> = {}
  if (body.autoReceive !== undefined) {
    if (typeof body.autoReceive !== 'boolean') throw new ControlError(400, 'autoReceive must be a boolean')
    patch.autoReceive = body.autoReceive
  }
  if (body.signatureAlgorithm !== undefined) {
    if (body.signatureAlgorithm !== 'MD5' && body.signatureAlgorithm !== 'SHA-256')
      throw new ControlError(400, "signatureAlgorithm must be 'MD5' or 'SHA-256'")
    patch.signatureAlgorithm = body.signatureAlgorithm
  }
  if (body.secondKey !== undefined) {
    if (typeof body.secondKey !== 'string' || !body.secondKey)
      throw new ControlError(400, 'secondKey must be a string')
    patch.secondKey = body.secondKey
  }
  if (body.tokenLifetimeSeconds !== undefined) {
    const n = Number(body.tokenLifetimeSeconds)
    if (!Number.isInteger(n) || n < 1)
      throw new ControlError(400, 'tokenLifetimeSeconds must be a positive integer')
    patch.tokenLifetimeSeconds = n
  }
  if (body.refundAutoFinalizeMs !== undefined) {
    const v = body.refundAutoFinalizeMs
    if (v !== null && (typeof v !== 'number' || v < 0))
      throw new ControlError(400, 'refundAutoFinalizeMs must be a number >= 0 or null (manual)')
    patch.refundAutoFinalizeMs = v
  }
  if (body.defaultNotifyUrl !== undefined) {
    const v = body.defaultNotifyUrl
    if (v !== null && (typeof v !== 'string' || !URL.canParse(v)))
      throw new ControlError(400, 'defaultNotifyUrl must be a url or null')
    patch.defaultNotifyUrl = v
  }
  return patch
}

const publicConfig = (c: PosConfig) => ({
  ...c,
  clientSecret: '(set)',
  secondKey: `${c.secondKey.slice(0, 4)}…`,
})

function notifications(deps: ControlDeps, ids: unknown): Notification[] {
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string'))
    throw new ControlError(400, 'ids must be an array of notification ids')
  return ids.map((id) => deps.core().notification(id))
}

const routes: [method: string, pattern: RegExp, handler: Handler][] = [
  [
    'GET',
    /^config$/,
    ({ core, deps }) => ({
      config: publicConfig(core.config),
      hold: deps.notifier.hold,
      faults: deps.faults.all(),
    }),
  ],
  [
    'POST',
    /^config$/,
    ({ body, core }) => {
      core.config = { ...core.config, ...configPatch(body) }
      return { config: publicConfig(core.config) }
    },
  ],
  [
    'POST',
    /^tokens\/expire$/,
    ({ body, core }) => {
      if (body.token !== undefined && typeof body.token !== 'string')
        throw new ControlError(400, 'token must be a string')
      return { expired: core.expireTokens(body.token as string | undefined) }
    },
  ],
  [
    'GET',
    /^notifications$/,
    ({ r, core }) => {
      const q = r.url.searchParams
      const list = [...core.state.notifications.values()].filter(
        (n) =>
          (!q.get('orderId') || n.orderId === q.get('orderId')) &&
          (!q.get('kind') || n.kind === q.get('kind')) &&
          (!q.get('status') || n.status === q.get('status')),
      )
      return { data: list.map(summarizeNotification) }
    },
  ],
  [
    'GET',
    /^notifications\/([^/]+)$/,
    ({ m, core, deps }) => {
      const n = core.notification(m[1]!)
      return {
        ...summarizeNotification(n),
        deliveries: deps.notifier.deliveries.filter((d) => d.notificationId === n.id),
      }
    },
  ],
  [
    'GET',
    /^deliveries$/,
    ({ r, deps }) => {
      const id = r.url.searchParams.get('notification')
      return { data: deps.notifier.deliveries.filter((d) => !id || d.notificationId === id) }
    },
  ],
  [
    'POST',
    /^notifications\/([^/]+)\/redeliver$/,
    async ({ m, body, core, deps }) => {
      const n = core.notification(m[1]!)
      const times = body.times === undefined ? 1 : Number(body.times)
      if (!Number.isInteger(times) || times < 1 || times > 100)
        throw new ControlError(400, 'times must be 1-100')
      const deliveries = await deps.notifier.redeliver(n, times, body.concurrent === true)
      return { notification: n.id, statuses: deliveries.map((d) => d.httpStatus), deliveries }
    },
  ],
  [
    'POST',
    /^notifications\/([^/]+)\/forge$/,
    async ({ m, body, core, deps }) => {
      const n = core.notification(m[1]!)
      const forgery = body.forgery as Forgery
      if (!forgeries.includes(forgery))
        throw new ControlError(400, `forgery must be one of ${forgeries.join(', ')}`)
      let other: Notification | null = null
      if (forgery === 'other-order') {
        if (typeof body.otherId !== 'string')
          throw new ControlError(400, 'other-order needs otherId: the notification whose signature is sent')
        other = core.notification(body.otherId)
        if (other.orderId === n.orderId)
          throw new ControlError(400, 'otherId must be a notification of another order')
      }
      const delivery = await deps.notifier.forge(n, forgery, other)
      return { notification: n.id, forgery, httpStatus: delivery.httpStatus, delivery }
    },
  ],
  [
    'POST',
    /^deliver$/,
    async ({ body, deps }) => {
      const deliveries = await deps.notifier.deliverInOrder(notifications(deps, body.ids))
      return { statuses: deliveries.map((d) => d.httpStatus), deliveries }
    },
  ],
  [
    'POST',
    /^hold$/,
    ({ body, deps }) => {
      if (typeof body.enabled !== 'boolean') throw new ControlError(400, 'enabled must be a boolean')
      deps.notifier.hold = body.enabled
      return { hold: deps.notifier.hold }
    },
  ],
  [
    'POST',
    /^release$/,
    async ({ body, core, deps }) => {
      const list =
        body.ids === undefined ? [...core.state.notifications.values()] : notifications(deps, body.ids)
      const deliveries = await deps.notifier.release(list)
      return { hold: deps.notifier.hold, released: deliveries.map((d) => d.notificationId), deliveries }
    },
  ],
  ['GET', /^faults$/, ({ deps }) => ({ faults: deps.faults.all() })],
  [
    'POST',
    /^faults$/,
    ({ body, deps }) => {
      try {
        deps.faults.add(body)
      } catch (err) {
        throw new ControlError(400, (err as Error).message)
      }
      return { faults: deps.faults.all() }
    },
  ],
  [
    'DELETE',
    /^faults$/,
    ({ deps }) => {
      deps.faults.clear()
      return { faults: [] }
    },
  ],
  [
    'GET',
    /^orders$/,
    ({ r, core }) => {
      const prefix = r.url.searchParams.get('extOrderId')
      const list = [...core.state.orders.values()].filter(
        (o) => !prefix || (o.extOrderId ?? '').startsWith(prefix),
      )
      return { data: list.map((o) => summarizeOrder(o, core)) }
    },
  ],
  ['GET', /^orders\/([^/]+)$/, ({ m, core }) => summarizeOrder(core.order(m[1]!), core)],
  [
    'POST',
    /^orders\/([^/]+)\/pay$/,
    ({ m, body, core }) => {
      const o = core.order(m[1]!)
      const method = body.method ?? 'blik'
      const outcome = body.outcome ?? 'success'
      if (outcome !== 'success' && outcome !== 'failure' && outcome !== 'pending')
        throw new ControlError(400, "outcome must be 'success', 'failure' or 'pending'")
      if (method === 'blik') {
        if (outcome === 'pending')
          throw new ControlError(400, "BLIK is decided at once: outcome 'success' or 'failure'")
        const code = outcome === 'success' ? '777123' : '111111'
        core.startPayment(o, { value: 'blik', flow: 'BLIK_PBL', blikCode: code })
        if (blikOk.test(code)) core.authorize(o)
        else core.decline(o)
      } else if (method === 'pbl') {
        const bank = typeof body.bank === 'string' ? body.bank : 'm'
        if (!banks.some((b) => b.value === bank))
          throw new ControlError(400, `bank must be one of ${banks.map((b) => b.value).join(', ')}`)
        core.startPayment(o, { value: bank, flow: 'PBL' })
        if (outcome === 'success') core.authorize(o)
        else if (outcome === 'failure') core.decline(o)
      } else throw new ControlError(400, "method must be 'blik' or 'pbl'")
      return summarizeOrder(o, core)
    },
  ],
  [
    'POST',
    /^orders\/([^/]+)\/status$/,
    ({ m, body, core }) => {
      const o = core.order(m[1]!)
      const status = body.status as OrderStatus
      if (!orderStatuses.includes(status))
        throw new ControlError(400, `status must be one of ${orderStatuses.join(', ')}`)
      core.setStatus(o, status)
      return summarizeOrder(o, core)
    },
  ],
  [
    'POST',
    /^orders\/([^/]+)\/expire$/,
    ({ m, core }) => {
      const o = core.order(m[1]!)
      core.cancel(o)
      return summarizeOrder(o, core)
    },
  ],
  [
    'POST',
    /^orders\/([^/]+)\/second-payment$/,
    ({ m, body, core }) => {
      const first = core.order(m[1]!)
      if (body.extOrderId !== undefined && typeof body.extOrderId !== 'string')
        throw new ControlError(400, 'extOrderId must be a string')
      const status = body.status ?? 'COMPLETED'
      if (status !== 'COMPLETED' && status !== 'CANCELED')
        throw new ControlError(400, "status must be 'COMPLETED' or 'CANCELED'")
      const method =
        body.method === 'pbl'
          ? { value: 'm', flow: 'PBL' as const }
          : { value: 'blik', flow: 'BLIK_PBL' as const }
      const o = core.secondPayment(first, (body.extOrderId as string | undefined) ?? null, status, method)
      return summarizeOrder(o, core)
    },
  ],
  [
    'GET',
    /^refunds$/,
    ({ core }) => ({
      data: [...core.state.refunds.values()].map((r) => ({ orderId: r.orderId, ...renderRefund(r) })),
    }),
  ],
  [
    'POST',
    /^refunds\/([^/]+)\/(finalize|cancel)$/,
    ({ m, core }) => {
      const r = core.refund(m[1]!)
      core.settleRefund(r, m[2] === 'finalize' ? 'FINALIZED' : 'CANCELED')
      return { orderId: r.orderId, refund: renderRefund(r) }
    },
  ],
  [
    'POST',
    /^reset$/,
    ({ deps }) => {
      deps.reset()
      return { ok: true }
    },
  ],
]

export async function handleControl(
  r: SandboxRequest,
  res: ServerResponse,
  deps: ControlDeps,
): Promise<void> {
  const path = r.url.pathname.replace(/^\/_sandbox\/payu\/?/, '').replace(/\/$/, '')
  const method = r.method.toUpperCase()
  try {
    for (const [verb, pattern, handler] of routes) {
      const m = verb === method ? pattern.exec(path) : null
      if (!m) continue
      const body = method === 'POST' ? parseBody(r) : {}
      sendJson(res, 200, await handler({ m, body, r, deps, core: deps.core() }))
      return
    }
    throw new ControlError(404, `No such control route: ${method} /_sandbox/payu/${path}`)
  } catch (err) {
    if (err instanceof ControlError) return sendJson(res, err.status, { error: { message: err.message } })
    if (err instanceof PayuError) return sendJson(res, err.httpStatus, err.toJSON())
    throw err
  }
}
