// Webhook delivery the way Stripe does it: one signed POST per event, retried with exponential backoff
// until a 2xx arrives. Each event has its own retry chain, so one failing event never blocks the others.
import { createHmac } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import { renderEvent, type StoredEvent } from './model.ts'
import { nowSeconds, type Scheduler } from './util.ts'

export type DeliveryTrigger = 'automatic' | 'retry' | 'redeliver' | 'batch' | 'release'

export type Delivery = {
  eventId: string
  eventType: string
  attempt: number
  trigger: DeliveryTrigger
  url: string
  at: string
  status: number | null
  error: string | null
  durationMs: number
  ok: boolean
}

export type WebhookOptions = {
  retryBaseMs: number
  maxDeliveryAttempts: number
  deliveryTimeoutMs: number
  apiVersion: string
}

/** Stripe's scheme: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the whole whsec_ secret>`. */
export function signPayload(body: string, secret: string, timestamp = nowSeconds()): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')
  return `t=${timestamp},v1=${v1}`
}

export class WebhookDispatcher {
  endpoint: { url: string | null; secret: string }
  hold = false
  deliveries: Delivery[] = []
  private automaticAttempts = new Map<string, number>()
  private retryTimers = new Map<string, NodeJS.Timeout>()
  private inflight = new Set<http.ClientRequest>()
  // Attempts still in flight during a reset must not write into the fresh state.
  private generation = 0

  constructor(
    private opts: WebhookOptions,
    private scheduler: Scheduler,
    endpoint: { url: string | null; secret: string },
  ) {
    this.endpoint = { ...endpoint }
  }

  /** Called for every new event, in creation order. */
  dispatch(e: StoredEvent) {
    if (this.hold) {
      e.held = true
      return
    }
    void this.automatic(e, 'automatic')
  }

  private async automatic(e: StoredEvent, trigger: DeliveryTrigger): Promise<Delivery | null> {
    if (!this.endpoint.url || e.delivered) return null
    const n = (this.automaticAttempts.get(e.id) ?? 0) + 1
    this.automaticAttempts.set(e.id, n)
    const d = await this.attempt(e, trigger)
    if (e.delivered || this.scheduler.isClosed) return d
    if (n >= this.opts.maxDeliveryAttempts) {
      e.nextRetryAt = null
      return d
    }
    const jitter = 0.9 + Math.random() * 0.2
    const delay = Math.round(this.opts.retryBaseMs * 2 ** (n - 1) * jitter)
    e.nextRetryAt = Date.now() + delay
    const timer = this.scheduler.later(delay, async () => {
      this.retryTimers.delete(e.id)
      await this.automatic(e, 'retry')
    })
    if (timer) this.retryTimers.set(e.id, timer)
    return d
  }

  /** One signed POST of the event to the current endpoint, recorded whatever the outcome. */
  async attempt(e: StoredEvent, trigger: DeliveryTrigger): Promise<Delivery> {
    const url = this.endpoint.url
    const generation = this.generation
    e.attempts += 1
    const attempt = e.attempts
    const startedAt = Date.now()
    let status: number | null = null
    let error: string | null = null
    if (!url) {
      error = 'no webhook endpoint configured'
    } else {
      const body = JSON.stringify(renderEvent(e, this.opts.apiVersion, e.delivered ? 0 : 1), null, 2)
      const result = await this.post(url, body, {
        'content-type': 'application/json; charset=utf-8',
        'stripe-signature': signPayload(body, this.endpoint.secret),
        'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        accept: '*/*; q=0.5, application/xml',
        'cache-control': 'no-cache',
      })
      status = result.status
      error = result.error
    }
    const ok = status !== null && status >= 200 && status < 300
    const d: Delivery = {
      eventId: e.id,
      eventType: e.type,
      attempt,
      trigger,
      url: url ?? '',
      at: new Date(startedAt).toISOString(),
      status,
      error,
      durationMs: Date.now() - startedAt,
      ok,
    }
    if (generation !== this.generation) return d
    this.deliveries.push(d)
    e.lastStatus = status
    e.lastError = error
    if (ok) {
      e.delivered = true
      e.nextRetryAt = null
      this.scheduler.cancel(this.retryTimers.get(e.id))
      this.retryTimers.delete(e.id)
    }
    return d
  }

  /** Sends the same event `times` times, all at once when `concurrent` (duplicate delivery tests). */
  async redeliver(e: StoredEvent, times: number, concurrent: boolean): Promise<Delivery[]> {
    if (concurrent) return Promise.all(Array.from({ length: times }, () => this.attempt(e, 'redeliver')))
    const out: Delivery[] = []
    for (let i = 0; i < times; i++) out.push(await this.attempt(e, 'redeliver'))
    return out
  }

  /** Sends events one after another in the given order (out-of-order delivery tests). */
  async deliverInOrder(events: StoredEvent[]): Promise<Delivery[]> {
    const out: Delivery[] = []
    for (const e of events) out.push(await this.attempt(e, 'batch'))
    return out
  }

  /** Stops holding and delivers what was held, first attempts in creation order, retries as usual. */
  async release(events: StoredEvent[]): Promise<Delivery[]> {
    this.hold = false
    const out: Delivery[] = []
    for (const e of events) {
      if (!e.held) continue
      e.held = false
      const d = await this.automatic(e, 'release')
      if (d) out.push(d)
    }
    return out
  }

  private post(url: string, body: string, headers: Record<string, string>) {
    return new Promise<{ status: number | null; error: string | null }>((resolve) => {
      let target: URL
      try {
        target = new URL(url)
      } catch {
        resolve({ status: null, error: `invalid webhook url: ${url}` })
        return
      }
      let settled = false
      const finish = (status: number | null, error: string | null) => {
        if (settled) return
        settled = true
        this.scheduler.cancel(timer)
        this.inflight.delete(req)
        resolve({ status, error })
      }
      const client = target.protocol === 'https:' ? https : http
      const req = client.request(
        target,
        {
          method: 'POST',
          agent: false,
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        },
        (res) => {
          res.resume()
          finish(res.statusCode ?? null, null)
        },
      )
      const timer = this.scheduler.later(this.opts.deliveryTimeoutMs, () => {
        req.destroy(new Error(`timed out after ${this.opts.deliveryTimeoutMs} ms`))
      })
      this.inflight.add(req)
      req.on('error', (err) => finish(null, err.message))
      req.end(body)
    })
  }

  reset(endpoint: { url: string | null; secret: string }) {
    this.generation += 1
    this.close()
    this.endpoint = { ...endpoint }
    this.hold = false
    this.deliveries = []
    this.automaticAttempts.clear()
    this.retryTimers.clear()
  }

  close() {
    for (const req of this.inflight) req.destroy(new Error('sandbox closed'))
    this.inflight.clear()
  }
}
