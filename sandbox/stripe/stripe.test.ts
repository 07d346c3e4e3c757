import http from 'node:http'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type RunningSandbox, startSandbox } from '../server.ts'
import { createStripeEmulator } from './index.ts'

const secret = 'whsec_test_sandbox_secret'

type Received = { id: string; type: string; body: string; signature: string; nth: number; at: number }

// A tiny webhook endpoint: records every delivery and answers whatever the test decides.
async function startReceiver() {
  const received: Received[] = []
  let respond: (r: Received) => number = () => 200
  const server = http.createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = []
      for await (const c of req) chunks.push(c as Buffer)
      const body = Buffer.concat(chunks).toString('utf8')
      const evt = JSON.parse(body) as { id: string; type: string }
      const nth = received.filter((r) => r.id === evt.id).length + 1
      const r = {
        id: evt.id,
        type: evt.type,
        body,
        signature: String(req.headers['stripe-signature']),
        nth,
        at: Date.now(),
      }
      received.push(r)
      res.writeHead(respond(r)).end()
    } catch {
      res.destroy()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/stripe`,
    received,
    setResponder(fn: (r: Received) => number) {
      respond = fn
    },
    clear() {
      received.length = 0
      respond = () => 200
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

async function waitFor<T>(fn: () => T | undefined | null | false, timeoutMs = 3000): Promise<T> {
  const start = Date.now()
  for (;;) {
    const v = fn()
    if (v) return v
    if (Date.now() - start > timeoutMs) throw new Error('waitFor timed out')
    await new Promise((r) => setTimeout(r, 10))
  }
}

let sandbox: RunningSandbox
let receiver: Awaited<ReturnType<typeof startReceiver>>
let stripe: Stripe

// biome-ignore lint/suspicious/noExplicitAny: control API answers are loose JSON in tests
async function control<T = any>(
  path: string,
  body?: unknown,
  method = body === undefined ? 'GET' : 'POST',
): Promise<T> {
  const res = await fetch(`${sandbox.url}/_sandbox/stripe/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return (await res.json()) as T
}

const client = (opts: Partial<ConstructorParameters<typeof Stripe>[1]> = {}) =>
  new Stripe('sk_test_sandbox', {
    host: '127.0.0.1',
    port: sandbox.port,
    protocol: 'http',
    maxNetworkRetries: 0,
    ...opts,
  })

const sessionParams = (
  extra: Partial<Stripe.Checkout.SessionCreateParams> = {},
): Stripe.Checkout.SessionCreateParams => ({
  mode: 'payment',
  line_items: [
    {
      price_data: { currency: 'pln', unit_amount: 1250, product_data: { name: 'Pierogi ruskie' } },
      quantity: 2,
    },
    { price_data: { currency: 'pln', unit_amount: 800, product_data: { name: 'Kompot' } }, quantity: 1 },
  ],
  customer_email: 'anna@example.com',
  client_reference_id: 'order_42',
  metadata: { orderId: 'order_42' },
  payment_intent_data: { metadata: { orderId: 'order_42' } },
  success_url: 'http://shop.test/orders/42/thanks?session_id={CHECKOUT_SESSION_ID}',
  cancel_url: 'http://shop.test/orders/42',
  ...extra,
})

const payPage = (session: Stripe.Checkout.Session, fields: Record<string, string>) =>
  fetch(session.url!, { method: 'POST', redirect: 'manual', body: new URLSearchParams(fields) })

const payWithCard = (session: Stripe.Checkout.Session, card = '4242 4242 4242 4242') =>
  payPage(session, { email: 'anna@example.com', card_number: card, action: 'card' })

beforeAll(async () => {
  receiver = await startReceiver()
  sandbox = await startSandbox({
    emulators: ({ publicUrl }) => [
      createStripeEmulator({
        publicUrl,
        webhookUrl: receiver.url,
        webhookSecret: secret,
        retryBaseMs: 20,
        asyncPaymentDelayMs: 50,
        refundDelayMs: 30,
        minSessionExpirySeconds: 1,
      }),
    ],
  })
  stripe = client()
})

afterAll(async () => {
  await sandbox?.close()
  await receiver?.close()
})

