import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { Correspondence } from '@/components/admin/correspondence'
import { requireStaffPage } from '@/lib/auth/require-staff'
import { getCustomerCard } from '@/lib/customers/customers'
import { prisma } from '@/lib/db'
import { inboxStrings } from '@/lib/i18n/admin/inbox'
import { dictionaries } from '@/lib/i18n/dictionaries'
import { getLocale } from '@/lib/i18n/server'
import { formatDate, formatMoney } from '@/lib/money'

export const metadata: Metadata = { title: 'Customer' }

export default async function CustomerCardPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>
  searchParams: Promise<{ q?: string }>
}) {
  const { id } = await params
  await requireStaffPage(`/admin/customers/${id}`, 'correspondence.read')
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound()
  const q = ((await searchParams).q ?? '').slice(0, 200)
  const card = await getCustomerCard(prisma, id, { q })
  if (!card) notFound()
  const locale = await getLocale()
  const t = inboxStrings[locale]
  const statusLabel = dictionaries[locale].status
  const { customer, orders, threads } = card
  const invoices = orders.flatMap((o) => o.invoices.map((i) => ({ ...i, orderNumber: o.number })))
  return (
    <article aria-labelledby="customer-heading" className="space-y-8">
      <p>
        <Link href="/admin/customers" className="text-sm text-brand hover:underline">
          ← {t.customers}
        </Link>
      </p>
      <header>
        <h1 id="customer-heading" className="text-2xl font-semibold break-words">
          {customer.name ?? customer.email}
        </h1>
        <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-stone-500">{t.email}</dt>
          <dd className="break-all">
            <a href={`mailto:${customer.email}`} className="text-brand hover:underline">
              {customer.email}
            </a>
          </dd>
          {customer.phone && (
            <>
              <dt className="text-stone-500">{t.phone}</dt>
              <dd>{customer.phone}</dd>
            </>
          )}
          <dt className="text-stone-500">{t.since}</dt>
          <dd>
            {formatDate(customer.createdAt, locale, false)} ({t.source[customer.source] ?? customer.source})
          </dd>
          <dt className="text-stone-500">{t.deliverability}</dt>
          <dd className={customer.deliverability === 'BOUNCED' ? 'text-red-800' : ''}>
            {t.deliverabilityValue[customer.deliverability]}
            {customer.deliverabilityNote ? ` · ${customer.deliverabilityNote}` : ''}
          </dd>
        </dl>
      </header>

      <div className="grid gap-8 md:grid-cols-2">
        <section aria-labelledby="orders-heading">
          <h2 id="orders-heading" className="text-lg font-semibold">
            {t.orders} ({orders.length})
          </h2>
          {orders.length === 0 ? (
            <p className="mt-2 text-sm text-stone-600">{t.noOrders}</p>
          ) : (
            <ul className="mt-2 space-y-1 text-sm">
              {orders.map((o) => (
                <li key={o.id} data-testid="customer-order">
                  <Link href={`/admin/orders/${o.id}`} className="text-brand hover:underline">
                    {o.number}
                  </Link>{' '}
                  · {formatDate(o.createdAt, locale, false)} · {statusLabel[o.status]} ·{' '}
                  {formatMoney(o.totalGrossMinor, o.currency, locale)}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="invoices-heading">
          <h2 id="invoices-heading" className="text-lg font-semibold">
            {t.invoices} ({invoices.length})
          </h2>
          {invoices.length === 0 ? (
            <p className="mt-2 text-sm text-stone-600">{t.noInvoices}</p>
          ) : (
            <ul className="mt-2 space-y-1 text-sm">
              {invoices.map((i) => (
                <li key={i.id}>
                  <Link href={`/admin/invoices/${i.id}/pdf`} className="text-brand hover:underline">
                    {i.number}
                  </Link>{' '}
                  · {i.orderNumber} · {formatMoney(i.totalGrossMinor, i.currency, locale)}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section aria-labelledby="corr-heading">
        <h2 id="corr-heading" className="text-lg font-semibold">
          {t.correspondence}
        </h2>
        <form aria-label={t.searchCorrespondence} className="mt-2 flex flex-wrap items-end gap-2">
          <div>
            <label htmlFor="corr-q" className="block text-sm font-medium text-stone-700">
              {t.searchCorrespondence}
            </label>
            <input
              id="corr-q"
              name="q"
              type="search"
              defaultValue={q}
              className="mt-1 block w-64 max-w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-sm"
            />
          </div>
          <button
            type="submit"
            className="rounded-md border border-stone-300 bg-white px-4 py-2 text-sm hover:bg-stone-100"
          >
            {t.search}
          </button>
        </form>
        {threads.length === 0 ? (
          <p className="mt-2 text-sm text-stone-600">{t.correspondenceEmpty}</p>
        ) : (
          threads.map((th) => (
            <section
              key={th.orderId ?? 'none'}
              aria-label={th.order ? `${t.order} ${th.order.number}` : t.general}
              className="mt-4"
              data-testid="customer-thread"
            >
              <h3 className="font-medium">
                {th.order ? (
                  <Link href={`/admin/orders/${th.order.id}`} className="text-brand hover:underline">
                    {t.order} {th.order.number}
                  </Link>
                ) : (
                  t.general
                )}
              </h3>
              <Correspondence entries={th.entries} t={t} locale={locale} />
            </section>
          ))
        )}
      </section>
    </article>
  )
}
