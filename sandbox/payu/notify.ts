// Notification delivery the way PayU does it: a signed POST of the document to the order's notifyUrl, resent
// until the receiver answers HTTP 200, on PayU's schedule. Each notification has its own retry chain.
import http from 'node:http'
import https from 'node:https'
import type { Notification } from './model.ts'
import { type Scheduler, type SignatureAlgorithm, signNotification } from './util.ts'

/**
 * PayU's published resend schedule, as minutes after the previous attempt (attempt 1 is immediate):
 * 1m, 2m, 5m, 10m, 30m, 1h, 2h, 3h, 6h, 9h, 12h, 15h, 18h, 21h, 24h, 36h, 48h, 60h, 72h.
 */
export const retryScheduleMinutes = [
  1, 2, 5, 10, 30, 60, 120, 180, 360, 540, 720, 900, 1080, 1260, 1440, 2160, 2880, 3600, 4320,
]

export type DeliveryTrigger = 'automatic' | 'retry' | 'redeliver' | 'batch' | 'release' | 'forged'

/** Ways a forged notification is wrong (the receiver must refuse every one and record it). */
export const forgeries = [
  'unsigned',
  'wrong-key',
  'wrong-algorithm',
  'unknown-algorithm',
  'altered-body',
  'other-order',
] as const
export type Forgery = (typeof forgeries)[number]

export type Delivery = {
  notificationId: string
  kind: Notification['kind']
  status: string
  attempt: number
  trigger: DeliveryTrigger
  url: string
  at: string
  httpStatus: number | null
  error: string | null
  durationMs: number
  ok: boolean
  algorithm: SignatureAlgorithm
  forgery?: Forgery
}

export type NotifierOptions = {
  /** How long "one minute" of PayU's schedule lasts here. */
  minuteMs: number
  deliveryTimeoutMs: number
  signing: () => { secondKey: string; algorithm: SignatureAlgorithm }
}

export class Notifier {
  hold = false
  deliveries: Delivery[] = []
  private automaticAttempts = new Map<string, number>()
  private retryTimers = new Map<string, NodeJS.Timeout>()
  private inflight = new Set<http.ClientRequest>()
  private generation = 0

  constructor(
    private opts: NotifierOptions,
    private scheduler: Scheduler,
  ) {}

  dispatch(n: Notification) {
    if (this.hold) {
      n.held = true
      return
    }
    void this.automatic(n, 'automatic')
  }

  private async automatic(n: Notification, trigger: DeliveryTrigger): Promise<Delivery | null> {
    if (n.delivered) return null
    const generation = this.generation
    const count = (this.automaticAttempts.get(n.id) ?? 0) + 1
    this.automaticAttempts.set(n.id, count)
    const d = await this.attempt(n, trigger)
    // a reset while the attempt was in flight ends this chain
    if (n.delivered || this.scheduler.isClosed || generation !== this.generation) return d
    const minutes = retryScheduleMinutes[count - 1]
    if (minutes === undefined) {
      n.nextRetryAt = null
      return d
    }
    const delay = Math.round(minutes * this.opts.minuteMs)
    n.nextRetryAt = Date.now() + delay
    const timer = this.scheduler.later(delay, async () => {
      this.retryTimers.delete(n.id)
      await this.automatic(n, 'retry')
    })
    if (timer) this.retryTimers.set(n.id, timer)
    return d
  }

  /** One signed POST, recorded whatever the outcome. Only HTTP 200 counts as received. */
  async attempt(n: Notification, trigger: DeliveryTrigger): Promise<Delivery> {
    const generation = this.generation
    n.attempts += 1
    const attempt = n.attempts
    const startedAt = Date.now()
    const { secondKey, algorithm } = this.opts.signing()
    const signature = signNotification(n.body, secondKey, algorithm)
    const result = await this.post(n.url, n.body, {
      'content-type': 'application/json;charset=UTF-8',
      'openpayu-signature': signature,
      'x-openpayu-signature': signature,
      'user-agent': 'PayU-Notifier/2.1 (sandbox)',
      accept: '*/*',
    })
    const ok = result.status === 200
    const d: Delivery = {
      notificationId: n.id,
      kind: n.kind,
      status: n.status,
      attempt,
      trigger,
      url: n.url,
      at: new Date(startedAt).toISOString(),
      httpStatus: result.status,
      error: result.error,
      durationMs: Date.now() - startedAt,
      ok,
      algorithm,
    }
    if (generation !== this.generation) return d
    this.deliveries.push(d)
    n.lastStatus = result.status
    n.lastError = result.error
    if (ok) {
      n.delivered = true
      n.nextRetryAt = null
      this.scheduler.cancel(this.retryTimers.get(n.id))
      this.retryTimers.delete(n.id)
    }
    return d
  }

