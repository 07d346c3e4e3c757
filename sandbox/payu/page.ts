// PayU's hosted pay page, reduced to what a test or a demo needs: plain HTML without JavaScript or external
// assets, BLIK with test codes, a pay-by-link bank transfer with a bank simulator, and a way back to the shop.
import type { ServerResponse } from 'node:http'
import { escapeHtml, type SandboxRequest, sendHtml } from '../lib/http.ts'
import { banks } from './api.ts'
import type { PayuCore } from './core.ts'
import { PayuError } from './errors.ts'
import type { Order } from './model.ts'
import { formatAmount } from './util.ts'

export type PageDeps = { core: () => PayuCore; merchantName: string }

/** BLIK test codes: 777xxx is authorised, any other six digits are declined in the bank app. */
export const blikOk = /^777\d{3}$/

const styles = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#f3f4f2}
header{background:#fff;border-bottom:3px solid #438f29;padding:.75rem 1rem}
header p{max-width:36rem;margin:0 auto;font-weight:700;color:#2d6a1a}
main{max-width:36rem;margin:1.25rem auto;padding:1.25rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
.badge{display:inline-block;margin:0 0 .5rem;padding:.1rem .5rem;border-radius:4px;background:#ffde92;color:#5c3b00;font-size:.8rem;font-weight:600}
h1{font-size:1.35rem;margin:.25rem 0 1rem}h2{font-size:1.05rem;margin:0 0 .5rem}
table{width:100%;border-collapse:collapse}th,td{padding:.35rem 0;text-align:left;vertical-align:top}td.num,th.num{text-align:right;white-space:nowrap;padding-left:.75rem}
tfoot th,tfoot td{border-top:1px solid #d0d5cc;font-weight:700}
section.method{margin:1.25rem 0 0;padding:1rem;border:1px solid #d0d5cc;border-radius:6px}
label{display:block;margin:.5rem 0 .25rem;font-weight:600}
input[type=text]{width:100%;max-width:12rem;padding:.6rem;font:inherit;font-size:1.25rem;letter-spacing:.2em;border:1px solid #767676;border-radius:6px}
fieldset{margin:0;padding:0;border:0}legend{font-weight:600;margin-bottom:.25rem}
.radio{display:flex;gap:.5rem;align-items:center;margin:.35rem 0;font-weight:400}
input:focus,button:focus,a:focus{outline:3px solid #1f5fbf;outline-offset:2px}
.hint{margin:.25rem 0 0;color:#4a4f45;font-size:.875rem}
button{display:block;width:100%;margin-top:.9rem;padding:.7rem;font:inherit;font-weight:600;border:0;border-radius:6px;background:#438f29;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#2d6a1a;border:1px solid #438f29}
button.danger{background:#fff;color:#9b1c1c;border:1px solid #9b1c1c}
.error{margin:.75rem 0 0;padding:.6rem .8rem;border-radius:6px;background:#fde8e8;color:#8a1c1c;font-weight:600}
.status{padding:.75rem;border-radius:6px;background:#eef6ea}
.back{display:inline-block;margin-top:1.25rem;color:#1f5fbf}
@media (max-width:40rem){main{margin:.75rem .5rem;padding:1rem}}
`

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="pl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${styles}</style>
</head>
<body>
<header><p>PayU</p></header>
<main>
<p class="badge">Sandbox &middot; tryb testowy / test mode</p>
${body}
</main>
</body>
</html>`
}

function summary(o: Order): string {
  const rows = o.products
    .map(
      (p) =>
        `<tr><td>${escapeHtml(p.name)}</td><td class="num">${escapeHtml(p.quantity)}</td><td class="num">${escapeHtml(formatAmount(Number(p.unitPrice) * Number(p.quantity), o.currencyCode))}</td></tr>`,
    )
    .join('\n')
  return `<section aria-labelledby="summary-heading">
<h2 id="summary-heading">Zamówienie / Order: ${escapeHtml(o.description)}</h2>
<table>
<thead><tr><th scope="col">Produkt / Item</th><th scope="col" class="num">Ilość / Qty</th><th scope="col" class="num">Kwota / Amount</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><th scope="row" colspan="2">Do zapłaty / Total</th><td class="num" data-testid="total">${escapeHtml(formatAmount(o.totalAmount, o.currencyCode))}</td></tr></tfoot>
</table>
</section>`
}

const hidden = (o: Order) =>
  `<input type="hidden" name="orderId" value="${escapeHtml(o.orderId)}"><input type="hidden" name="token" value="${escapeHtml(o.pageToken)}">`

const query = (o: Order) =>
  `orderId=${encodeURIComponent(o.orderId)}&token=${encodeURIComponent(o.pageToken)}`

function payPage(o: Order, deps: PageDeps, form: { code?: string; error?: string } = {}): string {
  const want = o.requestedPayMethod?.value ?? null
  const showBlik = !want || want === 'blik'
  const showBanks = !want || want !== 'blik'
  const offered = want && want !== 'blik' ? banks.filter((b) => b.value === want) : banks
  const error = form.error
  const blik = showBlik
    ? `<section class="method" aria-labelledby="blik-heading">
<h2 id="blik-heading">BLIK</h2>
<form method="post" action="/payu/pay/blik">
${hidden(o)}
${error ? `<p id="blik-error" class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<label for="blik-code">Kod BLIK / BLIK code</label>
<input id="blik-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="7"
  required value="${escapeHtml(form.code ?? '')}" aria-describedby="blik-hint${error ? ' blik-error' : ''}"${error ? ' aria-invalid="true"' : ''}>
<p id="blik-hint" class="hint">Kody testowe / test codes: 777123 (i każdy 777xxx) &ndash; płatność przyjęta / accepted; 111111 (każde inne 6 cyfr) &ndash; odrzucona / declined.</p>
<button type="submit">Zapłać BLIKIEM / Pay with BLIK</button>
</form>
</section>`
    : ''
  const radios = offered
    .map(
      (b, i) =>
        `<label class="radio"><input type="radio" name="bank" value="${escapeHtml(b.value)}"${i === 0 ? ' checked' : ''}> ${escapeHtml(b.name)}</label>`,
    )
    .join('\n')
  const pbl = showBanks
    ? `<section class="method" aria-labelledby="pbl-heading">
<h2 id="pbl-heading">Szybki przelew / Fast bank transfer</h2>
<form method="post" action="/payu/pay/pbl">
${hidden(o)}
<fieldset>
<legend>Wybierz bank / Choose your bank</legend>
${radios}
</fieldset>
<button type="submit">Przejdź do banku / Go to your bank</button>
</form>
</section>`
    : ''
  const body = `<h1>Płatność dla ${escapeHtml(deps.merchantName)} / Pay ${escapeHtml(deps.merchantName)}</h1>
${summary(o)}
${blik}
${pbl}
<p><a class="back" href="/payu/pay/abandon?${query(o)}">Anuluj i wróć do sklepu / Cancel and return to the shop</a></p>`
  return layout(`PayU – ${deps.merchantName}`, body)
}

function bankPage(o: Order): string {
  const bank = banks.find((b) => b.value === o.payment?.value)?.name ?? o.payment?.value ?? ''
  const body = `<h1>${escapeHtml(bank)}: symulator banku / bank simulator</h1>
${summary(o)}
<p class="status" role="status">Przelew czeka na decyzję banku (status PENDING). / The transfer is waiting for the bank (status PENDING).</p>
<form method="post" action="/payu/pay/bank">
${hidden(o)}
<button type="submit" name="action" value="approve">Zatwierdź przelew / Approve the transfer</button>
<button type="submit" class="danger" name="action" value="reject">Odrzuć przelew / Reject the transfer</button>
<button type="submit" class="secondary" name="action" value="later">Wróć do sklepu, bank potwierdzi później / Return to the shop, the bank decides later</button>
</form>`
  return layout(`${bank} – PayU sandbox`, body)
}

const statusText: Record<Order['status'], string> = {
  NEW: 'Płatność nie została rozpoczęta. / The payment has not started.',
  PENDING: 'Płatność jest przetwarzana. / The payment is being processed.',
  WAITING_FOR_CONFIRMATION:
    'Płatność przyjęta, czeka na potwierdzenie sklepu. / Paid, waiting for the shop to confirm.',
  COMPLETED: 'Płatność zakończona. / The payment is complete.',
  CANCELED: 'Płatność anulowana. / The payment was cancelled.',
}

function statusPage(o: Order, status = statusText[o.status]): string {
  const bank =
    o.status === 'PENDING' && o.payment?.flow === 'PBL'
      ? `<p><a class="back" href="/payu/pay/bank?${query(o)}">Otwórz stronę banku ponownie / Open the bank page again</a></p>`
      : ''
  const back = o.continueUrl
    ? `<p><a class="back" href="${escapeHtml(continueTo(o))}">Wróć do sklepu / Return to the shop</a></p>`
    : ''
  return layout(
    'PayU – status',
    `<h1>Status płatności / Payment status</h1>\n${summary(o)}\n<p class="status" role="status" data-status="${o.status}">${escapeHtml(status)}</p>\n${bank}${back}`,
  )
}

function notFoundPage(): string {
  return layout(
    'PayU – not found',
    '<h1>Nie znaleziono płatności / Payment not found</h1>\n<p>Ten link jest nieważny. / This payment link is not valid in this sandbox.</p>',
  )
}

/** PayU sends the buyer back to continueUrl, adding `error=501` when the payment was not authorised. */
function continueTo(o: Order, failed = o.status === 'CANCELED'): string {
  const url = new URL(o.continueUrl!)
  if (failed) url.searchParams.set('error', '501')
  return url.toString()
}

function backToShop(res: ServerResponse, o: Order, failed?: boolean) {
  if (!o.continueUrl) return sendHtml(res, 200, statusPage(o))
  res.writeHead(302, { location: continueTo(o, failed) })
  res.end()
}

export async function handlePayPage(
  r: SandboxRequest,
  res: ServerResponse,
  deps: PageDeps,
): Promise<boolean> {
  const m = /^\/payu\/pay\/?(blik|pbl|bank|abandon)?$/.exec(r.url.pathname)
  if (!m) return false
  const step = m[1] ?? 'start'
  const method = r.method.toUpperCase()
  const form = method === 'POST' ? new URLSearchParams(r.rawBody.toString('utf8')) : r.url.searchParams
  const core = deps.core()
  const o = core.state.orders.get(form.get('orderId') ?? '')
  if (!o || form.get('token') !== o.pageToken) {
    sendHtml(res, 404, notFoundPage())
    return true
  }
  const wantPost = step === 'blik' || step === 'pbl' || (step === 'bank' && method === 'POST')
  if ((wantPost && method !== 'POST') || (!wantPost && method !== 'GET' && method !== 'HEAD')) {
    res.writeHead(405, { allow: wantPost ? 'POST' : 'GET' })
    res.end()
    return true
  }
  try {
    if (step === 'start') {
      sendHtml(res, 200, o.status === 'NEW' ? payPage(o, deps) : statusPage(o))
      return true
    }
    if (step === 'abandon') {
      // Leaving the page changes nothing: the order stays NEW until its validityTime runs out.
      backToShop(res, o, false)
      return true
    }
    if (step === 'blik') {
      // A second submit (back button, double click) must not pay twice.
      if (o.status !== 'NEW') {
        sendHtml(res, 409, statusPage(o))
        return true
      }
      const code = (form.get('code') ?? '').replace(/\s+/g, '')
      if (!/^\d{6}$/.test(code)) {
        sendHtml(
          res,
          400,
          payPage(o, deps, { code, error: 'Kod BLIK ma 6 cyfr. / A BLIK code has 6 digits.' }),
        )
        return true
      }
      core.startPayment(o, { value: 'blik', flow: 'BLIK_PBL', blikCode: code })
      if (blikOk.test(code)) core.authorize(o)
      else core.decline(o)
      backToShop(res, o)
      return true
    }
    if (step === 'pbl') {
      if (o.status !== 'NEW') {
        sendHtml(res, 409, statusPage(o))
        return true
      }
      const bank = form.get('bank') ?? ''
      if (!banks.some((b) => b.value === bank)) {
        sendHtml(res, 400, payPage(o, deps))
        return true
      }
      core.startPayment(o, { value: bank, flow: 'PBL' })
      res.writeHead(303, { location: `/payu/pay/bank?${query(o)}` })
      res.end()
      return true
    }
    // step === 'bank'
    if (o.status !== 'PENDING' || o.payment?.flow !== 'PBL') {
      sendHtml(res, method === 'POST' ? 409 : 200, statusPage(o))
      return true
    }
    if (method !== 'POST') {
      sendHtml(res, 200, bankPage(o))
      return true
    }
    const action = form.get('action')
    if (action === 'approve') core.authorize(o)
    else if (action === 'reject') core.decline(o)
    else if (action !== 'later') {
      sendHtml(res, 400, bankPage(o))
      return true
    }
    backToShop(res, o)
    return true
  } catch (err) {
    if (err instanceof PayuError) {
      sendHtml(res, 409, statusPage(o, err.statusDesc))
      return true
    }
    throw err
  }
}
