import Link from 'next/link'
import type { EmailMessage, InboundMessage } from '@/generated/prisma/client'
import type { TInboxStrings } from '@/lib/i18n/admin/inbox'
import type { Locale } from '@/lib/i18n/locales'
import { formatDate } from '@/lib/money'
import { InboundBadges } from './inbound-badges'

export type CorrespondenceEntry =
  | { kind: 'received'; at: Date; message: InboundMessage }
  | { kind: 'sent'; at: Date; email: EmailMessage }

/** One thread: what we sent and what came back, oldest first. */
export function Correspondence({
  entries,
  t,
  locale,
}: {
  entries: CorrespondenceEntry[]
  t: TInboxStrings
  locale: Locale
}) {
  if (!entries.length) return <p className="mt-2 text-sm text-stone-600">{t.correspondenceEmpty}</p>
  return (
    <ol className="mt-2 space-y-2">
      {entries.map((e) =>
        e.kind === 'received' ? (
          <li
            key={e.message.id}
            data-testid="thread-received"
            className="mr-8 rounded-md border border-sky-200 bg-sky-50 p-3 text-sm"
          >
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <span>
                <span className="font-medium">{t.receivedLabel}</span> · {e.message.fromAddress}
              </span>
              <time dateTime={e.at.toISOString()} className="text-xs text-stone-500">
                {formatDate(e.at, locale)}
              </time>
            </div>
            <Link href={`/admin/inbox/${e.message.id}`} className="text-brand hover:underline">
              {e.message.subject || t.noSubject}
            </Link>{' '}
            <InboundBadges m={e.message} t={t} />
            {e.message.replyText && (
              <p className="mt-1 whitespace-pre-wrap break-words text-stone-800">
                {e.message.replyText.slice(0, 600)}
              </p>
            )}
          </li>
        ) : (
          <li
            key={e.email.id}
            data-testid="thread-sent"
            className="ml-8 rounded-md border border-stone-200 bg-white p-3 text-sm"
          >
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <span>
                <span className="font-medium">{t.sent}</span> · {e.email.toAddress} · {e.email.template} ·{' '}
                {e.email.status}
              </span>
              <time dateTime={e.at.toISOString()} className="text-xs text-stone-500">
                {formatDate(e.at, locale)}
              </time>
            </div>
            <span>{e.email.subject ?? e.email.template}</span>
            {e.email.bounceDetail && <p className="mt-1 text-red-800">{e.email.bounceDetail}</p>}
          </li>
        ),
      )}
    </ol>
  )
}
