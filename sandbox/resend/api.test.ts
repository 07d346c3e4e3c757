import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startResendSandbox, type TestSandbox, waitFor } from './test-helpers.ts'

type Msg = {
  id: string
  to: string[]
  subject: string
  last_event: string
  idempotency_key: string | null
  attachments: { filename: string; content_type: string; size: number; url: string }[]
}

let t: TestSandbox
beforeAll(async () => {
  t = await startResendSandbox()
})
afterAll(() => t.close())
afterEach(async () => {
  await t.control('POST', 'reset')
})

const from = 'Hookline Demo Shop <shop@hookline.test>'
const messages = async (to?: string) =>
  (await t.control<{ data: Msg[] }>('GET', `messages${to ? `?to=${encodeURIComponent(to)}` : ''}`)).body.data

describe('POST /resend/emails through the official SDK', () => {
  it('accepts an email with a PDF attachment and stores it', async () => {
    const pdf = Buffer.from('%PDF-1.7\n% fake invoice \u0105\u0119\n%%EOF\n')
    const { data, error } = await t.resend.emails.send({
      from,
      to: 'anna@example.com',
      subject: 'Płatność potwierdzona: zamówienie HL-1001',
      html: '<p>Dziękujemy! <a href="http://localhost:3000/orders/1">Zamówienie</a></p>',
      text: 'Dziękujemy! http://localhost:3000/orders/1',
      attachments: [{ filename: 'faktura FV-1.pdf', content: pdf, contentType: 'application/pdf' }],
      tags: [{ name: 'kind', value: 'payment-confirmed' }],
    })
    expect(error).toBeNull()
    expect(data?.id).toMatch(/^[0-9a-f-]{36}$/)

    const [m] = await messages('anna@example.com')
    expect(m?.id).toBe(data?.id)
    expect(m?.attachments).toEqual([
      expect.objectContaining({
        filename: 'faktura FV-1.pdf',
        content_type: 'application/pdf',
        size: pdf.length,
      }),
    ])
    const res = await fetch(m!.attachments[0]!.url)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''faktura%20FV-1.pdf")
    expect(Buffer.from(await res.arrayBuffer()).equals(pdf)).toBe(true)

    const got = await waitFor(async () => {
      const r = await t.resend.emails.get(data!.id)
      return r.data?.last_event === 'delivered' ? r.data : null
    })
    expect(got).toMatchObject({ object: 'email', to: ['anna@example.com'], subject: m!.subject, from })
  })

  it('reads RESEND_BASE_URL like the app does', async () => {
    const { Resend } = await import('resend')
    process.env.RESEND_BASE_URL = `${t.url}/resend`
    try {
      const r = await new Resend('re_test_sandbox').emails.send({
        from,
        to: 'env@example.com',
        subject: 'x',
        text: 'y',
      })
      expect(r.error).toBeNull()
    } finally {
      delete process.env.RESEND_BASE_URL
    }
  })

  it('answers 401 without a bearer key and 403 for a key that is not re_...', async () => {
    const res = await fetch(`${t.url}/resend/emails`, { method: 'POST', body: '{}' })
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ statusCode: 401, name: 'missing_api_key' })
    const { Resend } = await import('resend')
    const bad = await new Resend('sk_wrong', { baseUrl: `${t.url}/resend` }).emails.send({
      from,
      to: 'a@example.com',
      subject: 's',
      text: 't',
    })
    expect(bad.error).toMatchObject({ statusCode: 403, name: 'invalid_api_key' })
  })

  it('validates like Resend (422)', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ from, subject: 's', text: 't' }, 'missing_required_field', /`to`/],
      [
        { from: 'not an address', to: 'a@example.com', subject: 's', text: 't' },
        'validation_error',
        /`from`/,
      ],
      [{ from, to: ['ok@example.com', 'nope'], subject: 's', text: 't' }, 'validation_error', /`to`/],
      [
        { from, to: Array.from({ length: 51 }, (_, i) => `u${i}@example.com`), subject: 's', text: 't' },
        'validation_error',
        /50/,
      ],
      [{ from, to: 'a@example.com', text: 't' }, 'missing_required_field', /`subject`/],
      [{ from, to: 'a@example.com', subject: 's' }, 'missing_required_field', /`html` or `text`/],
      [
        {
          from,
          to: 'a@example.com',
          subject: 's',
          text: 't',
          attachments: [{ filename: 'a.pdf', content: '***' }],
        },
        'invalid_attachment',
        /base64/,
      ],
      [
        { from, to: 'a@example.com', subject: 's', text: 't', tags: [{ name: 'bad tag', value: 'x' }] },
        'validation_error',
        /tags/,
      ],
    ]
    for (const [body, name, message] of cases) {
      const res = await fetch(`${t.url}/resend/emails`, {
        method: 'POST',
        headers: { authorization: 'Bearer re_test_sandbox', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      const json = (await res.json()) as { statusCode: number; name: string; message: string }
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(422)
      expect(json).toMatchObject({ statusCode: 422, name })
      expect(json.message).toMatch(message)
    }
    expect(await messages()).toHaveLength(0)
  })

  it('GET /resend/emails/:id of an unknown id is a not_found error', async () => {
    const r = await t.resend.emails.get('00000000-0000-4000-8000-000000000000')
    expect(r.error).toMatchObject({ statusCode: 404, name: 'not_found' })
  })

  it('sends a batch', async () => {
    const r = await t.resend.batch.send([
      { from, to: 'b1@example.com', subject: 'one', text: '1' },
      { from, to: 'b2@example.com', subject: 'two', html: '<p>2</p>' },
    ])
    expect(r.error).toBeNull()
    expect(r.data?.data).toHaveLength(2)
    expect(await messages()).toHaveLength(2)
  })
})

