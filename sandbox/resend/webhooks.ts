// Webhook delivery like Svix does it for Resend: one message id per event, signed per attempt,
// retried with exponential backoff and jitter, every attempt recorded.
import http from 'node:http'
import https from 'node:https'
import { newSvixId, svixHeaders } from './svix.ts'

export type Endpoint = { url: string; secret: string }

export type Attempt = {
  attempt: number
  trigger: 'initial' | 'retry' | 'redeliver'
  at: string
  url: string | null
  status: number | null
  ok: boolean
  error: string | null
  durationMs: number
}

export type DeliveryStatus = 'pending' | 'held' | 'retrying' | 'delivered' | 'failed' | 'no_endpoint'

export type Delivery = {
  svixId: string
  type: string
  emailId: string
  createdAt: string
  body: string
  status: DeliveryStatus
  attempts: Attempt[]
  nextAttemptAt: string | null
}

export type DispatcherOptions = {
  endpoint: () => Endpoint | null
  retryBaseMs: number
  maxAttempts: number
  timeoutMs: number
  log: (msg: string) => void
}

type Held = { d: Delivery; n: number; trigger: 'initial' | 'retry' }
export type ReleaseOrder = 'fifo' | 'reverse' | 'shuffle'

export function createDispatcher(opts: DispatcherOptions) {
  let deliveries: Delivery[] = []
  let held: Held[] = []
  let holding = false
  let closed = false
  // Bumped by reset(), so work started before a reset never touches the new state.
  let generation = 0
  const timers = new Set<NodeJS.Timeout>()
  const inflight = new Set<http.ClientRequest>()

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t)
      if (!closed) fn()
    }, ms)
    timers.add(t)
  }

  /** One HTTP POST of the event, freshly signed. Never rejects. */
  function post(d: Delivery, trigger: Attempt['trigger']): Promise<Attempt> {
    const started = Date.now()
    const endpoint = opts.endpoint()
    const base = { attempt: d.attempts.length + 1, trigger, at: new Date(started).toISOString() }
    const record = (a: Omit<Attempt, 'attempt' | 'trigger' | 'at' | 'durationMs'>): Attempt => {
      const attempt: Attempt = {
        ...base,
        ...a,
        attempt: d.attempts.length + 1,
        durationMs: Date.now() - started,
      }
      d.attempts.push(attempt)
      return attempt
    }
    if (!endpoint)
      return Promise.resolve(record({ url: null, status: null, ok: false, error: 'no webhook endpoint' }))
    return new Promise((resolve) => {
      let done = false
      const finish = (status: number | null, error: string | null) => {
        if (done) return
        done = true
        clearTimeout(timer)
        timers.delete(timer)
        inflight.delete(req)
        const ok = status !== null && status >= 200 && status < 300
        resolve(record({ url: endpoint.url, status, ok, error: ok ? null : (error ?? `HTTP ${status}`) }))
      }
      let req: http.ClientRequest
      try {
        const url = new URL(endpoint.url)
        const body = Buffer.from(d.body)
        req = (url.protocol === 'https:' ? https : http).request(url, {
          method: 'POST',
          agent: false,
          headers: {
            'content-type': 'application/json',
            'content-length': String(body.length),
            'user-agent': 'Svix-Webhooks/1.99 (hookline-sandbox)',
            ...svixHeaders(endpoint.secret, d.svixId, d.body),
          },
        })
        req.on('response', (res) => {
          res.resume()
          res.on('end', () => finish(res.statusCode ?? null, null))
          res.on('error', (e) => finish(res.statusCode ?? null, e.message))
        })
        req.on('error', (e) => finish(null, e.message))
        inflight.add(req)
        req.end(body)
      } catch (e) {
        return resolve(record({ url: endpoint.url, status: null, ok: false, error: (e as Error).message }))
      }
      const timer = setTimeout(() => {
        req.destroy()
        finish(null, `timeout after ${opts.timeoutMs} ms`)
      }, opts.timeoutMs)
      timers.add(timer)
    })
  }

  /** Attempt number `n` of the svix retry schedule; schedules the next one on failure. */
  async function run(d: Delivery, n: number, trigger: 'initial' | 'retry'): Promise<void> {
    const gen = generation
    if (closed) return
    if (holding) {
      d.status = 'held'
      d.nextAttemptAt = null
      held.push({ d, n, trigger })
      return
    }
    d.status = 'pending'
    d.nextAttemptAt = null
    const a = await post(d, trigger)
    if (closed || gen !== generation) return
    if (a.ok) {
      d.status = 'delivered'
      return
    }
    if (n >= opts.maxAttempts) {
      d.status = 'failed'
      opts.log(`[resend] webhook ${d.svixId} (${d.type}) failed after ${n} attempts: ${a.error}`)
      return
    }
    const delay = opts.retryBaseMs * 2 ** (n - 1)
    const wait = Math.round(delay + Math.random() * delay * 0.2)
    d.status = 'retrying'
    d.nextAttemptAt = new Date(Date.now() + wait).toISOString()
    later(wait, () => void run(d, n + 1, 'retry'))
  }

  return {
    list: () => deliveries,
    get: (svixId: string) => deliveries.find((d) => d.svixId === svixId),
    get holding() {
      return holding
    },

    emit(type: string, emailId: string, payload: unknown): Delivery {
      const d: Delivery = {
        svixId: newSvixId(),
        type,
        emailId,
        createdAt: new Date().toISOString(),
        body: JSON.stringify(payload),
        status: 'pending',
        attempts: [],
        nextAttemptAt: null,
      }
      deliveries.push(d)
      if (!opts.endpoint()) d.status = 'no_endpoint'
      else void run(d, 1, 'initial')
      return d
    },

    /** Sends the same message again (same svix-id, new signature), `times` single attempts. */
    async redeliver(d: Delivery, times: number, concurrent: boolean): Promise<Attempt[]> {
      const send = async () => {
        const a = await post(d, 'redeliver')
        if (a.ok) d.status = 'delivered'
        return a
      }
      if (concurrent) return Promise.all(Array.from({ length: times }, send))
      const out: Attempt[] = []
      for (let i = 0; i < times && !closed; i++) out.push(await send())
      return out
    },

    async hold(enabled: boolean, order: ReleaseOrder = 'fifo'): Promise<number> {
      holding = enabled
      if (enabled) return 0
      const queue = held
      held = []
      if (order === 'reverse') queue.reverse()
      if (order === 'shuffle') queue.sort(() => Math.random() - 0.5)
      // One after another, so the receiver sees them in exactly the requested order.
      const gen = generation
      for (const h of queue) {
        if (closed || gen !== generation) break
        await run(h.d, h.n, h.trigger)
      }
      return queue.length
    },

    heldCount: () => held.length,

    reset() {
      generation++
      for (const t of timers) clearTimeout(t)
      timers.clear()
      for (const r of inflight) r.destroy()
      inflight.clear()
      deliveries = []
      held = []
      holding = false
    },

    close() {
      closed = true
      this.reset()
    },
  }
}

export type Dispatcher = ReturnType<typeof createDispatcher>
