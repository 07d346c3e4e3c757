import { randomUUID } from 'node:crypto'
import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { ActionForm } from '@/components/admin/action-form'
import { InboundBadges } from '@/components/admin/inbound-badges'
import { ReplyForm } from '@/components/admin/reply-form'
import { requireStaffPage } from '@/lib/auth/require-staff'
import { prisma } from '@/lib/db'
import { inboxStrings } from '@/lib/i18n/admin/inbox'
import { getLocale } from '@/lib/i18n/server'
import { getInboundMessage } from '@/lib/inbox/queries'
import { sanitizeEmailHtml } from '@/lib/inbox/sanitize'
import { markMessageRead } from '@/lib/inbox/staff-actions'
import { formatDate } from '@/lib/money'
import { linkMessageAction, replyToMessageAction } from '../actions'

export const metadata: Metadata = { title: 'Message' }

const formatBytes = (n: number) =>
  n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(1)} MB`

export default async function InboundMessagePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>
  searchParams: Promise<{ images?: string }>
}) {
  const { id } = await params
  await requireStaffPage(`/admin/inbox/${id}`, 'correspondence.read')
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound()
  const found = await getInboundMessage(prisma, id)
  if (!found) notFound()
  // opening a message reads it
  if (!found.readAt) await markMessageRead(prisma, found.id)
  const m = { ...found, readAt: found.readAt ?? new Date() }
  const locale = await getLocale()
  const t = inboxStrings[locale]
  const showImages = (await searchParams).images === '1'
  const html = m.htmlBody ? sanitizeEmailHtml(m.htmlBody, { allowRemoteImages: showImages }) : null
  const quoted = m.textBody && m.replyText && m.textBody.trim() !== m.replyText.trim() ? m.textBody : null
  const canReply = m.status !== 'QUARANTINED' && m.kind === 'MESSAGE' && !!m.fromAddress
  return (
    <article aria-labelledby="msg-heading" className="space-y-6">
      <p>
        <Link href="/admin/inbox" className="text-sm text-brand hover:underline">
          ← {t.back}
        </Link>
      </p>
      <header>
        <h1 id="msg-heading" className="text-2xl font-semibold break-words">
          {m.subject || t.noSubject}
        </h1>
        <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-stone-500">{t.from}</dt>
          <dd className="break-all">
            {m.fromName ? `${m.fromName} <${m.fromAddress}>` : (m.fromAddress ?? '?')}
          </dd>
          <dt className="text-stone-500">{t.received}</dt>
          <dd>{formatDate(m.receivedAt, locale)}</dd>
          {m.order && (
            <>
              <dt className="text-stone-500">{t.order}</dt>
              <dd>
                <Link href={`/admin/orders/${m.order.id}`} className="text-brand hover:underline">
                  {m.order.number}
                </Link>
              </dd>
            </>
          )}
          {m.customer && (
            <>
              <dt className="text-stone-500">{t.customer}</dt>
              <dd>
                <Link href={`/admin/customers/${m.customer.id}`} className="text-brand hover:underline">
                  {m.customer.name ?? m.customer.email}
                </Link>
              </dd>
            </>
          )}
          {m.linkRule && (
            <>
              <dt className="text-stone-500">{t.linkRule}</dt>
              <dd>{t.linkedBy[m.linkRule] ?? m.linkRule}</dd>
            </>
          )}
        </dl>
        <div className="mt-2">
          <InboundBadges m={m} t={t} />
        </div>
      </header>

      {m.quarantineReason && (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-800">
          {t.quarantineReason}: {m.quarantineReason}
        </p>
      )}

      <section aria-label={t.messages}>
        <div
          data-testid="reply-text"
          className="whitespace-pre-wrap rounded-md border border-stone-200 bg-white p-4 text-sm break-words"
        >
          {m.replyText ?? m.textBody ?? ''}
        </div>
        {quoted && (
          <details className="mt-2 text-sm">
            <summary className="cursor-pointer text-stone-600">{t.quoted}</summary>
            <pre className="mt-2 whitespace-pre-wrap break-words rounded-md bg-stone-50 p-3 text-xs text-stone-600">
              {quoted}
            </pre>
          </details>
        )}
        {html && (
          <details className="mt-2 text-sm">
            <summary className="cursor-pointer text-stone-600">{t.htmlVersion}</summary>
            {html.blockedImages > 0 && (
              <p className="mt-2 text-xs text-stone-600">
                {t.remoteBlocked(html.blockedImages)}{' '}
                <Link href={`/admin/inbox/${m.id}?images=1`} className="text-brand hover:underline">
                  {t.showImages}
                </Link>
              </p>
            )}
            {/* sanitized by sanitize-html (lib/inbox/sanitize.ts) and shown in a sandboxed frame: no scripts, no same origin */}
            <iframe
              title={t.htmlVersion}
              sandbox=""
              srcDoc={`<!doctype html><meta charset="utf-8"><base target="_blank"><body style="font:14px system-ui,sans-serif;margin:12px">${html.html}</body>`}
              className="mt-2 h-96 w-full rounded-md border border-stone-200 bg-white"
            />
          </details>
        )}
      </section>

      {m.attachments.length > 0 && (
        <section aria-labelledby="att-heading">
          <h2 id="att-heading" className="text-lg font-semibold">
            {t.attachments}
          </h2>
          <ul className="mt-2 space-y-1 text-sm">
            {m.attachments.map((a) => (
              <li key={a.id}>
                <a href={`/admin/inbox/attachments/${a.id}`} className="text-brand hover:underline" download>
                  {a.filename}
                </a>{' '}
                <span className="text-stone-500">
                  ({a.contentType}, {formatBytes(a.size)})
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {!m.order && m.status !== 'QUARANTINED' && (
        <section aria-labelledby="link-heading" className="max-w-md">
          <h2 id="link-heading" className="text-lg font-semibold">
            {t.linkToOrder}
          </h2>
          <ActionForm
            action={linkMessageAction}
            hidden={{ inboundMessageId: m.id }}
            label={t.link}
            variant="secondary"
          >
            <label htmlFor="orderNumber" className="block text-sm font-medium text-stone-700">
              {t.orderNumber}
            </label>
            <input
              id="orderNumber"
              name="orderNumber"
              required
              placeholder="HL-2026-000123"
              className="block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-sm"
            />
          </ActionForm>
        </section>
      )}

      <section aria-labelledby="reply-heading" className="max-w-2xl">
        <h2 id="reply-heading" className="text-lg font-semibold">
          {t.reply}
        </h2>
        {canReply ? (
          <ReplyForm
            action={replyToMessageAction}
            inboundMessageId={m.id}
            requestId={randomUUID()}
            labels={{
              reply: t.reply,
              replyLabel: t.replyLabel,
              send: t.send,
              sending: t.sending,
              hint: t.replyHint,
            }}
          />
        ) : (
          <p className="text-sm text-stone-600">
            {m.status === 'QUARANTINED' ? `${t.quarantineReason}: ${m.quarantineReason}` : t.noReplyAutomated}
          </p>
        )}
      </section>
    </article>
  )
}
