import type { Metadata } from 'next'
import Link from 'next/link'
import { Pagination } from '@/components/ui/pagination'
import { requireStaffPage } from '@/lib/auth/require-staff'
import { listCustomers } from '@/lib/customers/customers'
import { prisma } from '@/lib/db'
import { inboxStrings } from '@/lib/i18n/admin/inbox'
import { getLocale } from '@/lib/i18n/server'
import { formatDate } from '@/lib/money'

export const metadata: Metadata = { title: 'Customers' }

export default async function AdminCustomersPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string; page?: string }>
}) {
  await requireStaffPage('/admin/customers', 'correspondence.read')
  const locale = await getLocale()
  const t = inboxStrings[locale]
  const sp = await searchParams
  const q = (sp.q ?? '').slice(0, 200)
  const { rows, total, page, pages } = await listCustomers(prisma, { q, page: Number(sp.page ?? 1) || 1 })
  const href = (p: number) =>
    `/admin/customers?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`
  return (
    <section aria-labelledby="customers-heading">
      <h1 id="customers-heading" className="text-2xl font-semibold">
        {t.customers} <span className="text-base font-normal text-stone-500">({total})</span>
      </h1>
      <p className="text-sm text-stone-600">{t.customersIntro}</p>
      <form aria-label={t.search} className="mt-4 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="q" className="block text-sm font-medium text-stone-700">
            {t.search}
          </label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={q}
            placeholder={t.searchPlaceholder}
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
      {rows.length === 0 ? (
        <p className="mt-8 text-stone-600">{t.noCustomers}</p>
      ) : (
        <div className="mt-6 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b border-stone-300">
                <th scope="col" className="py-2">
                  {t.name}
                </th>
                <th scope="col">{t.email}</th>
                <th scope="col" className="text-right">
                  {t.orders}
                </th>
                <th scope="col" className="text-right">
                  {t.messages}
                </th>
                <th scope="col">{t.deliverability}</th>
                <th scope="col">{t.since}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id} data-testid="customer-row" className="border-b border-stone-200 align-top">
                  <td className="py-2">
                    <Link href={`/admin/customers/${c.id}`} className="text-brand hover:underline">
                      {c.name ?? c.email}
                    </Link>
                  </td>
                  <td className="break-all">{c.email}</td>
                  <td className="text-right">{c.orderCount}</td>
                  <td className="text-right">{c.messageCount}</td>
                  <td className={c.deliverability === 'BOUNCED' ? 'text-red-800' : ''}>
                    {t.deliverabilityValue[c.deliverability]}
                  </td>
                  <td className="whitespace-nowrap">{formatDate(c.createdAt, locale, false)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination
        page={page}
        pageCount={pages}
        href={href}
        labels={{ previous: t.previous, next: t.next, page: t.page(page, pages) }}
      />
    </section>
  )
}
