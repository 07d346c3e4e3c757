// Control API for tests and demos under /_sandbox/stripe/: JSON in, JSON out. Never subject to faults.
import type { ServerResponse } from 'node:http'
import type { Faults } from '../lib/faults.ts'
import { type SandboxRequest, sendJson } from '../lib/http.ts'
import type { StripeCore } from './core.ts'
import { StripeError } from './errors.ts'
import { renderCharge, renderDispute, renderEvent, renderSession, type StoredEvent } from './model.ts'
import type { WebhookDispatcher } from './webhooks.ts'

export type ControlDeps = {
  core: () => StripeCore
  webhooks: WebhookDispatcher
  faults: Faults
  apiVersion: string
  pendingWebhooks: (e: StoredEvent) => number
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

function summarize(e: StoredEvent, deps: ControlDeps) {
  return {
    id: e.id,
    type: e.type,
    created: e.created,
    objectId: (e.object.id as string | undefined) ?? null,
    delivered: e.delivered,
    held: e.held,
    attempts: e.attempts,
    lastStatus: e.lastStatus,
    lastError: e.lastError,
    nextRetryAt: e.nextRetryAt ? new Date(e.nextRetryAt).toISOString() : null,
    event: renderEvent(e, deps.apiVersion, deps.pendingWebhooks(e)),
  }
}

function event(deps: ControlDeps, id: string): StoredEvent {
  const e = deps.core().state.events.get(id)
  if (!e) throw new ControlError(404, `No such event: ${id}`)
  return e
}

function requireEndpoint(deps: ControlDeps) {
  if (!deps.webhooks.endpoint.url) {
    throw new ControlError(
      409,
      'No webhook endpoint configured: POST /_sandbox/stripe/webhook-endpoint {url, secret} first',
    )
  }
}

type Handler = (ctx: {
  m: RegExpExecArray
  body: Body
  r: SandboxRequest
  deps: ControlDeps
  core: StripeCore
}) => unknown

const routes: [method: string, pattern: RegExp, handler: Handler][] = [
  [
    'GET',
    /^events$/,
    ({ r, core, deps }) => {
      const type = r.url.searchParams.get('type')
      const events = [...core.state.events.values()].reverse().filter((e) => !type || e.type === type)
      return { data: events.map((e) => summarize(e, deps)) }
    },
  ],
  [
    'GET',
    /^events\/([^/]+)$/,
    ({ m, deps }) => {
      const e = event(deps, m[1]!)
      return { ...summarize(e, deps), deliveries: deps.webhooks.deliveries.filter((d) => d.eventId === e.id) }
    },
  ],
  [
    'GET',
    /^deliveries$/,
    ({ r, deps }) => {
      const id = r.url.searchParams.get('event')
      return { data: deps.webhooks.deliveries.filter((d) => !id || d.eventId === id) }
    },
  ],
  [
    'GET',
    /^config$/,
    ({ deps }) => ({
      webhookEndpoint: deps.webhooks.endpoint,
      hold: deps.webhooks.hold,
      faults: deps.faults.all(),
    }),
  ],
  [
    'POST',
    /^webhook-endpoint$/,
    ({ body, deps }) => {
      const url = body.url === null ? null : typeof body.url === 'string' ? body.url : undefined
      if (url === undefined)
        throw new ControlError(400, 'url must be a string (or null to remove the endpoint)')
      if (url !== null && !URL.canParse(url)) throw new ControlError(400, `not a valid url: ${url}`)
      if (body.secret !== undefined && typeof body.secret !== 'string')
        throw new ControlError(400, 'secret must be a string')
      deps.webhooks.endpoint = {
        url,
        secret: (body.secret as string | undefined) ?? deps.webhooks.endpoint.secret,
      }
      return deps.webhooks.endpoint
    },
  ],
  [
    'POST',
    /^events\/([^/]+)\/redeliver$/,
    async ({ m, body, deps }) => {
      const e = event(deps, m[1]!)
      requireEndpoint(deps)
      const times = body.times === undefined ? 1 : Number(body.times)
      if (!Number.isInteger(times) || times < 1 || times > 100)
        throw new ControlError(400, 'times must be 1-100')
      const deliveries = await deps.webhooks.redeliver(e, times, body.concurrent === true)
      return { event: e.id, statuses: deliveries.map((d) => d.status), deliveries }
    },
  ],
  [
    'POST',
    /^deliver$/,
    async ({ body, deps }) => {
      if (!Array.isArray(body.ids) || !body.ids.every((id) => typeof id === 'string')) {
        throw new ControlError(400, 'ids must be an array of event ids')
      }
      const events = (body.ids as string[]).map((id) => event(deps, id))
      requireEndpoint(deps)
      const deliveries = await deps.webhooks.deliverInOrder(events)
      return { statuses: deliveries.map((d) => d.status), deliveries }
    },
  ],
  [
    'POST',
    /^hold$/,
    ({ body, deps }) => {
      if (typeof body.enabled !== 'boolean') throw new ControlError(400, 'enabled must be a boolean')
      deps.webhooks.hold = body.enabled
      return { hold: deps.webhooks.hold }
    },
  ],
  [
    'POST',
    /^release$/,
    async ({ core, deps }) => {
      const deliveries = await deps.webhooks.release([...core.state.events.values()])
      return { hold: deps.webhooks.hold, released: deliveries.map((d) => d.eventId), deliveries }
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
    'POST',
    /^sessions\/([^/]+)\/expire$/,
    ({ m, core }) => renderSession(core.expireSession(core.session(m[1]!))),
  ],
  [
    'POST',
    /^sessions\/([^/]+)\/pay$/,
    ({ m, body, core }) => {
      const s = core.session(m[1]!)
      const email = typeof body.email === 'string' ? body.email : null
      const outcome = body.outcome ?? 'card_success'
      if (outcome === 'card_success') core.payByCard(s, '4242424242424242', email)
      else if (outcome === 'card_declined') core.payByCard(s, '4000000000000002', email)
      else if (outcome === 'async_success') core.payLater(s, 'success', email)
      else if (outcome === 'async_failure') core.payLater(s, 'failure', email)
      else
        throw new ControlError(
          400,
          'outcome must be card_success, card_declined, async_success or async_failure',
        )
      return renderSession(s)
    },
  ],
  [
    'POST',
    /^charges\/([^/]+)\/dispute$/,
    ({ m, body, core }) => {
      const reason = typeof body.reason === 'string' ? body.reason : undefined
      const amount = typeof body.amount === 'number' ? body.amount : undefined
      const d = core.createDispute(m[1]!, { reason, amount })
      return {
        dispute: renderDispute(d, core.state),
        charge: renderCharge(core.charge(d.chargeId), core.state),
      }
    },
  ],
  [
    'POST',
    /^async\/settle$/,
    ({ body, core }) => ({
      sessions: core.settleAsync(typeof body.session === 'string' ? body.session : undefined),
    }),
  ],
  ['POST', /^refunds\/settle$/, ({ core }) => ({ refunds: core.settleRefunds() })],
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
  const path = r.url.pathname.replace(/^\/_sandbox\/stripe\/?/, '').replace(/\/$/, '')
  const method = r.method.toUpperCase()
  try {
    for (const [verb, pattern, handler] of routes) {
      const m = verb === method ? pattern.exec(path) : null
      if (!m) continue
      const body = method === 'POST' ? parseBody(r) : {}
      sendJson(res, 200, await handler({ m, body, r, deps, core: deps.core() }))
      return
    }
    throw new ControlError(404, `No such control route: ${method} /_sandbox/stripe/${path}`)
  } catch (err) {
    if (err instanceof ControlError) return sendJson(res, err.status, { error: { message: err.message } })
    if (err instanceof StripeError) return sendJson(res, err.status, err.toJSON())
    throw err
  }
}
