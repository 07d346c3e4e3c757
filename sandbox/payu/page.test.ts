// The hosted pay page as a browser without JavaScript sees it: read the HTML, submit its forms as they are.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type PayuApi, type Receiver, startPayuSandbox, startReceiver, waitFor } from './test-helpers.ts'

let payu: PayuApi
let receiver: Receiver

beforeAll(async () => {
  receiver = await startReceiver()
  payu = await startPayuSandbox()
})

afterAll(async () => {
  await payu?.close()
  await receiver?.close()
})

beforeEach(async () => {
  // let the previous test's notifications land first, so none arrives after the receiver is cleared
  await waitFor(async () => {
    const { data } = (await payu.control('notifications')).body as {
      data: { delivered: boolean; held: boolean }[]
    }
    return data.every((n) => n.delivered || n.held)
  })
  await payu.control('reset', {})
  payu.forgetToken()
  receiver.clear()
})

type Form = { action: string; fields: Record<string, string>; html: string }

/** The forms of a page: action, hidden inputs and the submit buttons' name=value. */
function forms(html: string): Form[] {
  return [...html.matchAll(/<form method="post" action="([^"]+)">([\s\S]*?)<\/form>/g)].map((m) => {
    const fields: Record<string, string> = {}
    for (const h of m[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
      fields[h[1]!] = h[2]!
    return { action: m[1]!, fields, html: m[2]! }
  })
}

const page = async (url: string) => {
  const res = await fetch(url)
  return { status: res.status, type: res.headers.get('content-type'), html: await res.text() }
}

describe('hosted pay page', () => {
  it('is plain accessible HTML: labelled inputs, bilingual text, no scripts or external assets', async () => {
    const o = await payu.createOrder({}, receiver.url)
    const p = await page(o.redirectUri)
    expect(p.status).toBe(200)
    expect(p.type).toBe('text/html; charset=utf-8')
    expect(p.html).toContain('<html lang="pl">')
    expect(p.html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">')
    expect(p.html).not.toMatch(/<script|<link|<img|src=/)
    expect(p.html).toContain('<label for="blik-code">Kod BLIK / BLIK code</label>')
    expect(p.html).toMatch(/<input id="blik-code" name="code"[^>]*inputmode="numeric"[^>]*required/)
    expect(p.html).toContain('<legend>Wybierz bank / Choose your bank</legend>')
    expect(p.html).toContain('<td class="num" data-testid="total">33,00\u00a0zł</td>')
    expect(p.html).toContain('Pierogi ruskie')
    expect(p.html).toContain('Anuluj i wróć do sklepu / Cancel and return to the shop')
    expect(forms(p.html).map((f) => f.action)).toEqual(['/payu/pay/blik', '/payu/pay/pbl'])
  })

  it('paying through the forms as served: BLIK error shown in the form, then accepted', async () => {
    const o = await payu.createOrder({}, receiver.url)
    const blik = forms((await page(o.redirectUri)).html)[0]!
    const post = (fields: Record<string, string>) =>
      fetch(`${payu.url}${blik.action}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...blik.fields, ...fields }),
      })
    const wrong = await post({ code: '77712' })
    expect(wrong.status).toBe(400)
    const html = await wrong.text()
    expect(html).toContain(
      '<p id="blik-error" class="error" role="alert">Kod BLIK ma 6 cyfr. / A BLIK code has 6 digits.</p>',
    )
    expect(html).toMatch(/aria-describedby="blik-hint blik-error" aria-invalid="true"/)
    expect(html).toContain('value="77712"')
    const ok = await post({ code: '777123' })
    expect(ok.status).toBe(302)
    expect(ok.headers.get('location')).toBe('http://shop.test/orders/42/return')
    await waitFor(() => receiver.received.length === 2)
    const after = await page(o.redirectUri)
    expect(after.html).toContain('data-status="COMPLETED"')
    expect(after.html).toContain('The payment is complete.')
  })

  it('bank transfer through the forms: bank choice, then the bank simulator', async () => {
    const o = await payu.createOrder({}, receiver.url)
    const pbl = forms((await page(o.redirectUri)).html)[1]!
    expect(pbl.html).toContain('value="m" checked')
    const toBank = await fetch(`${payu.url}${pbl.action}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...pbl.fields, bank: 'p' }),
    })
    expect(toBank.status).toBe(303)
    const bank = await page(`${payu.url}${toBank.headers.get('location')}`)
    expect(bank.html).toContain('Płacę z iPKO')
    const bankForm = forms(bank.html)[0]!
    expect([...bankForm.html.matchAll(/name="action" value="(\w+)"/g)].map((m) => m[1])).toEqual([
      'approve',
      'reject',
      'later',
    ])
    const reject = await fetch(`${payu.url}${bankForm.action}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...bankForm.fields, action: 'reject' }),
    })
    expect(reject.headers.get('location')).toBe('http://shop.test/orders/42/return?error=501')
    await waitFor(() => receiver.received.length === 2)
    expect(receiver.received.map((r) => r.json.order.status)).toEqual(['PENDING', 'CANCELED'])
  })

  it('shows only the method the order asked for, and refuses a wrong page token', async () => {
    const o = await payu.createOrder(
      { payMethods: { payMethod: { type: 'PBL', value: 'blik' } } },
      receiver.url,
    )
    const p = await page(o.redirectUri)
    expect(forms(p.html).map((f) => f.action)).toEqual(['/payu/pay/blik'])
    const forged = new URL(o.redirectUri)
    forged.searchParams.set('token', 'guess')
    expect((await page(forged.toString())).status).toBe(404)
  })
})
