import type { Metadata } from 'next'
import Link from 'next/link'
import { InboundBadges } from '@/components/admin/inbound-badges'
import { Pagination } from '@/components/ui/pagination'
import { requireStaffPage } from '@/lib/auth/require-staff'
import { prisma } from '@/lib/db'
import { inboxStrings } from '@/lib/i18n/admin/inbox'
import { getLocale } from '@/lib/i18n/server'
import { INBOX_VIEWS, type InboxView, listInbox } from '@/lib/inbox/queries'
import { formatDate } from '@/lib/money'

export const metadata: Metadata = { title: 'Inbox' }

type SP = { view?: string; page?: string }

export default async function AdminInboxPage({ searchParams }: { searchParams: Promise<SP> }) {
  await requireStaffPage('/admin/inbox', 'correspondence.read')
  const locale = await getLocale()
  const t = inboxStrings[locale]
  const sp = await searchParams
  const view: InboxView = INBOX_VIEWS.find((v) => v === sp.view) ?? 'unassigned'
  const { items, page, pageCount, counts } = await listInbox(prisma, { view, page: Number(sp.page ?? 1) })
  const href = (p: number) => `/admin/inbox?${new URLSearchParams({ view, page: String(p) })}`
  return (
    <section aria-labelledby="inbox-heading">
      <h1 id="inbox-heading" className="text-2xl font-semibold">
        {t.inbox}
      </h1>
      <p className="text-sm text-stone-600">{t.inboxIntro}</p>
      <nav aria-label={t.inbox} className="mt-4 flex flex-wrap gap-2">
        {INBOX_VIEWS.map((v) => (
          <Link
            key={v}
            href={`/admin/inbox?view=${v}`}
            aria-current={v === view ? 'page' : undefined}
            className={`rounded-md border px-3 py-1.5 text-sm ${v === view ? 'border-stone-900 bg-stone-900 text-white' : 'border-stone-300 bg-white hover:bg-stone-100'}`}
          >
            {t.tabs[v]} <span className="opacity-70">({counts[v]})</span>
          </Link>
        ))}
      </nav>
      {items.length === 0 ? (
        <p className="mt-8 text-stone-600">{t.empty}</p>
      ) : (
        <ul className="mt-4 divide-y divide-stone-200 rounded-md border border-stone-200 bg-white">
          {items.map((m) => (
            <li key={m.id} data-testid="inbox-row" className={`p-3 ${m.readAt ? '' : 'bg-stone-50'}`}>
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <Link
                  href={`/admin/inbox/${m.id}`}
                  className={`text-brand hover:underline ${m.readAt ? '' : 'font-semibold'}`}
                >
                  {m.subject || t.noSubject}
                </Link>
                <time dateTime={m.receivedAt.toISOString()} className="text-xs text-stone-500">
                  {formatDate(m.receivedAt, locale)}
                </time>
              </div>
              <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-stone-700">
                <span className="break-all">
                  {m.fromName ? `${m.fromName} <${m.fromAddress}>` : (m.fromAddress ?? '?')}
                </span>
                {m.order && (
                  <Link href={`/admin/orders/${m.order.id}`} className="text-brand hover:underline">
                    {t.order} {m.order.number}
                  </Link>
                )}
                {m.customer && (
                  <Link href={`/admin/customers/${m.customer.id}`} className="text-brand hover:underline">
                    {t.customer}: {m.customer.name ?? m.customer.email}
                  </Link>
                )}
                <InboundBadges m={m} t={t} />
              </div>
              {m.quarantineReason && <p className="mt-1 text-sm text-red-800">{m.quarantineReason}</p>}
            </li>
          ))}
        </ul>
      )}
      <Pagination
        page={page}
        pageCount={pageCount}
        href={href}
        labels={{ previous: t.previous, next: t.next, page: t.page(page, pageCount) }}
      />
    </section>
  )
}
