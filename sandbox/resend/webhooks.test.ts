import { Webhook } from 'svix'
import { afterEach, describe, expect, it } from 'vitest'
import { newWebhookSecret, signature } from './svix.ts'
import {
  type Received,
  startReceiver,
  startResendSandbox,
  type TestSandbox,
  waitFor,
} from './test-helpers.ts'

type Attempt = { attempt: number; trigger: string; status: number | null; ok: boolean; error: string | null }
type Delivery = {
  svixId: string
  type: string
  emailId: string
  status: string
  attempts: Attempt[]
  payload: { type: string; data: Record<string, unknown> }
}

const from = 'Hookline Demo Shop <shop@hookline.test>'
const secret = newWebhookSecret()
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function setup(respond?: Parameters<typeof startReceiver>[0], opts = {}) {
  const receiver = await startReceiver(respond)
  const t = await startResendSandbox({ webhookUrl: receiver.url, webhookSecret: secret, ...opts })
  cleanups.push(receiver.close, t.close)
  return { receiver, t }
}

const verify = (r: Received) =>
  new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as {
    type: string
    created_at: string
    data: Record<string, unknown>
  }
const deliveries = async (t: TestSandbox, q = '') =>
  (await t.control<{ data: Delivery[] }>('GET', `deliveries${q}`)).body.data

describe('svix signing', () => {
  it('matches the official svix implementation', () => {
    const body = JSON.stringify({ type: 'email.sent', data: { x: 'ąę' } })
    const ts = Math.floor(Date.now() / 1000)
    expect(signature(secret, 'msg_1', ts, body)).toBe(
      new Webhook(secret).sign('msg_1', new Date(ts * 1000), body),
    )
  })
})

