// Resend emulator: the /emails API the official SDK talks to, a dev inbox at /inbox, svix-signed delivery
// webhooks with retries, and a control API under /_sandbox/resend/. See README.md in this folder.
import { createHash, randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { type Emulator, redirect, type SandboxRequest, sendHtml, sendJson } from '../lib/http.ts'
import {
  customerReply,
  EMAIL_CSP,
  framedHtml,
  inboxPage,
  linksIn,
  messagePage,
  notFoundPage,
} from './inbox.ts'
import { newWebhookSecret } from './svix.ts'
import type { Bounce, LastEvent, Message } from './types.ts'
import { addressOf, type EmailInput, isError, type ResendError, validateEmail } from './validate.ts'
import { createDispatcher, type Delivery, type Endpoint, type ReleaseOrder } from './webhooks.ts'

export type ResendEmulatorOptions = {
  /** Base URL the browser uses to reach the sandbox; used for inbox links in JSON answers. */
  publicUrl: string
  /** Where delivery events are POSTed (the app's /api/webhooks/resend). Can be set later via the control API. */
  webhookUrl?: string
  /** `whsec_...`; generated when missing (read it back with GET /_sandbox/resend/webhook-endpoint). */
  webhookSecret?: string
  /** First retry delay; attempt n+1 waits retryBaseMs * 2^(n-1) plus up to 20% jitter. Default 1000. */
  retryBaseMs?: number
  /** Attempts per event before it is marked failed. Default 6. */
  maxAttempts?: number
  /** A webhook attempt that takes longer fails. Default 10 000. */
  webhookTimeoutMs?: number
  /** Delay after acceptance of `email.sent`. Default 50. */
  sentDelayMs?: number
  /** Delay after acceptance of `email.delivered` / `email.bounced`. Default 150. */
  deliveredDelayMs?: number
  /** How long an Idempotency-Key is remembered. Default 24 h, like Resend. */
  idempotencyTtlMs?: number
  /** Default delay of a `timeout` fault before the connection is dropped. Default 30 000. */
  faultTimeoutMs?: number
  /** No console output. */
  quiet?: boolean
  /** Delivers a reply "from the customer" to the shop's mailbox (the IMAP emulator); enables the reply button. */
  deliverReply?: (raw: string) => void
}

const headerValue = (headers: Record<string, string>, name: string): string | undefined =>
  Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1]

type FaultMode = 'rate_limit' | 'error' | 'timeout'
type Fault = { mode: FaultMode; remaining: number; delayMs: number; accept: boolean }
type Stored = { hash: string; status: number; body: unknown; expiresAt: number }

const DEFAULT_BOUNCE: Bounce = {
  type: 'Permanent',
  subType: 'General',
  message:
    "The recipient's email provider sent a hard bounce message, and there's no further information about why. This usually means the email address doesn't exist.",
}
const RESEND_TEST_BOUNCE = /^bounced(\+[^@]*)?@resend\.dev$/
const RESEND_TEST_COMPLAINT = /^complained(\+[^@]*)?@resend\.dev$/

const err = (statusCode: number, name: ResendError['name'], message: string): ResendError => ({
  statusCode,
  name,
  message,
})
const sendError = (res: ServerResponse, e: ResendError, headers: Record<string, string> = {}) =>
  sendJson(res, e.statusCode, e, headers)

/** Key-order independent hash, so a retry that serialises the same body differently still matches. */
function canonicalHash(value: unknown): string {
  const canon = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canon)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canon((v as Record<string, unknown>)[k])]),
          )
        : v
  return createHash('sha256')
    .update(JSON.stringify(canon(value)))
    .digest('hex')
}

const decode = (s: string) => {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

function parseJson(raw: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: raw.length ? JSON.parse(raw.toString('utf8')) : {} }
  } catch {
    return { ok: false }
  }
}