describe('Idempotency-Key', () => {
  const email = { from, to: 'idem@example.com', subject: 'Faktura FV/2026/0001', text: 'W załączniku.' }

  it('replays the first answer for the same key and body, and sends one message', async () => {
    const a = await t.resend.emails.send(email, { idempotencyKey: 'invoice/1/email' })
    const b = await t.resend.emails.send({ ...email }, { idempotencyKey: 'invoice/1/email' })
    expect(a.error).toBeNull()
    expect(b.data?.id).toBe(a.data?.id)
    const list = await messages()
    expect(list).toHaveLength(1)
    expect(list[0]?.idempotency_key).toBe('invoice/1/email')
  })

  it('rejects the same key with a different body (409 invalid_idempotent_request)', async () => {
    await t.resend.emails.send(email, { idempotencyKey: 'invoice/2/email' })
    const r = await t.resend.emails.send(
      { ...email, subject: 'changed' },
      { idempotencyKey: 'invoice/2/email' },
    )
    expect(r.data).toBeNull()
    expect(r.error).toMatchObject({ statusCode: 409, name: 'invalid_idempotent_request' })
    expect(await messages()).toHaveLength(1)
  })

  it('creates one message for concurrent requests with the same key', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => t.resend.emails.send(email, { idempotencyKey: 'invoice/3/email' })),
    )
    const ids = new Set(results.map((r) => r.data?.id))
    expect(results.every((r) => r.error === null)).toBe(true)
    expect(ids.size).toBe(1)
    expect(await messages()).toHaveLength(1)
  })

  it('forgets keys after the TTL', async () => {
    const short = await startResendSandbox({ idempotencyTtlMs: 30 })
    try {
      const a = await short.resend.emails.send(email, { idempotencyKey: 'k' })
      await new Promise((r) => setTimeout(r, 50))
      const b = await short.resend.emails.send(email, { idempotencyKey: 'k' })
      expect(b.data?.id).not.toBe(a.data?.id)
    } finally {
      await short.close()
    }
  })
})

describe('faults', () => {
  const email = { from, to: 'fault@example.com', subject: 's', text: 't' }

  it('surfaces 429 and 500 as SDK errors, then recovers', async () => {
    await t.control('POST', 'faults', { mode: 'rate_limit', count: 1 })
    await t.control('POST', 'faults', { mode: 'error', count: 2 })
    const r1 = await t.resend.emails.send(email)
    expect(r1.error).toMatchObject({ statusCode: 429, name: 'rate_limit_exceeded' })
    expect(r1.headers?.['retry-after']).toBe('1')
    for (let i = 0; i < 2; i++) {
      const r = await t.resend.emails.send(email)
      expect(r.error).toMatchObject({ statusCode: 500, name: 'internal_server_error' })
    }
    const ok = await t.resend.emails.send(email)
    expect(ok.error).toBeNull()
    expect(await messages()).toHaveLength(1)
  })

  it('timeout drops the connection; with accept the retry under the same key returns the same id', async () => {
    await t.control('POST', 'faults', { mode: 'timeout', count: 1, delayMs: 50 })
    const r = await t.resend.emails.send(email, { idempotencyKey: 'timeout/1' })
    expect(r.error).toMatchObject({ name: 'application_error', statusCode: null })
    expect(await messages()).toHaveLength(0)

    await t.control('POST', 'faults', { mode: 'timeout', count: 1, delayMs: 50, accept: true })
    const lost = await t.resend.emails.send(email, { idempotencyKey: 'timeout/2' })
    expect(lost.error).not.toBeNull()
    const retry = await t.resend.emails.send(email, { idempotencyKey: 'timeout/2' })
    expect(retry.error).toBeNull()
    const list = await messages()
    expect(list.map((m) => m.id)).toEqual([retry.data?.id])
  })

  it('DELETE faults clears pending faults', async () => {
    await t.control('POST', 'faults', { mode: 'error', count: 5 })
    await t.control('DELETE', 'faults')
    expect((await t.resend.emails.send(email)).error).toBeNull()
  })

  it('rejects an unknown fault mode', async () => {
    expect((await t.control('POST', 'faults', { mode: 'explode' })).status).toBe(400)
  })
})