beforeEach(async () => {
  await control('reset', {})
  receiver.clear()
})

describe('Checkout Sessions API', () => {
  it('creates and retrieves a session with Stripe-shaped fields', async () => {
    const s = await stripe.checkout.sessions.create(sessionParams())
    expect(s.id).toMatch(/^cs_test_/)
    expect(s).toMatchObject({
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      currency: 'pln',
      amount_subtotal: 3300,
      amount_total: 3300,
      customer_email: 'anna@example.com',
      client_reference_id: 'order_42',
      metadata: { orderId: 'order_42' },
      payment_intent: null,
      livemode: false,
    })
    expect(s.url).toBe(`${sandbox.url}/checkout/pay/${s.id}`)
    expect(s.expires_at - s.created).toBe(86_400)

    const again = await stripe.checkout.sessions.retrieve(s.id)
    expect(again).toEqual(s)
    const items = await stripe.checkout.sessions.listLineItems(s.id)
    expect(
      items.data.map((li) => [li.description, li.quantity, li.amount_total, li.price?.unit_amount]),
    ).toEqual([
      ['Pierogi ruskie', 2, 2500, 1250],
      ['Kompot', 1, 800, 800],
    ])
  })

  it('answers missing and unknown parameters, missing objects and missing keys like Stripe', async () => {
    await expect(
      stripe.checkout.sessions.create({
        ...sessionParams(),
        colour: 'red',
      } as Stripe.Checkout.SessionCreateParams),
    ).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      code: 'parameter_unknown',
      param: 'colour',
      statusCode: 400,
    })
    await expect(
      stripe.checkout.sessions.create(
        sessionParams({
          line_items: [{ price_data: { currency: 'pln', unit_amount: 100, product_data: { name: 'x' } } }],
        }),
      ),
    ).rejects.toMatchObject({ code: 'parameter_missing', param: 'line_items[0][quantity]' })
    await expect(stripe.checkout.sessions.retrieve('cs_test_nope')).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      code: 'resource_missing',
      statusCode: 404,
    })

    const noKey = await fetch(`${sandbox.url}/v1/checkout/sessions`)
    expect(noKey.status).toBe(401)
    expect(noKey.headers.get('request-id')).toMatch(/^req_/)
    expect(((await noKey.json()) as { error: unknown }).error).toMatchObject({
      type: 'invalid_request_error',
    })
    await expect(
      new Stripe('sk_live_real', {
        host: '127.0.0.1',
        port: sandbox.port,
        protocol: 'http',
      }).checkout.sessions.list(),
    ).rejects.toMatchObject({ type: 'StripeAuthenticationError', statusCode: 401 })
  })

  it('refuses expires_at under 30 minutes by default, like Stripe', async () => {
    const strict = await startSandbox({ emulators: ({ publicUrl }) => [createStripeEmulator({ publicUrl })] })
    try {
      const s = new Stripe('sk_test_x', {
        host: '127.0.0.1',
        port: strict.port,
        protocol: 'http',
        maxNetworkRetries: 0,
      })
      const now = Math.floor(Date.now() / 1000)
      await expect(
        s.checkout.sessions.create(sessionParams({ expires_at: now + 600 })),
      ).rejects.toMatchObject({
        type: 'StripeInvalidRequestError',
        param: 'expires_at',
      })
      const ok = await s.checkout.sessions.create(sessionParams({ expires_at: now + 1900 }))
      expect(ok.expires_at).toBe(now + 1900)
    } finally {
      await strict.close()
    }
  })

  it('replays an idempotent request and refuses the same key with other parameters', async () => {
    const key = `order_42_checkout_${Date.now()}`
    const first = await stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: key })
    const second = await stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: key })
    expect(second.id).toBe(first.id)
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true')
    expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined()

    await expect(
      stripe.checkout.sessions.create(sessionParams({ client_reference_id: 'other' }), {
        idempotencyKey: key,
      }),
    ).rejects.toMatchObject({ type: 'StripeIdempotencyError', rawType: 'idempotency_error', statusCode: 400 })
    expect((await stripe.checkout.sessions.list()).data).toHaveLength(1)
  })

  it('creates one object for concurrent requests sharing an idempotency key', async () => {
    const key = `concurrent_${Date.now()}`
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: key }),
      ),
    )
    expect(new Set(results.map((s) => s.id)).size).toBe(1)
    expect(results.filter((s) => s.lastResponse.headers['idempotent-replayed'] === 'true')).toHaveLength(7)
    expect((await stripe.checkout.sessions.list({ limit: 100 })).data).toHaveLength(1)
  })

  it('expires sessions on request and on time, and refuses to expire twice', async () => {
    const s = await stripe.checkout.sessions.create(sessionParams())
    const expired = await stripe.checkout.sessions.expire(s.id)
    expect(expired).toMatchObject({ status: 'expired', url: null })
    await expect(stripe.checkout.sessions.expire(s.id)).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
    })
    const page = await payWithCard(s)
    expect(page.status).toBe(409)
    expect(await page.text()).toContain('This checkout session has expired')

    const soon = await stripe.checkout.sessions.create(
      sessionParams({ expires_at: Math.floor(Date.now() / 1000) + 1 }),
    )
    await waitFor(
      () => receiver.received.find((r) => r.type === 'checkout.session.expired' && r.body.includes(soon.id)),
      3000,
    )
    expect((await stripe.checkout.sessions.retrieve(soon.id)).status).toBe('expired')
  })
})