export function createResendEmulator(opts: ResendEmulatorOptions): Emulator {
  const publicUrl = opts.publicUrl.replace(/\/$/, '')
  const log = opts.quiet ? () => {} : (msg: string) => console.info(msg)
  const sentDelayMs = opts.sentDelayMs ?? 50
  const deliveredDelayMs = opts.deliveredDelayMs ?? 150
  const idempotencyTtlMs = opts.idempotencyTtlMs ?? 24 * 60 * 60 * 1000
  const faultTimeoutMs = opts.faultTimeoutMs ?? 30_000

  let endpoint: Endpoint | null = opts.webhookUrl
    ? { url: opts.webhookUrl, secret: opts.webhookSecret || newWebhookSecret() }
    : null
  let messages: Message[] = []
  let idempotency = new Map<string, Stored>()
  let faults: Fault[] = []
  let bounces = new Map<string, Bounce>()
  const timers = new Set<NodeJS.Timeout>()
  const hung = new Map<NodeJS.Timeout, ServerResponse>()

  const dispatcher = createDispatcher({
    endpoint: () => endpoint,
    retryBaseMs: opts.retryBaseMs ?? 1000,
    maxAttempts: opts.maxAttempts ?? 6,
    timeoutMs: opts.webhookTimeoutMs ?? 10_000,
    log,
  })

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t)
      fn()
    }, ms)
    timers.add(t)
  }

  /** Holds the request open, then drops the connection without an answer. */
  function hang(res: ServerResponse, ms: number) {
    const t = setTimeout(() => {
      hung.delete(t)
      res.destroy()
    }, ms)
    hung.set(t, res)
  }

  function clearTimers() {
    for (const t of timers) clearTimeout(t)
    timers.clear()
    for (const [t, res] of hung) {
      clearTimeout(t)
      res.destroy()
    }
    hung.clear()
  }

  // ---- message lifecycle -------------------------------------------------------------------------

  function bounceFor(m: Message): Bounce | null {
    for (const a of [...m.to, ...m.cc, ...m.bcc]) {
      const addr = addressOf(a)
      if (!addr) continue
      const b = bounces.get(addr)
      if (b) return b
      if (RESEND_TEST_BOUNCE.test(addr)) return DEFAULT_BOUNCE
    }
    return null
  }

  function emit(m: Message, type: string, extra: Record<string, unknown> = {}) {
    if (!messages.includes(m)) return
    const at = new Date().toISOString()
    m.lastEvent = type.slice('email.'.length) as LastEvent
    m.events.push({ type, at })
    const payload = {
      type,
      created_at: at,
      data: {
        created_at: m.createdAt,
        email_id: m.id,
        from: m.from,
        to: m.to,
        subject: m.subject,
        message_id: m.messageId,
        ...(m.tags.length ? { tags: Object.fromEntries(m.tags.map((t) => [t.name, t.value])) } : {}),
        ...extra,
      },
    }
    const d = dispatcher.emit(type, m.id, payload)
    if (d.status === 'no_endpoint')
      log(`[resend] ${type} for ${m.id} not sent: no webhook endpoint configured`)
  }

  function accept(input: EmailInput, idempotencyKey: string | null): Message {
    const id = randomUUID()
    const m: Message = {
      ...input,
      id,
      // a Message-ID the sender set in `headers` is kept (the app threads replies on it)
      messageId: headerValue(input.headers, 'message-id') ?? `<${id}@sandbox.resend.local>`,
      createdAt: new Date().toISOString(),
      lastEvent: 'queued',
      events: [],
      idempotencyKey,
      bounce: null,
    }
    messages.push(m)
    const bounce = bounceFor(m)
    const complained = [...m.to, ...m.cc, ...m.bcc].some((a) =>
      RESEND_TEST_COMPLAINT.test(addressOf(a) ?? ''),
    )
    later(sentDelayMs, () => emit(m, 'email.sent'))
    later(deliveredDelayMs, () => {
      if (!bounce) return emit(m, 'email.delivered')
      m.bounce = bounce
      emit(m, 'email.bounced', { bounce })
    })
    if (complained && !bounce) later(deliveredDelayMs + 50, () => emit(m, 'email.complained'))
    log(`[resend] accepted ${id} to ${m.to.join(', ')}: ${m.subject} -> ${publicUrl}/inbox/${id}`)
    return m
  }

  // ---- JSON views -------------------------------------------------------------------------------

  const emailJson = (m: Message) => ({
    object: 'email',
    id: m.id,
    to: m.to,
    from: m.from,
    created_at: m.createdAt,
    subject: m.subject,
    html: m.html,
    text: m.text,
    bcc: m.bcc.length ? m.bcc : null,
    cc: m.cc.length ? m.cc : null,
    reply_to: m.replyTo.length ? m.replyTo : null,
    last_event: m.lastEvent,
    scheduled_at: m.scheduledAt,
    message_id: m.messageId,
    tags: m.tags,
  })

  const messageJson = (m: Message) => ({
    ...emailJson(m),
    headers: m.headers,
    events: m.events,
    bounce: m.bounce,
    idempotency_key: m.idempotencyKey,
    attachments: m.attachments.map((a, index) => ({
      index,
      filename: a.filename,
      content_type: a.contentType,
      size: a.content.length,
      content_id: a.contentId,
      path: a.path,
      url: `${publicUrl}/inbox/${m.id}/attachments/${index}`,
    })),
    links: linksIn(m.html, m.text),
    inbox_url: `${publicUrl}/inbox/${m.id}`,
  })

  const deliveryJson = (d: Delivery) => ({
    svixId: d.svixId,
    type: d.type,
    emailId: d.emailId,
    createdAt: d.createdAt,
    status: d.status,
    nextAttemptAt: d.nextAttemptAt,
    attempts: d.attempts,
    payload: JSON.parse(d.body) as unknown,
  })

  const byRecipient = (to: string | null) => {
    const newestFirst = [...messages].reverse()
    if (!to) return newestFirst
    const needle = to.trim().toLowerCase()
    return newestFirst.filter((m) =>
      [...m.to, ...m.cc, ...m.bcc].some((a) => (addressOf(a) ?? a.toLowerCase()).includes(needle)),
    )
  }

  // ---- the Resend API (/resend/...) -----------------------------------------------------------

  function authError(r: SandboxRequest): ResendError | null {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(r.headers.authorization ?? '')
    if (!m) {
      return err(
        401,
        'missing_api_key',
        'Missing API key in the authorization header. Include the following header `Authorization: Bearer YOUR_API_KEY` in the request.',
      )
    }
    if (!m[1]!.startsWith('re_')) return err(403, 'invalid_api_key', 'API key is invalid')
    return null
  }

  function takeFault(): Fault | null {
    const f = faults[0]
    if (!f) return null
    f.remaining--
    if (f.remaining <= 0) faults.shift()
    return f
  }

  async function send(r: SandboxRequest, res: ServerResponse, batch: boolean) {
    const fault = takeFault()
    if (fault?.mode === 'rate_limit') {
      return sendError(
        res,
        err(
          429,
          'rate_limit_exceeded',
          'Too many requests. You can only make 2 requests per second. See rate limit response headers for more information. Or contact support to increase rate limit.',
        ),
        { 'retry-after': '1', 'ratelimit-limit': '2', 'ratelimit-remaining': '0', 'ratelimit-reset': '1' },
      )
    }
    if (fault?.mode === 'error') {
      return sendError(res, err(500, 'internal_server_error', 'An unexpected error occurred.'))
    }
    if (fault?.mode === 'timeout' && !fault.accept) return hang(res, fault.delayMs)
    // A `timeout` fault with accept=true does the work, then loses the answer: the client must retry safely.
    const reply = (status: number, body: unknown) =>
      fault?.mode === 'timeout' ? hang(res, fault.delayMs) : sendJson(res, status, body)

    const key = r.headers['idempotency-key']
    const idemKey = Array.isArray(key) ? key[0] : key
    if (idemKey !== undefined && (idemKey.length < 1 || idemKey.length > 256)) {
      return sendError(res, err(400, 'invalid_idempotency_key', 'The key must be between 1-256 chars.'))
    }
    const parsed = parseJson(r.rawBody)
    if (!parsed.ok) return sendError(res, err(422, 'validation_error', 'The request body is not valid JSON.'))

    const scope = `${batch ? 'batch' : 'email'}:${idemKey}`
    const hash = canonicalHash(parsed.value)
    if (idemKey) {
      const prior = idempotency.get(scope)
      if (prior && prior.expiresAt <= Date.now()) idempotency.delete(scope)
      else if (prior) {
        if (prior.hash !== hash) {
          return sendError(
            res,
            err(
              409,
              'invalid_idempotent_request',
              'Same idempotency key used with a different request payload. Change your idempotency key or payload.',
            ),
          )
        }
        return reply(prior.status, prior.body)
      }
    }

    let status = 200
    let body: unknown
    if (!batch) {
      const input = validateEmail(parsed.value)
      if (isError(input)) return sendError(res, input)
      body = { id: accept(input, idemKey ?? null).id }
    } else {
      const list = parsed.value
      if (!Array.isArray(list) || list.length === 0 || list.length > 100) {
        return sendError(res, err(422, 'validation_error', 'The batch must be an array of 1 to 100 emails.'))
      }
      const permissive = r.headers['x-batch-validation'] === 'permissive'
      const checked = list.map((e) => validateEmail(e, { batch: true }))
      const errors = checked.flatMap((c, index) => (isError(c) ? [{ index, message: c.message }] : []))
      if (errors.length && !permissive) {
        const first = checked.find(isError)!
        return sendError(res, { ...first, message: `emails[${errors[0]!.index}]: ${first.message}` })
      }
      const data = checked.flatMap((c) => (isError(c) ? [] : [{ id: accept(c, idemKey ?? null).id }]))
      body = permissive ? { data, errors } : { data }
      status = 200
    }
    // Only successes are remembered: a rejected request may be corrected and retried under the same key.
    if (idemKey) idempotency.set(scope, { hash, status, body, expiresAt: Date.now() + idempotencyTtlMs })
    reply(status, body)
  }

  async function api(r: SandboxRequest, res: ServerResponse, path: string) {
    const auth = authError(r)
    if (auth) return sendError(res, auth)
    const parts = path.split('/').filter(Boolean)
    if (parts[0] !== 'emails') {
      return sendError(res, err(404, 'not_found', 'The requested endpoint does not exist.'))
    }
    if (parts.length === 1) {
      if (r.method === 'POST') return send(r, res, false)
      if (r.method === 'GET') {
        const limit = Math.min(100, Math.max(1, Number(r.url.searchParams.get('limit')) || 20))
        const all = byRecipient(null)
        return sendJson(res, 200, {
          object: 'list',
          has_more: all.length > limit,
          data: all.slice(0, limit).map(emailJson),
        })
      }
    }
    if (parts.length === 2 && parts[1] === 'batch' && r.method === 'POST') return send(r, res, true)
    if (parts.length === 2 && r.method === 'GET') {
      const m = messages.find((x) => x.id === parts[1])
      if (!m) return sendError(res, err(404, 'not_found', 'Email not found'))
      return sendJson(res, 200, emailJson(m))
    }
    if (parts.length <= 2) return sendError(res, err(405, 'method_not_allowed', 'Method not allowed'))
    return sendError(res, err(404, 'not_found', 'The requested endpoint does not exist.'))
  }

  // ---- the inbox (/inbox/...) -------------------------------------------------------------------

  function inbox(r: SandboxRequest, res: ServerResponse, parts: string[]) {
    if (parts.length === 0 && r.method === 'GET') {
      const to = r.url.searchParams.get('to')
      return sendHtml(res, 200, inboxPage(byRecipient(to), to))
    }
    if (parts.length === 1 && parts[0] === 'clear' && r.method === 'POST') {
      messages = []
      return redirect(res, '/inbox')
    }
    if (parts.length === 2 && parts[1] === 'reply' && r.method === 'POST' && opts.deliverReply) {
      const m = messages.find((x) => x.id === parts[0])
      if (!m) return sendHtml(res, 404, notFoundPage(parts[0] ?? ''))
      const text = new URLSearchParams(r.rawBody.toString('utf8')).get('text')?.trim()
      if (!text) return sendHtml(res, 400, messagePage(m, { replyError: 'Write the reply first.' }))
      opts.deliverReply(customerReply(m, text))
      m.events.push({ type: 'sandbox.customer_replied', at: new Date().toISOString() })
      return redirect(res, `/inbox/${encodeURIComponent(m.id)}?replied=1`)
    }
    if (r.method !== 'GET') return sendHtml(res, 405, notFoundPage(parts.join('/')))
    const m = messages.find((x) => x.id === parts[0])
    if (!m) return sendHtml(res, 404, notFoundPage(parts[0] ?? ''))
    if (parts.length === 1)
      return sendHtml(
        res,
        200,
        messagePage(m, { canReply: !!opts.deliverReply, replied: r.url.searchParams.has('replied') }),
      )
    if (parts.length === 2 && parts[1] === 'html') {
      const html = m.html ?? `<pre>${(m.text ?? '').replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`)}</pre>`
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': EMAIL_CSP,
        'x-content-type-options': 'nosniff',
      })
      return res.end(framedHtml(html, r.url.searchParams.has('frame')))
    }
    if (parts.length === 3 && parts[1] === 'attachments') {
      const a = /^\d+$/.test(parts[2]!) ? m.attachments[Number(parts[2])] : undefined
      if (!a) return sendHtml(res, 404, notFoundPage(parts.join('/')))
      const ascii = a.filename.replace(/[^\x20-\x7e]|["\\]/g, '_')
      res.writeHead(200, {
        'content-type': a.contentType,
        'content-length': String(a.content.length),
        'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(a.filename)}`,
        'x-content-type-options': 'nosniff',
      })
      return res.end(a.content)
    }
    return sendHtml(res, 404, notFoundPage(parts.join('/')))
  }

  // ---- control API (/_sandbox/resend/...) -------------------------------------------------------

  function reset() {
    clearTimers()
    dispatcher.reset()
    messages = []
    idempotency = new Map()
    faults = []
    bounces = new Map()
  }

  async function control(r: SandboxRequest, res: ServerResponse, parts: string[]) {
    const parsed = parseJson(r.rawBody)
    if (!parsed.ok) return sendJson(res, 400, { error: 'body is not valid JSON' })
    const b = (parsed.value ?? {}) as Record<string, unknown>
    const route = `${r.method} ${parts[0] ?? ''}`
    const bad = (message: string) => sendJson(res, 400, { error: message })

    switch (route) {
      case 'GET ':
        return sendJson(res, 200, {
          webhookEndpoint: endpoint?.url ?? null,
          holding: dispatcher.holding,
          held: dispatcher.heldCount(),
          faults,
          bounces: [...bounces.keys()],
          messages: messages.length,
          deliveries: dispatcher.list().length,
        })
      case 'GET messages': {
        if (parts[1]) {
          const m = messages.find((x) => x.id === parts[1])
          return m ? sendJson(res, 200, messageJson(m)) : sendJson(res, 404, { error: 'no such message' })
        }
        return sendJson(res, 200, { data: byRecipient(r.url.searchParams.get('to')).map(messageJson) })
      }
      case 'DELETE messages':
        messages = []
        return sendJson(res, 200, { ok: true })
      case 'GET faults':
        return sendJson(res, 200, { faults })
      case 'POST faults': {
        const mode = b.mode as FaultMode
        if (!['rate_limit', 'error', 'timeout'].includes(mode))
          return bad("mode must be 'rate_limit', 'error' or 'timeout'")
        const count = b.count === undefined ? 1 : Number(b.count)
        if (!Number.isInteger(count) || count < 1) return bad('count must be a positive integer')
        const delayMs = b.delayMs === undefined ? faultTimeoutMs : Number(b.delayMs)
        if (!Number.isFinite(delayMs) || delayMs < 0) return bad('delayMs must be a non-negative number')
        faults.push({ mode, remaining: count, delayMs, accept: b.accept === true })
        return sendJson(res, 200, { faults })
      }
      case 'DELETE faults':
        faults = []
        return sendJson(res, 200, { faults })
      case 'GET bounces':
        return sendJson(res, 200, { bounces: [...bounces].map(([address, bounce]) => ({ address, bounce })) })
      case 'POST bounces': {
        const address = typeof b.address === 'string' ? addressOf(b.address) : null
        if (!address) return bad('address must be an email address')
        const bounce: Bounce = {
          type: typeof b.type === 'string' ? b.type : DEFAULT_BOUNCE.type,
          subType: typeof b.subType === 'string' ? b.subType : DEFAULT_BOUNCE.subType,
          message: typeof b.message === 'string' ? b.message : DEFAULT_BOUNCE.message,
        }
        bounces.set(address, bounce)
        return sendJson(res, 200, { address, bounce })
      }
      case 'DELETE bounces': {
        const one = r.url.searchParams.get('address')
        if (one) bounces.delete(addressOf(one) ?? one)
        else bounces = new Map()
        return sendJson(res, 200, { bounces: [...bounces.keys()] })
      }
      case 'GET webhook-endpoint':
        return sendJson(res, 200, endpoint ?? { url: null, secret: null })
      case 'POST webhook-endpoint': {
        if (b.url === null) {
          endpoint = null
          return sendJson(res, 200, { url: null, secret: null })
        }
        if (typeof b.url !== 'string' || !/^https?:\/\//.test(b.url))
          return bad('url must be an http(s) URL or null')
        if (b.secret !== undefined && typeof b.secret !== 'string') return bad('secret must be a string')
        endpoint = { url: b.url, secret: (b.secret as string | undefined) || newWebhookSecret() }
        return sendJson(res, 200, endpoint)
      }
      case 'GET deliveries': {
        if (parts[1]) {
          const d = dispatcher.get(parts[1])
          return d ? sendJson(res, 200, deliveryJson(d)) : sendJson(res, 404, { error: 'no such event' })
        }
        const emailId = r.url.searchParams.get('email_id')
        const type = r.url.searchParams.get('type')
        const data = dispatcher
          .list()
          .filter((d) => (!emailId || d.emailId === emailId) && (!type || d.type === type))
        return sendJson(res, 200, { data: data.map(deliveryJson) })
      }
      case 'POST events': {
        const d = parts[1] ? dispatcher.get(parts[1]) : undefined
        if (parts[2] !== 'redeliver' || parts.length !== 3)
          return sendJson(res, 404, { error: 'no such route' })
        if (!d) return sendJson(res, 404, { error: 'no such event' })
        if (!endpoint) return sendJson(res, 409, { error: 'no webhook endpoint configured' })
        const times = b.times === undefined ? 1 : Number(b.times)
        if (!Number.isInteger(times) || times < 1 || times > 100)
          return bad('times must be an integer 1..100')
        const attempts = await dispatcher.redeliver(d, times, b.concurrent === true)
        return sendJson(res, 200, { svixId: d.svixId, attempts })
      }
      case 'POST hold': {
        if (typeof b.enabled !== 'boolean') return bad('enabled must be a boolean')
        const order = (b.order ?? 'fifo') as ReleaseOrder
        if (!['fifo', 'reverse', 'shuffle'].includes(order))
          return bad("order must be 'fifo', 'reverse' or 'shuffle'")
        const released = await dispatcher.hold(b.enabled, order)
        return sendJson(res, 200, { holding: dispatcher.holding, released })
      }
      case 'POST reset':
        reset()
        return sendJson(res, 200, { ok: true })
    }
    return sendJson(res, 404, { error: `No such route: ${r.method} /_sandbox/resend/${parts.join('/')}` })
  }

  return {
    name: 'resend',
    async handle(r, res) {
      const p = r.url.pathname
      if (p === '/resend' || p.startsWith('/resend/')) {
        await api(r, res, p.slice('/resend'.length))
        return true
      }
      if (p === '/inbox' || p.startsWith('/inbox/')) {
        inbox(r, res, p.slice('/inbox'.length).split('/').filter(Boolean).map(decode))
        return true
      }
      if (p === '/_sandbox/resend' || p.startsWith('/_sandbox/resend/')) {
        await control(r, res, p.slice('/_sandbox/resend'.length).split('/').filter(Boolean).map(decode))
        return true
      }
      return false
    },
    async close() {
      clearTimers()
      dispatcher.close()
    },
  }
}