describe('delivery webhooks', () => {
  it('posts email.sent then email.delivered, signed so that svix verifies them', async () => {
    const { receiver, t } = await setup()
    const { data } = await t.resend.emails.send({
      from,
      to: ['klient@example.com'],
      subject: 'Zamówienie HL-1001 przyjęte',
      text: 'Dziękujemy',
      tags: [{ name: 'order', value: 'HL-1001' }],
    })
    await waitFor(() => receiver.received.length >= 2, 3000, 'two webhooks')
    const events = receiver.received.map(verify)
    expect(events.map((e) => e.type)).toEqual(['email.sent', 'email.delivered'])
    for (const e of events) {
      expect(e.data).toMatchObject({
        email_id: data?.id,
        from,
        to: ['klient@example.com'],
        subject: 'Zamówienie HL-1001 przyjęte',
        tags: { order: 'HL-1001' },
      })
      expect(Date.parse(e.created_at)).not.toBeNaN()
    }
    const h = receiver.received[0]!.headers
    expect(h['svix-id']).toMatch(/^msg_[0-9A-Za-z]{27}$/)
    expect(Number(h['svix-timestamp'])).toBeCloseTo(Date.now() / 1000, -1)
    expect(h['svix-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+$/)
    expect(h['content-type']).toBe('application/json')

    // A tampered body must not verify: proves the signature covers the body.
    expect(() =>
      new Webhook(secret).verify(`${receiver.received[0]!.body} `, h as Record<string, string>),
    ).toThrow()
    const list = await deliveries(t, `?email_id=${data?.id}`)
    expect(list.map((d) => [d.type, d.status])).toEqual([
      ['email.sent', 'delivered'],
      ['email.delivered', 'delivered'],
    ])
  })

  it('retries failed deliveries with backoff, keeping the svix-id, and records every attempt', async () => {
    // The first three requests fail (two 500s and a 404), everything after succeeds.
    const { receiver, t } = await setup((n) => (n <= 2 ? 500 : n === 3 ? 404 : 200), {
      deliveredDelayMs: 2000,
    })
    await t.resend.emails.send({ from, to: 'retry@example.com', subject: 's', text: 't' })
    const d = await waitFor(
      async () => (await deliveries(t)).find((x) => x.status === 'delivered'),
      3000,
      'retries',
    )
    expect(d.type).toBe('email.sent')
    expect(d.attempts.map((a) => [a.trigger, a.status, a.ok])).toEqual([
      ['initial', 500, false],
      ['retry', 500, false],
      ['retry', 404, false],
      ['retry', 200, true],
    ])
    expect(new Set(receiver.received.map((r) => r.headers['svix-id']))).toEqual(new Set([d.svixId]))
    for (const r of receiver.received) expect(verify(r).type).toBe('email.sent')
    // Exponential: the gaps (base 20 ms) are at least 20, 40 and 80 ms.
    const gaps = receiver.received.slice(1).map((r, i) => r.at - receiver.received[i]!.at)
    expect(gaps[0]).toBeGreaterThanOrEqual(18)
    expect(gaps[1]).toBeGreaterThanOrEqual(38)
    expect(gaps[2]).toBeGreaterThanOrEqual(78)
  })

  it('gives up after maxAttempts and counts timeouts and refused connections as failures', async () => {
    const { t } = await setup(() => 'hang', { webhookTimeoutMs: 50, maxAttempts: 3, retryBaseMs: 10 })
    await t.resend.emails.send({ from, to: 'slow@example.com', subject: 's', text: 't' })
    const d = await waitFor(async () =>
      (await deliveries(t, '?type=email.sent')).find((x) => x.status === 'failed'),
    )
    expect(d.attempts).toHaveLength(3)
    expect(d.attempts.every((a) => a.error?.startsWith('timeout'))).toBe(true)

    await t.control('POST', 'webhook-endpoint', { url: 'http://127.0.0.1:9/nothing-listens', secret })
    await t.control('POST', 'reset')
    await t.resend.emails.send({ from, to: 'refused@example.com', subject: 's', text: 't' })
    const refused = await waitFor(async () =>
      (await deliveries(t, '?type=email.sent')).find((x) => x.status === 'failed'),
    )
    expect(refused.attempts.every((a) => a.status === null && a.error)).toBe(true)
  })

  it('bounces for addresses marked bouncing (and for bounced@resend.dev)', async () => {
    const { receiver, t } = await setup()
    await t.control('POST', 'bounces', { address: 'Gone@Example.com' })
    const { data } = await t.resend.emails.send({
      from,
      to: 'Jan <gone@example.com>',
      subject: 's',
      text: 't',
    })
    await waitFor(() => receiver.received.length >= 2)
    const [sent, bounced] = receiver.received.map(verify)
    expect(sent?.type).toBe('email.sent')
    expect(bounced?.type).toBe('email.bounced')
    expect(bounced?.data).toMatchObject({
      email_id: data?.id,
      bounce: { type: 'Permanent', subType: 'General', message: expect.any(String) },
    })
    expect((await t.resend.emails.get(data!.id)).data?.last_event).toBe('bounced')

    await t.control('DELETE', 'bounces')
    await t.resend.emails.send({ from, to: 'ok@example.com', subject: 's', text: 't' })
    await t.resend.emails.send({ from, to: 'bounced@resend.dev', subject: 's', text: 't' })
    await waitFor(() => receiver.received.length >= 6)
    const types = receiver.received.slice(2).map((r) => `${verify(r).data.to}:${verify(r).type}`)
    expect(types.sort()).toEqual([
      'bounced@resend.dev:email.bounced',
      'bounced@resend.dev:email.sent',
      'ok@example.com:email.delivered',
      'ok@example.com:email.sent',
    ])
  })

  it('redelivers an event on demand, sequentially or concurrently, with the same svix-id', async () => {
    const { receiver, t } = await setup()
    await t.resend.emails.send({ from, to: 'dup@example.com', subject: 's', text: 't' })
    await waitFor(() => receiver.received.length >= 2)
    const [first] = await deliveries(t)
    const seq = await t.control<{ attempts: Attempt[] }>('POST', `events/${first!.svixId}/redeliver`, {
      times: 2,
    })
    expect(seq.body.attempts.map((a) => a.trigger)).toEqual(['redeliver', 'redeliver'])
    const par = await t.control<{ attempts: Attempt[] }>('POST', `events/${first!.svixId}/redeliver`, {
      times: 3,
      concurrent: true,
    })
    expect(par.body.attempts.every((a) => a.ok)).toBe(true)
    const copies = receiver.received.filter((r) => r.headers['svix-id'] === first!.svixId)
    expect(copies).toHaveLength(6)
    for (const c of copies) expect(verify(c).type).toBe('email.sent')
    expect((await t.control('POST', 'events/msg_nope/redeliver', {})).status).toBe(404)
  })

  it('holds deliveries and releases them in reverse order', async () => {
    const { receiver, t } = await setup()
    await t.control('POST', 'hold', { enabled: true })
    const { data } = await t.resend.emails.send({ from, to: 'held@example.com', subject: 's', text: 't' })
    await waitFor(async () => (await deliveries(t)).filter((d) => d.status === 'held').length === 2)
    expect(receiver.received).toHaveLength(0)
    // The message itself moves on; only the webhooks wait.
    expect((await t.resend.emails.get(data!.id)).data?.last_event).toBe('delivered')
    const r = await t.control<{ released: number }>('POST', 'hold', { enabled: false, order: 'reverse' })
    expect(r.body.released).toBe(2)
    expect(receiver.received.map((x) => verify(x).type)).toEqual(['email.delivered', 'email.sent'])
  })

  it('records events without an endpoint and can be pointed at one later', async () => {
    const receiver = await startReceiver()
    const t = await startResendSandbox()
    cleanups.push(receiver.close, t.close)
    await t.resend.emails.send({ from, to: 'later@example.com', subject: 's', text: 't' })
    await waitFor(async () => (await deliveries(t)).length === 2)
    expect((await deliveries(t)).every((d) => d.status === 'no_endpoint')).toBe(true)
    const ep = await t.control<{ url: string; secret: string }>('POST', 'webhook-endpoint', {
      url: receiver.url,
    })
    expect(ep.body.secret).toMatch(/^whsec_/)
    const [d] = await deliveries(t)
    await t.control('POST', `events/${d!.svixId}/redeliver`, {})
    expect(() =>
      new Webhook(ep.body.secret).verify(
        receiver.received[0]!.body,
        receiver.received[0]!.headers as Record<string, string>,
      ),
    ).not.toThrow()
  })
})