describe('hosted checkout page', () => {
  it('renders the order with accessible fields and pays with the success card', async () => {
    const s = await stripe.checkout.sessions.create(sessionParams())
    const html = await (await fetch(s.url!)).text()
    expect(html).toContain('<label for="card-number">Card number</label>')
    expect(html).toContain('<label for="email">Email</label>')
    expect(html).toContain('>Pay</button>')
    expect(html).toContain('Pay later (bank transfer, succeeds)')
    expect(html).toContain('Pay later (bank transfer, fails)')
    expect(html).toContain('>Cancel and return</a>')
    expect(html).toContain('Pierogi ruskie')
    expect(html).toMatch(/PLN\s33\.00/)

    const res = await payWithCard(s)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`http://shop.test/orders/42/thanks?session_id=${s.id}`)

    const paid = await stripe.checkout.sessions.retrieve(s.id, { expand: ['payment_intent.latest_charge'] })
    expect(paid).toMatchObject({
      status: 'complete',
      payment_status: 'paid',
      customer_details: { email: 'anna@example.com' },
    })
    const pi = paid.payment_intent as Stripe.PaymentIntent
    expect(pi).toMatchObject({
      status: 'succeeded',
      amount: 3300,
      amount_received: 3300,
      metadata: { orderId: 'order_42' },
    })
    const charge = pi.latest_charge as Stripe.Charge
    expect(charge).toMatchObject({
      paid: true,
      captured: true,
      amount: 3300,
      currency: 'pln',
      status: 'succeeded',
      payment_method_details: { type: 'card', card: { last4: '4242', brand: 'visa' } },
    })
    expect((await stripe.checkout.sessions.list({ payment_intent: pi.id })).data.map((x) => x.id)).toEqual([
      s.id,
    ])

    const again = await payWithCard(s)
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('This payment is already complete')
    expect((await stripe.paymentIntents.list()).data).toHaveLength(1)
  })

  it('shows a decline and a wrong number without changing anything', async () => {
    const s = await stripe.checkout.sessions.create(sessionParams())
    const declined = await payWithCard(s, '4000 0000 0000 0002')
    expect(declined.status).toBe(402)
    expect(await declined.text()).toMatch(/<p[^>]*role="alert"[^>]*>Your card was declined\.<\/p>/)
    const wrong = await payWithCard(s, '1234 5678 9012 3456')
    expect(await wrong.text()).toContain('Use a test card')
    const still = await stripe.checkout.sessions.retrieve(s.id)
    expect(still).toMatchObject({ status: 'open', payment_status: 'unpaid', payment_intent: null })
    await new Promise((r) => setTimeout(r, 50))
    expect(receiver.received).toHaveLength(0)
  })

  it('completes unpaid with a delayed bank payment that later succeeds', async () => {
    const s = await stripe.checkout.sessions.create(sessionParams())
    const res = await payPage(s, { email: 'anna@example.com', action: 'async_success' })
    expect(res.status).toBe(303)
    const completed = await waitFor(() =>
      receiver.received.find((r) => r.type === 'checkout.session.completed'),
    )
    expect(JSON.parse(completed.body).data.object).toMatchObject({
      status: 'complete',
      payment_status: 'unpaid',
    })

    const settled = await waitFor(() =>
      receiver.received.find((r) => r.type === 'checkout.session.async_payment_succeeded'),
    )
    expect(JSON.parse(settled.body).data.object).toMatchObject({ id: s.id, payment_status: 'paid' })
    const after = await stripe.checkout.sessions.retrieve(s.id, { expand: ['payment_intent.latest_charge'] })
    const pi = after.payment_intent as Stripe.PaymentIntent
    expect(pi.status).toBe('succeeded')
    expect((pi.latest_charge as Stripe.Charge).paid).toBe(true)
  })

  it('completes unpaid with a delayed bank payment that later fails', async () => {
    const s = await stripe.checkout.sessions.create(sessionParams())
    await payPage(s, { action: 'async_failure' })
    await waitFor(() => receiver.received.find((r) => r.type === 'checkout.session.async_payment_failed'))
    const after = await stripe.checkout.sessions.retrieve(s.id, { expand: ['payment_intent'] })
    expect(after).toMatchObject({ status: 'complete', payment_status: 'unpaid' })
    expect((after.payment_intent as Stripe.PaymentIntent).status).toBe('requires_payment_method')
  })
})

