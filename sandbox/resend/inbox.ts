// The dev inbox: plain server-rendered HTML, no scripts, no external assets.
import { escapeHtml as esc } from '../lib/http.ts'
import type { Message } from './types.ts'

const STYLE = `
:root { color-scheme: light; --brand: #0f766e; --ink: #1f2937; --muted: #4b5563; --line: #d1d5db; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f9fafb; }
header.top { background: var(--brand); color: #fff; padding: 12px 24px; display: flex; gap: 16px; align-items: baseline; }
header.top a { color: #fff; font-weight: 600; text-decoration: none; }
header.top span { opacity: .9; }
main { max-width: 1100px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 1.5rem; margin: 8px 0 16px; overflow-wrap: anywhere; }
h2 { font-size: 1.15rem; margin: 24px 0 8px; }
a { color: #0b5d56; }
a:focus-visible, button:focus-visible, input:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid var(--line); }
th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f3f4f6; font-weight: 600; }
td.num { text-align: right; }
.status { display: inline-block; padding: 0 8px; border-radius: 999px; font-size: .85rem; border: 1px solid currentColor; }
.status-delivered { color: #166534; } .status-bounced, .status-complained { color: #991b1b; } .status-queued, .status-sent, .status-scheduled { color: #374151; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; background: #fff; border: 1px solid var(--line); padding: 12px 16px; margin: 0; }
dt { font-weight: 600; color: var(--muted); } dd { margin: 0; overflow-wrap: anywhere; }
iframe { width: 100%; height: 640px; border: 1px solid var(--line); background: #fff; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #fff; border: 1px solid var(--line); padding: 12px 16px; margin: 0; }
form.inline { display: inline; }
button { font: inherit; padding: 4px 12px; border: 1px solid var(--brand); background: #fff; color: #0b5d56; border-radius: 4px; cursor: pointer; }
.toolbar { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; margin-bottom: 12px; }
.muted { color: var(--muted); }
textarea { font: inherit; width: 100%; max-width: 40rem; }
.ok { color: #166534; } .error { color: #991b1b; }
`

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="top"><a href="/inbox">Sandbox inbox</a><span>Emails sent through the Resend emulator. Nothing leaves this machine.</span></header>
<main>
${body}
</main>
</body>
</html>`
}

const time = (iso: string) =>
  `<time datetime="${esc(iso)}">${esc(iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'))}</time>`
const status = (s: string) => `<span class="status status-${esc(s)}">${esc(s)}</span>`
const list = (xs: string[]) => esc(xs.join(', '))

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

export function inboxPage(messages: Message[], filter: string | null): string {
  const rows = messages
    .map(
      (m) => `<tr data-message-id="${esc(m.id)}">
<td>${list(m.to)}</td>
<td><a href="/inbox/${esc(m.id)}">${esc(m.subject || '(no subject)')}</a></td>
<td>${time(m.createdAt)}</td>
<td>${status(m.lastEvent)}</td>
<td class="num">${m.attachments.length}</td>
</tr>`,
    )
    .join('\n')
  const table = messages.length
    ? `<table aria-label="Messages">
<thead><tr><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Sent</th><th scope="col">Status</th><th scope="col">Attachments</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`
    : '<p class="empty">No messages yet.</p>'
  return layout(
    'Sandbox inbox',
    `<h1>Sandbox inbox</h1>
<div class="toolbar">
<form method="get" action="/inbox" role="search">
<label for="to">Recipient</label>
<input id="to" name="to" type="search" value="${esc(filter ?? '')}">
<button type="submit">Filter</button>
</form>
<span class="muted" aria-live="polite">${messages.length} message${messages.length === 1 ? '' : 's'}</span>
<form class="inline" method="post" action="/inbox/clear"><button type="submit">Delete all messages</button></form>
</div>
${table}`,
  )
}

/** Absolute http(s) links in the HTML body, in order, without duplicates. */
export function linksIn(html: string | null, text: string | null): string[] {
  const out = new Set<string>()
  for (const m of (html ?? '').matchAll(/href\s*=\s*["']([^"']+)["']/gi)) {
    const href = m[1]!.replace(/&amp;/g, '&')
    if (/^https?:\/\//i.test(href)) out.add(href)
  }
  for (const m of (text ?? '').matchAll(/https?:\/\/[^\s<>"')\]]+/gi)) out.add(m[0])
  return [...out]
}

export type ReplyState = { canReply?: boolean; replied?: boolean; replyError?: string }

/** What the customer's mail client would send back: threaded on our Message-ID, to the Reply-To address. */
export function customerReply(m: Message, text: string, now = new Date()): string {
  const to = m.replyTo[0] ?? m.from
  const from = m.to[0] ?? 'customer@example.com'
  const subject = /^re:/i.test(m.subject) ? m.subject : `Re: ${m.subject}`
  const quoted = (m.text ?? '')
    .split(/\r?\n/)
    .map((l) => `> ${l}`)
    .join('\r\n')
  const encodedSubject = /^[\x20-\x7e]*$/.test(subject)
    ? subject
    : `=?UTF-8?B?${Buffer.from(subject, 'utf8').toString('base64')}?=`
  const id = `<reply-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}@customer.sandbox.local>`
  return [
    `From: ${from}`,
    `To: ${to}`,
    `Subject: ${encodedSubject}`,
    `Date: ${now.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: ${id}`,
    `In-Reply-To: ${m.messageId}`,
    `References: ${m.messageId}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    text.replace(/\r?\n/g, '\r\n'),
    '',
    `On ${m.createdAt}, ${m.from} wrote:`,
    quoted,
    '',
  ].join('\r\n')
}

function replyForm(m: Message, state: ReplyState): string {
  if (!state.canReply) return ''
  return `<section aria-labelledby="h-reply"><h2 id="h-reply">Reply as the customer</h2>
${state.replied ? '<p role="status" class="ok">Reply delivered to the shop&#39;s mailbox (IMAP).</p>' : ''}
<form method="post" action="/inbox/${esc(m.id)}/reply">
<p class="muted">Goes to ${esc(m.replyTo[0] ?? m.from)} with In-Reply-To ${esc(m.messageId)}.</p>
<label for="reply-text">Reply text</label><br>
<textarea id="reply-text" name="text" rows="4" cols="60" required${state.replyError ? ' aria-invalid="true" aria-describedby="reply-error"' : ''}></textarea>
${state.replyError ? `<p id="reply-error" class="error">${esc(state.replyError)}</p>` : ''}
<p><button type="submit">Reply as the customer</button></p>
</form></section>`
}

export function messagePage(m: Message, state: ReplyState = {}): string {
  const rows: [string, string][] = [
    ['From', esc(m.from)],
    ['To', list(m.to)],
    ...(m.cc.length ? [['Cc', list(m.cc)] as [string, string]] : []),
    ...(m.bcc.length ? [['Bcc', list(m.bcc)] as [string, string]] : []),
    ...(m.replyTo.length ? [['Reply-To', list(m.replyTo)] as [string, string]] : []),
    ['Subject', esc(m.subject)],
    ['Date', time(m.createdAt)],
    ['Status', status(m.lastEvent)],
    ['Email ID', `<code>${esc(m.id)}</code>`],
    ['Message-ID', `<code>${esc(m.messageId)}</code>`],
    ...(m.idempotencyKey
      ? [['Idempotency key', `<code>${esc(m.idempotencyKey)}</code>`] as [string, string]]
      : []),
    ...(m.tags.length
      ? [['Tags', esc(m.tags.map((t) => `${t.name}=${t.value}`).join(', '))] as [string, string]]
      : []),
    ...Object.entries(m.headers).map(([k, v]) => [esc(k), esc(v)] as [string, string]),
  ]
  if (m.bounce) rows.push(['Bounce', esc(`${m.bounce.type} / ${m.bounce.subType}: ${m.bounce.message}`)])
  const links = linksIn(m.html, m.text)
  const attachments = m.attachments.length
    ? `<ul class="attachments">${m.attachments
        .map((a, i) =>
          a.path && a.content.length === 0
            ? `<li>${esc(a.filename)} <span class="muted">(remote, not fetched: ${esc(a.path)})</span></li>`
            : `<li><a href="/inbox/${esc(m.id)}/attachments/${i}" download="${esc(a.filename)}">${esc(a.filename)}</a> <span class="muted">(${esc(a.contentType)}, ${formatBytes(a.content.length)})</span></li>`,
        )
        .join('')}</ul>`
    : '<p>No attachments.</p>'
  return layout(
    `${m.subject} - Sandbox inbox`,
    `<p><a href="/inbox">&larr; All messages</a></p>
<h1>${esc(m.subject || '(no subject)')}</h1>
${replyForm(m, state)}
<section aria-labelledby="h-headers"><h2 id="h-headers">Headers</h2>
<dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl></section>
<section aria-labelledby="h-events"><h2 id="h-events">Events</h2>
<ol class="events">${m.events.map((e) => `<li>${esc(e.type)} at ${time(e.at)}</li>`).join('')}</ol></section>
<section aria-labelledby="h-attachments"><h2 id="h-attachments">Attachments</h2>${attachments}</section>
<section aria-labelledby="h-links"><h2 id="h-links">Links in this message</h2>${
      links.length
        ? `<ul class="links">${links.map((l) => `<li><a href="${esc(l)}">${esc(l)}</a></li>`).join('')}</ul>`
        : '<p>No links.</p>'
    }</section>
<section aria-labelledby="h-html"><h2 id="h-html">HTML version</h2>${
      m.html !== null
        ? `<p><a href="/inbox/${esc(m.id)}/html">Open the HTML version on its own</a></p>
<iframe title="HTML body of the email" src="/inbox/${esc(m.id)}/html?frame=1" sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"></iframe>`
        : '<p>This message has no HTML version.</p>'
    }</section>
<section aria-labelledby="h-text"><h2 id="h-text">Text version</h2>${
      m.text !== null
        ? `<pre class="text-body">${esc(m.text)}</pre>`
        : '<p>This message has no text version.</p>'
    }</section>`,
  )
}

export function notFoundPage(id: string): string {
  return layout(
    'Message not found - Sandbox inbox',
    `<h1>Message not found</h1><p>No message with id <code>${esc(id)}</code>.</p><p><a href="/inbox">Back to the inbox</a></p>`,
  )
}

/** The email HTML as served to the iframe: links leave the frame, and a CSP keeps it offline and script-free. */
export function framedHtml(html: string, framed: boolean): string {
  if (!framed) return html
  const base = '<base target="_top">'
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (h) => h + base) : base + html
}

export const EMAIL_CSP =
  "default-src 'none'; img-src data: cid:; style-src 'unsafe-inline'; font-src data:; frame-ancestors 'self'"