  /**
   * Sends a forged copy of a notification. It changes nothing about the real one (still delivered or retried as
   * before); the attempt is recorded with trigger 'forged'.
   */
  async forge(n: Notification, forgery: Forgery, other: Notification | null): Promise<Delivery> {
    const { secondKey, algorithm } = this.opts.signing()
    const otherAlgorithm: SignatureAlgorithm = algorithm === 'MD5' ? 'SHA-256' : 'MD5'
    let body = n.body
    let signature: string | null = signNotification(body, secondKey, algorithm)
    if (forgery === 'unsigned') signature = null
    else if (forgery === 'wrong-key') signature = signNotification(body, 'f'.repeat(32), algorithm)
    else if (forgery === 'wrong-algorithm')
      signature = signature.replace(`algorithm=${algorithm}`, `algorithm=${otherAlgorithm}`)
    else if (forgery === 'unknown-algorithm')
      signature = signature.replace(`algorithm=${algorithm}`, 'algorithm=CRC32')
    else if (forgery === 'altered-body') {
      const doc = JSON.parse(body) as { order?: { totalAmount: string }; refund?: { amount: string } }
      if (doc.order) doc.order.totalAmount = '1'
      if (doc.refund) doc.refund.amount = String(Number(doc.refund.amount) * 10)
      body = JSON.stringify(doc)
    } else if (forgery === 'other-order') {
      if (!other) throw new Error('other-order needs another notification')
      signature = signNotification(other.body, secondKey, algorithm)
    }
    const startedAt = Date.now()
    const headers: Record<string, string> = {
      'content-type': 'application/json;charset=UTF-8',
      'user-agent': 'PayU-Notifier/2.1 (sandbox)',
      accept: '*/*',
    }
    if (signature) {
      headers['openpayu-signature'] = signature
      headers['x-openpayu-signature'] = signature
    }
    const result = await this.post(n.url, body, headers)
    const d: Delivery = {
      notificationId: n.id,
      kind: n.kind,
      status: n.status,
      attempt: 0,
      trigger: 'forged',
      url: n.url,
      at: new Date(startedAt).toISOString(),
      httpStatus: result.status,
      error: result.error,
      durationMs: Date.now() - startedAt,
      ok: result.status === 200,
      algorithm,
      forgery,
    }
    this.deliveries.push(d)
    return d
  }

  /** Sends the same notification `times` times, all at once when `concurrent`. */
  async redeliver(n: Notification, times: number, concurrent: boolean): Promise<Delivery[]> {
    if (concurrent) return Promise.all(Array.from({ length: times }, () => this.attempt(n, 'redeliver')))
    const out: Delivery[] = []
    for (let i = 0; i < times; i++) out.push(await this.attempt(n, 'redeliver'))
    return out
  }

  /** Sends notifications one after another in the given order (out-of-order delivery). */
  async deliverInOrder(list: Notification[]): Promise<Delivery[]> {
    const out: Delivery[] = []
    for (const n of list) {
      n.held = false
      out.push(await this.attempt(n, 'batch'))
    }
    return out
  }

  /** Stops holding; held notifications go out in creation order (or `order`), then retry as usual. */
  async release(list: Notification[]): Promise<Delivery[]> {
    this.hold = false
    const out: Delivery[] = []
    for (const n of list) {
      if (!n.held) continue
      n.held = false
      const d = await this.automatic(n, 'release')
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
        resolve({ status: null, error: `invalid notifyUrl: ${url}` })
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

  reset() {
    this.generation += 1
    this.close()
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