describe('webhooks', () => {
  it('signs deliveries so the official SDK verifies them', async () => {
    const s = await stripe.checkout.sessions.create(sessionParams())
    await payWithCard(s)
    const r = await waitFor(() => receiver.received.find((x) => x.type === 'checkout.session.completed'))
    expect(r.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/)
    const event = stripe.webhooks.constructEvent(r.body, r.signature, secret)
    expect(event.type).toBe('checkout.session.completed')
    expect((event.data.object as Stripe.Checkout.Session).id).toBe(s.id)
    expect(() => stripe.webhooks.constructEvent(r.body, r.signature, 'whsec_wrong')).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    )
    const types = (await waitFor(() => receiver.received.length >= 4 && receiver.received)).map((x) => x.type)
    expect(types).toEqual(
      expect.arrayContaining([
        'payment_intent.created',
        'charge.succeeded',
        'payment_intent.succeeded',
        'checkout.session.completed',
      ]),
    )
  })

  it('retries failed deliveries with exponential backoff, up to the attempt limit', async () => {
    receiver.setResponder((r) => (r.type === 'checkout.session.completed' && r.nth <= 3 ? 500 : 200))
    const s = await stripe.checkout.sessions.create(sessionParams())
    await control(`sessions/${s.id}/pay`, { outcome: 'card_success' })
    const evt = (await stripe.events.list({ type: 'checkout.session.completed' })).data[0]!
    await waitFor(() => receiver.received.filter((r) => r.id === evt.id).length === 4)
    const { data } = await control(`deliveries?event=${evt.id}`)
    expect(data.map((d: { attempt: number; status: number }) => [d.attempt, d.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 500],
      [4, 200],
    ])
    const times = receiver.received.filter((r) => r.id === evt.id).map((r) => r.at)
    expect(times[3]! - times[2]!).toBeGreaterThan(times[1]! - times[0]!)
    expect((await stripe.events.retrieve(evt.id)).pending_webhooks).toBe(0)

    receiver.clear()
    receiver.setResponder(() => 503)
    const s2 = await stripe.checkout.sessions.create(sessionParams())
    await stripe.checkout.sessions.expire(s2.id)
    const expired = (await stripe.events.list({ type: 'checkout.session.expired' })).data[0]!
    await waitFor(() => receiver.received.filter((r) => r.id === expired.id).length === 6, 4000)
    await new Promise((r) => setTimeout(r, 700))
    expect(receiver.received.filter((r) => r.id === expired.id)).toHaveLength(6)
    const [undelivered] = (
      await stripe.events.list({ delivery_success: false, type: 'checkout.session.expired' })
    ).data
    expect(undelivered?.id).toBe(expired.id)
  })

  it('holds events (dropped) so they show as undelivered, and releases them', async () => {
    await control('hold', { enabled: true })
    const s = await stripe.checkout.sessions.create(sessionParams())
    await control(`sessions/${s.id}/pay`, { outcome: 'card_success' })
    await new Promise((r) => setTimeout(r, 50))
    expect(receiver.received).toHaveLength(0)
    const undelivered = await stripe.events.list({ delivery_success: false })
    expect(undelivered.data.map((e) => e.type)).toContain('checkout.session.completed')
    expect(undelivered.data.every((e) => e.pending_webhooks === 1)).toBe(true)

    const released = await control('release', {})
    expect(released.hold).toBe(false)
    expect(receiver.received.map((r) => r.id)).toEqual([...undelivered.data.map((e) => e.id)].reverse())
    expect((await stripe.events.list({ delivery_success: false })).data).toHaveLength(0)
  })

  it('redelivers one event many times concurrently', async () => {
    const s = await stripe.checkout.sessions.create(sessionParams())
    await control(`sessions/${s.id}/pay`, {})
    const evt = (await stripe.events.list({ type: 'checkout.session.completed' })).data[0]!
    await waitFor(() => receiver.received.find((r) => r.id === evt.id))
    const out = await control(`events/${evt.id}/redeliver`, { times: 5, concurrent: true })
    expect(out.statuses).toEqual([200, 200, 200, 200, 200])
    const copies = receiver.received.filter((r) => r.id === evt.id)
    expect(copies).toHaveLength(6)
    expect(new Set(copies.map((c) => JSON.parse(c.body).id))).toEqual(new Set([evt.id]))
  })

  it('delivers a batch in the given (wrong) order', async () => {
    await control('hold', { enabled: true })
    const s = await stripe.checkout.sessions.create(sessionParams())
    await payPage(s, { action: 'async_success' })
    await control('async/settle', {})
    const completed = (await stripe.events.list({ type: 'checkout.session.completed' })).data[0]!
    const succeeded = (await stripe.events.list({ type: 'checkout.session.async_payment_succeeded' }))
      .data[0]!
    const out = await control('deliver', { ids: [succeeded.id, completed.id] })
    expect(out.statuses).toEqual([200, 200])
    expect(receiver.received.map((r) => r.type)).toEqual([
      'checkout.session.async_payment_succeeded',
      'checkout.session.completed',
    ])
  })
})

