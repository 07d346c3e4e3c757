// Shared by the PayU emulator tests: a sandbox with only this emulator, plain-fetch API helpers, and a tiny
// notification receiver. Signatures are checked here independently of the emulator's own code.
import { createHash } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { readBody } from '../lib/http.ts'
import { type RunningSandbox, startSandbox } from '../server.ts'
import { createPayuEmulator, type PayuEmulatorOptions } from './index.ts'

// biome-ignore lint/suspicious/noExplicitAny: PayU answers and notifications are loose JSON in tests
type Loose = any

export const pos = {
  posId: '300746',
  clientId: '300746',
  clientSecret: '2ee86a66e5d97e3fadc400c9f19b065d',
  secondKey: 'b6ca15b0d1020e8094d9b5f8d163db54',
}

export type Received = {
  headers: http.IncomingHttpHeaders
  body: string
  json: Record<string, Loose>
  /** `order:<orderId>:<status>` or `refund:<refundId>:<status>` */
  key: string
  nth: number
  at: number
}

/** Records every POST; `respond` decides the status (or 'hang' to never answer). */
export async function startReceiver() {
  const received: Received[] = []
  let respond: (r: Received) => number | 'hang' = () => 200
  const sockets = new Set<Socket>()
  const server = http.createServer(async (req, res) => {
    const body = (await readBody(req)).toString('utf8')
    let json: Record<string, Loose> = {}
    try {
      json = JSON.parse(body)
    } catch {}
    const key = json.order
      ? `order:${json.order.orderId}:${json.order.status}`
      : `refund:${json.refund?.refundId}:${json.refund?.status}`
    const r: Received = {
      headers: req.headers,
      body,
      json,
      key,
      nth: received.filter((x) => x.key === key).length + 1,
      at: Date.now(),
    }
    received.push(r)
    const status = respond(r)
    if (status === 'hang') return
    res.writeHead(status, { 'content-type': 'text/plain' })
    res.end(String(status))
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/payu`,
    received,
    setResponder(fn: (r: Received) => number | 'hang') {
      respond = fn
    },
    clear() {
      received.length = 0
      respond = () => 200
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>

type Maybe<T> = T | undefined | null | false

export async function waitFor<T>(fn: () => Maybe<T> | Promise<Maybe<T>>, timeoutMs = 3000): Promise<T> {
  const start = Date.now()
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() - start > timeoutMs) throw new Error('waitFor timed out')
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** Verifies `OpenPayu-Signature` the way PayU's SDK does: hash(rawBody + secondKey) with the named algorithm. */
export function verifySignature(header: string | undefined, body: string, secondKey: string) {
  const parts = Object.fromEntries(
    String(header ?? '')
      .split(';')
      .map((p) => p.split('=') as [string, string]),
  )
  const algo = { MD5: 'md5', 'SHA-256': 'sha256' }[parts.algorithm as string]
  if (!algo) return { ok: false, parts }
  const expected = createHash(algo)
    .update(body + secondKey)
    .digest('hex')
  return { ok: expected === parts.signature, parts }
}

export async function startPayuSandbox(opts: Partial<PayuEmulatorOptions> = {}) {
  const sandbox: RunningSandbox = await startSandbox({
    port: 0,
    emulators: ({ publicUrl }) => [
      createPayuEmulator({ publicUrl, retryMinuteMs: 20, refundAutoFinalizeMs: null, ...opts }),
    ],
  })
  const url = sandbox.url
  let token: string | null = null

  const api = {
    url,
    async oauth(fields: Record<string, string> = {}) {
      return fetch(`${url}/pl/standard/user/oauth/authorize`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: pos.clientId,
          client_secret: pos.clientSecret,
          ...fields,
        }),
      })
    },
    async token(): Promise<string> {
      if (!token) token = ((await (await api.oauth()).json()) as { access_token: string }).access_token
      return token
    },
    forgetToken() {
      token = null
    },
    async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
      const res = await fetch(`${url}/api/v2_1${path}`, {
        method,
        redirect: 'manual',
        headers: {
          authorization: `Bearer ${await api.token()}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      })
      const text = await res.text()
      let json: Loose = null
      try {
        json = JSON.parse(text)
      } catch {}
      return { status: res.status, headers: res.headers, text, json }
    },
    async createOrder(extra: Record<string, unknown> = {}, receiverUrl?: string) {
      const res = await api.call('POST', '/orders', orderBody(extra, receiverUrl))
      if (res.status !== 302) throw new Error(`create order answered ${res.status}: ${res.text}`)
      return res.json as { orderId: string; extOrderId?: string; redirectUri: string }
    },
    async control<T = Loose>(path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') {
      const res = await fetch(`${url}/_sandbox/payu/${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      return { status: res.status, body: (await res.json()) as T }
    },
    /** Submits a form on the hosted pay page without following the redirect. */
    async submit(path: string, fields: Record<string, string>) {
      return fetch(`${url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields),
      })
    },
    close: () => sandbox.close(),
  }
  return api
}

export type PayuApi = Awaited<ReturnType<typeof startPayuSandbox>>

let seq = 0
export function orderBody(extra: Record<string, unknown> = {}, notifyUrl?: string) {
  seq += 1
  return {
    notifyUrl,
    continueUrl: 'http://shop.test/orders/42/return',
    customerIp: '127.0.0.1',
    merchantPosId: pos.posId,
    description: 'Hookline order 42',
    currencyCode: 'PLN',
    totalAmount: '3300',
    extOrderId: `HL-42-${Date.now()}-${seq}`,
    buyer: { email: 'anna@example.com', firstName: 'Anna', lastName: 'Nowak', language: 'pl' },
    products: [
      { name: 'Pierogi ruskie', unitPrice: '1250', quantity: '2' },
      { name: 'Kompot', unitPrice: '800', quantity: '1' },
    ],
    ...extra,
  }
}

/** The pay page's hidden fields for an order, read from its redirectUri. */
export function pageFields(redirectUri: string) {
  const u = new URL(redirectUri)
  return { orderId: u.searchParams.get('orderId')!, token: u.searchParams.get('token')! }
}
