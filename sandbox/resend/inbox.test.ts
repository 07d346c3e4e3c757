import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startResendSandbox, type TestSandbox } from './test-helpers.ts'

let t: TestSandbox
let id: string
const csv = Buffer.from('sku;qty\nHOOK-1;2\n')

beforeAll(async () => {
  t = await startResendSandbox()
  await t.resend.emails.send({
    from: 'shop@hookline.test',
    to: 'older@example.com',
    subject: 'Older',
    text: 'old',
  })
  await new Promise((r) => setTimeout(r, 5))
  const r = await t.resend.emails.send({
    from: 'Hookline Demo Shop <shop@hookline.test>',
    to: ['ewa@example.com'],
    cc: 'staff@hookline.test',
    subject: 'Twój link <logowania> & więcej',
    html: '<html><head></head><body><p>Kliknij: <a href="http://localhost:3000/auth/verify?token=abc&amp;x=1">Zaloguj</a></p><script>alert(1)</script></body></html>',
    text: 'Kliknij: http://localhost:3000/auth/verify?token=abc&x=1',
    attachments: [{ filename: 'zamówienie.csv', content: csv }],
  })
  id = r.data!.id
})
afterAll(() => t.close())

const get = async (path: string) => {
  const res = await fetch(`${t.url}${path}`)
  return { res, html: await res.text() }
}

describe('inbox pages', () => {
  it('lists messages newest first with recipient, escaped subject, status and attachment count', async () => {
    const { res, html } = await get('/inbox')
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(html).toContain('<title>Sandbox inbox</title>')
    expect(html).toContain('<h1>Sandbox inbox</h1>')
    expect(html).toContain('<table aria-label="Messages">')
    expect(html).toContain(`<a href="/inbox/${id}">Twój link &lt;logowania&gt; &amp; więcej</a>`)
    expect(html.indexOf('ewa@example.com')).toBeLessThan(html.indexOf('older@example.com'))
    expect(html).toMatch(new RegExp(`data-message-id="${id}"[\\s\\S]*?<td class="num">1</td>`))
    expect(html).not.toMatch(/(src|href)="https?:/)
  })

  it('filters by recipient', async () => {
    const { html } = await get('/inbox?to=older%40example.com')
    expect(html).toContain('Older')
    expect(html).not.toContain('ewa@example.com')
  })

  it('shows one message with headers, sandboxed HTML, text, links and attachments', async () => {
    const { html } = await get(`/inbox/${id}`)
    expect(html).toContain('<title>Twój link &lt;logowania&gt; &amp; więcej - Sandbox inbox</title>')
    expect(html).toContain('<dt>From</dt><dd>Hookline Demo Shop &lt;shop@hookline.test&gt;</dd>')
    expect(html).toContain('<dt>Cc</dt><dd>staff@hookline.test</dd>')
    expect(html).toMatch(
      /<iframe title="HTML body of the email" src="\/inbox\/[^"]+\/html\?frame=1" sandbox="[^"]*"/,
    )
    expect(html).toContain(
      '<pre class="text-body">Kliknij: http://localhost:3000/auth/verify?token=abc&amp;x=1</pre>',
    )
    expect(html).toContain('<a href="http://localhost:3000/auth/verify?token=abc&amp;x=1">')
    expect(html).toContain(
      `<a href="/inbox/${id}/attachments/0" download="zamówienie.csv">zamówienie.csv</a>`,
    )
    expect(html).toContain('text/csv')
    expect(html).not.toContain('<script>')
  })

  it('serves the email HTML with a CSP that blocks scripts and remote loads', async () => {
    const { res, html } = await get(`/inbox/${id}/html?frame=1`)
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(html).toContain('<head><base target="_top"></head>')
  })

  it('downloads attachments byte for byte', async () => {
    const res = await fetch(`${t.url}/inbox/${id}/attachments/0`)
    expect(res.headers.get('content-type')).toBe('text/csv')
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="zam_wienie.csv"; filename*=UTF-8''${encodeURIComponent('zamówienie.csv')}`,
    )
    expect(Buffer.from(await res.arrayBuffer()).equals(csv)).toBe(true)
    expect((await fetch(`${t.url}/inbox/${id}/attachments/7`)).status).toBe(404)
  })

  it('answers 404 for unknown messages, and clears from the page', async () => {
    const { res, html } = await get('/inbox/nope')
    expect(res.status).toBe(404)
    expect(html).toContain('<h1>Message not found</h1>')
    const cleared = await fetch(`${t.url}/inbox/clear`, { method: 'POST', redirect: 'manual' })
    expect(cleared.status).toBe(303)
    expect((await get('/inbox')).html).toContain('No messages yet.')
  })

  it('does not claim paths outside its own', async () => {
    const res = await fetch(`${t.url}/v1/charges`)
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ error: { type: 'invalid_request_error' } })
  })
})