describe('events API', () => {
  it('lists newest first with type, types, created and cursor filters', async () => {
    const s = await stripe.checkout.sessions.create(sessionParams())
    await control(`sessions/${s.id}/pay`, {})
    const all = await stripe.events.list({ limit: 100 })
    expect(all.data[0]!.type).toBe('checkout.session.completed')
    expect(all.data.at(-1)!.type).toBe('payment_intent.created')
    const page1 = await stripe.events.list({ limit: 2 })
    expect(page1.has_more).toBe(true)
    const page2 = await stripe.events.list({ limit: 2, starting_after: page1.data[1]!.id })
    expect(page2.data[0]!.id).toBe(all.data[2]!.id)
    const some = await stripe.events.list({ types: ['charge.succeeded', 'checkout.session.*'] })
    expect(some.data.map((e) => e.type)).toEqual(['checkout.session.completed', 'charge.succeeded'])
    expect((await stripe.events.list({ created: { gte: all.data[0]!.created + 10 } })).data).toHaveLength(0)
    const one = await stripe.events.retrieve(all.data[0]!.id)
    expect(one).toMatchObject({
      object: 'event',
      api_version: '2026-10-28.endive',
      data: { object: { id: s.id } },
    })
  })
})

describe('faults', () => {
  it('fails the next API calls with a 500, then works again (and SDK retries get through)', async () => {
    await control('faults', { mode: 'error', count: 1, status: 500 })
    await expect(stripe.checkout.sessions.create(sessionParams())).rejects.toMatchObject({
      type: 'StripeAPIError',
      statusCode: 500,
    })
    const ok = await stripe.checkout.sessions.create(sessionParams())
    expect(ok.status).toBe('open')

    await control('faults', { mode: 'error', count: 2, path: '/v1/checkout/sessions', method: 'GET' })
    const retrying = client({ maxNetworkRetries: 2 })
    expect((await retrying.checkout.sessions.retrieve(ok.id)).id).toBe(ok.id)
    expect((await control('faults')).faults).toEqual([])
  })

  it('times out, and the late request still happens so an idempotent retry returns it', async () => {
    await control('faults', { mode: 'timeout', count: 1, delayMs: 300 })
    const impatient = client({ timeout: 100 })
    const key = `timeout_${Date.now()}`
    await expect(
      impatient.checkout.sessions.create(sessionParams(), { idempotencyKey: key }),
    ).rejects.toMatchObject({
      type: 'StripeConnectionError',
    })
    // the hung request is carried out once its delay is over, after the client gave up
    for (let i = 0; i < 100 && (await stripe.checkout.sessions.list()).data.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 20))
    }
    const retried = await stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: key })
    expect(retried.lastResponse.headers['idempotent-replayed']).toBe('true')
    expect((await stripe.checkout.sessions.list()).data.map((s) => s.id)).toEqual([retried.id])
  })
})

