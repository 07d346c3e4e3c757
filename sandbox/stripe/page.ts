// Stripe Checkout's hosted payment page, reduced to what a test or a demo needs: plain HTML that works
// without JavaScript, test cards, and a delayed bank payment that settles later.
import type { ServerResponse } from 'node:http'
import { escapeHtml, redirect, type SandboxRequest, sendHtml } from '../lib/http.ts'
import type { StripeCore } from './core.ts'
import { StripeError } from './errors.ts'
import type { Session } from './model.ts'
import { formatAmount } from './util.ts'

export type PageDeps = { core: () => StripeCore; merchantName: string; asyncPaymentDelayMs: number }

const styles = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1f36;background:#f6f9fc}
main{max-width:34rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
.badge{display:inline-block;margin:0 0 .5rem;padding:.1rem .5rem;border-radius:4px;background:#ffde92;color:#5c3b00;font-size:.8rem;font-weight:600}
h1{font-size:1.4rem;margin:.25rem 0 1rem}h2{font-size:1.05rem;margin:1.25rem 0 .5rem}
table{width:100%;border-collapse:collapse}th,td{padding:.35rem 0;text-align:left}td.num,th.num{text-align:right}
tfoot th,tfoot td{border-top:1px solid #d5dbe1;font-weight:700}
label{display:block;margin:.75rem 0 .25rem;font-weight:600}
input{width:100%;padding:.6rem;font:inherit;border:1px solid #8792a2;border-radius:6px}
input:focus,button:focus,a:focus{outline:3px solid #635bff;outline-offset:2px}
.hint{margin:.25rem 0 0;color:#4f566b;font-size:.875rem}
button{display:block;width:100%;margin-top:1rem;padding:.7rem;font:inherit;font-weight:600;border:0;border-radius:6px;background:#635bff;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#3c2fd6;border:1px solid #635bff;margin-top:.5rem}
fieldset{margin:1.5rem 0 0;padding:.75rem 1rem 1rem;border:1px solid #d5dbe1;border-radius:6px}legend{font-weight:600;padding:0 .25rem}
.error{margin:1rem 0 0;padding:.6rem .8rem;border-radius:6px;background:#fde8e8;color:#8a1c1c;font-weight:600}
.cancel{display:inline-block;margin-top:1.25rem;color:#3c2fd6}
`

function layout(title: string, lang: string, body: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${styles}</style>
</head>
<body>
<main>
<p class="badge">Test mode &middot; Stripe sandbox</p>
${body}
</main>
</body>
</html>`
}

const localeOf = (s: Session) => (s.locale && s.locale !== 'auto' ? s.locale : 'en')

function summary(s: Session): string {
  const locale = localeOf(s)
  const rows = s.lineItems
    .map(
      (li) =>
        `<tr><td>${escapeHtml(li.name)}</td><td class="num">${li.quantity}</td><td class="num">${escapeHtml(formatAmount(li.unitAmount * li.quantity, li.currency, locale))}</td></tr>`,
    )
    .join('\n')
  return `<section aria-labelledby="summary-heading">
<h2 id="summary-heading">Order summary</h2>
<table>
<thead><tr><th scope="col">Item</th><th scope="col" class="num">Qty</th><th scope="col" class="num">Amount</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><th scope="row" colspan="2">Total</th><td class="num" data-testid="total">${escapeHtml(formatAmount(s.amountTotal, s.currency, locale))}</td></tr></tfoot>
</table>
</section>`
}

function payPage(
  s: Session,
  deps: PageDeps,
  form: { email?: string; card?: string; error?: string } = {},
): string {
  const email = form.email ?? s.customerEmail ?? ''
  const error = form.error
  const seconds = Math.max(1, Math.round(deps.asyncPaymentDelayMs / 1000))
  const cancel = s.cancelUrl
    ? `<a class="cancel" href="${escapeHtml(s.cancelUrl)}">Cancel and return</a>`
    : ''
  const body = `<h1>Pay ${escapeHtml(deps.merchantName)}</h1>
${summary(s)}
<form method="post" action="/checkout/pay/${encodeURIComponent(s.id)}">
<h2>Payment details</h2>
${error ? `<p id="payment-error" class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="email" required value="${escapeHtml(email)}"${s.customerEmail ? ' readonly' : ''}>
<label for="card-number">Card number</label>
<input id="card-number" name="card_number" type="text" inputmode="numeric" autocomplete="cc-number" required
  value="${escapeHtml(form.card ?? '')}" placeholder="4242 4242 4242 4242" aria-describedby="card-hint${error ? ' payment-error' : ''}"${error ? ' aria-invalid="true"' : ''}>
<p id="card-hint" class="hint">Test cards: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined.</p>
<button type="submit" name="action" value="card">Pay</button>
<fieldset>
<legend>Pay later by bank transfer (delayed)</legend>
<p class="hint">The order completes now as unpaid; the bank confirms or rejects the payment after about ${seconds} s.</p>
<button type="submit" class="secondary" name="action" value="async_success" formnovalidate>Pay later (bank transfer, succeeds)</button>
<button type="submit" class="secondary" name="action" value="async_failure" formnovalidate>Pay later (bank transfer, fails)</button>
</fieldset>
</form>
${cancel}`
  return layout(`Pay ${deps.merchantName}`, localeOf(s), body)
}

function closedPage(s: Session): string {
  const done = s.status === 'complete'
  const heading = done ? 'This payment is already complete' : 'This checkout session has expired'
  const text = done
    ? `Nothing more to pay: this checkout session was completed (payment status: ${s.paymentStatus}).`
    : 'The time to pay ran out. Go back to the shop to start a new checkout.'
  const back = done ? successUrl(s) : s.cancelUrl
  const link = back ? `<p><a class="cancel" href="${escapeHtml(back)}">Return to the merchant</a></p>` : ''
  return layout(
    heading,
    localeOf(s),
    `<h1>${heading}</h1>\n${summary(s)}\n<p role="status">${escapeHtml(text)}</p>\n${link}`,
  )
}

function notFoundPage(id: string): string {
  return layout(
    'Checkout session not found',
    'en',
    `<h1>Checkout session not found</h1>\n<p>There is no checkout session <code>${escapeHtml(id)}</code> in this sandbox.</p>`,
  )
}

function successUrl(s: Session): string | null {
  if (!s.successUrl) return null
  return s.successUrl.replaceAll('{CHECKOUT_SESSION_ID}', s.id).replaceAll('%7BCHECKOUT_SESSION_ID%7D', s.id)
}

function finish(res: ServerResponse, s: Session) {
  const url = successUrl(s)
  if (url) return redirect(res, url)
  sendHtml(res, 200, closedPage(s))
}

const emailPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/

export async function handleCheckoutPage(
  r: SandboxRequest,
  res: ServerResponse,
  deps: PageDeps,
): Promise<boolean> {
  const m = /^\/checkout\/pay\/([^/]+)$/.exec(r.url.pathname)
  if (!m) return false
  const id = decodeURIComponent(m[1]!)
  const core = deps.core()
  if (!core.state.sessions.has(id)) {
    sendHtml(res, 404, notFoundPage(id))
    return true
  }
  const s = core.session(id)
  if (r.method === 'GET' || r.method === 'HEAD') {
    sendHtml(res, 200, s.status === 'open' ? payPage(s, deps) : closedPage(s))
    return true
  }
  if (r.method !== 'POST') {
    res.writeHead(405, { allow: 'GET, POST' })
    res.end()
    return true
  }
  // A second submit (back button, double click) must not pay twice.
  if (s.status !== 'open') {
    sendHtml(res, 409, closedPage(s))
    return true
  }
  const form = new URLSearchParams(r.rawBody.toString('utf8'))
  const action = form.get('action') ?? 'card'
  const email = (form.get('email') ?? '').trim() || s.customerEmail || ''
  const card = form.get('card_number') ?? ''
  const rerender = (status: number, error: string) =>
    sendHtml(res, status, payPage(s, deps, { email, card, error }))
  if (email && !emailPattern.test(email)) {
    rerender(400, 'Enter a valid email address.')
    return true
  }
  try {
    if (action === 'card') {
      if (!email) {
        rerender(400, 'Enter your email address.')
        return true
      }
      core.payByCard(s, card, email)
    } else if (action === 'async_success' || action === 'async_failure') {
      core.payLater(s, action === 'async_success' ? 'success' : 'failure', email || null)
    } else {
      rerender(400, `Unknown action: ${action}`)
      return true
    }
  } catch (err) {
    if (err instanceof StripeError && err.type === 'card_error') {
      rerender(err.status, err.message)
      return true
    }
    throw err
  }
  finish(res, s)
  return true
}