describe('refunds and disputes', () => {
  async function paidIntent() {
    const s = await stripe.checkout.sessions.create(sessionParams())
    await control(`sessions/${s.id}/pay`, { outcome: 'card_success' })
    return (await stripe.checkout.sessions.retrieve(s.id)).payment_intent as string
  }

  it('refunds partially then fully, and refuses more than what is left', async () => {
    const pi = await paidIntent()
    const part = await stripe.refunds.create({
      payment_intent: pi,
      amount: 1000,
      reason: 'requested_by_customer',
    })
    expect(part).toMatchObject({ object: 'refund', status: 'pending', amount: 1000, payment_intent: pi })
    await expect(stripe.refunds.create({ payment_intent: pi, amount: 2301 })).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      code: 'amount_too_large',
      param: 'amount',
    })
    const updated = await waitFor(() => receiver.received.find((r) => r.type === 'refund.updated'))
    expect(JSON.parse(updated.body).data).toMatchObject({
      object: { status: 'succeeded' },
      previous_attributes: { status: 'pending' },
    })

    const rest = await stripe.refunds.create({ payment_intent: pi })
    expect(rest.amount).toBe(2300)
    await control('refunds/settle', {})
    const refundedEvents = await waitFor(() => {
      const list = receiver.received.filter((r) => r.type === 'charge.refunded')
      return list.length === 2 && list
    })
    const lastCharge = JSON.parse(refundedEvents.at(-1)!.body).data.object
    expect(lastCharge).toMatchObject({ amount_refunded: 3300, refunded: true })
    expect(lastCharge.refunds.data).toHaveLength(2)

    await expect(stripe.refunds.create({ payment_intent: pi })).rejects.toMatchObject({
      code: 'charge_already_refunded',
    })
    const listed = await stripe.refunds.list({ payment_intent: pi })
    expect(listed.data.map((r) => [r.amount, r.status])).toEqual([
      [2300, 'succeeded'],
      [1000, 'succeeded'],
    ])
    expect((await stripe.refunds.retrieve(part.id)).status).toBe('succeeded')
  })

  it('opens a dispute on a charge', async () => {
    const pi = await paidIntent()
    const charge = (await stripe.paymentIntents.retrieve(pi)).latest_charge as string
    const out = await control(`charges/${charge}/dispute`, { reason: 'fraudulent' })
    expect(out.dispute).toMatchObject({ object: 'dispute', charge, amount: 3300, status: 'needs_response' })
    const evt = await waitFor(() => receiver.received.find((r) => r.type === 'charge.dispute.created'))
    expect(JSON.parse(evt.body).data.object.id).toMatch(/^dp_/)
    expect((await stripe.charges.retrieve(charge)).disputed).toBe(true)
    await expect(stripe.refunds.create({ charge })).rejects.toMatchObject({ code: 'charge_disputed' })
  })
})
