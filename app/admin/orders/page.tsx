import type { Metadata } from 'next'
import Link from 'next/link'
import { FilterButton, FilterSelect } from '@/components/admin/filter'
import { Pagination } from '@/components/ui/pagination'
import { StatusBadge } from '@/components/ui/status-badge'
import type { OrderStatus } from '@/generated/prisma/enums'
import { requireStaffPage } from '@/lib/auth/require-staff'
import { prisma } from '@/lib/db'
import { dictionaries } from '@/lib/i18n/dictionaries'
import { formatDate, formatMoney } from '@/lib/money'
import { listOrdersForStaff } from '@/lib/orders/queries'
import { ORDER_STATUSES } from '@/lib/orders/state-machine'

export const metadata: Metadata = { title: 'Orders' }

type SP = { status?: string; q?: string; page?: string }

export default async function AdminOrdersPage({ searchParams }: { searchParams: Promise<SP> }) {
  await requireStaffPage('/admin/orders', 'orders.read')
  const sp = await searchParams
  const status = ORDER_STATUSES.find((s) => s === sp.status) as OrderStatus | undefined
  const { items, total, page, pageCount } = await listOrdersForStaff(prisma, {
    status,
    q: sp.q?.slice(0, 100),
    page: Number(sp.page ?? 1),
  })
  const t = dictionaries.en
  const href = (p: number) => {
    const u = new URLSearchParams()
    if (status) u.set('status', status)
    if (sp.q) u.set('q', sp.q)
    u.set('page', String(p))
    return `/admin/orders?${u}`
  }
  return (
    <section aria-labelledby="orders-heading">
      <h1 id="orders-heading" className="text-2xl font-semibold">
        Orders <span className="text-base font-normal text-stone-500">({total})</span>
      </h1>
      <form className="mt-4 flex flex-wrap items-end gap-3" aria-label="Filter orders">
        <div>
          <label htmlFor="q" className="block text-sm font-medium">
            Search by number or email
          </label>
          <input
            id="q"
            name="q"
            defaultValue={sp.q}
            className="mt-1 w-72 rounded-md border border-stone-300 px-3 py-2 text-sm"
          />
        </div>
        <FilterSelect id="status" name="status" label="Status" defaultValue={status ?? ''}>
          <option value="">All</option>
          {ORDER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t.status[s]}
            </option>
          ))}
        </FilterSelect>
        <FilterButton />
      </form>
      {items.length === 0 ? (
        <p className="mt-8 text-stone-600">No orders match.</p>
      ) : (
        <table className="mt-6 w-full text-left text-sm">
          <thead>
            <tr className="border-b border-stone-300">
              <th scope="col" className="py-2">
                Number
              </th>
              <th scope="col">Placed</th>
              <th scope="col">Customer</th>
              <th scope="col">Status</th>
              <th scope="col" className="text-right">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((o) => (
              <tr key={o.id} className="border-b border-stone-200" data-testid="admin-order-row">
                <td className="py-2">
                  <Link href={`/admin/orders/${o.id}`} className="font-medium text-brand hover:underline">
                    {o.number}
                  </Link>
                  {o.needsAttention && (
                    <span className="ml-2 rounded bg-red-100 px-1.5 text-xs text-red-800">
                      needs attention
                    </span>
                  )}
                </td>
                <td>{formatDate(o.createdAt, 'en')}</td>
                <td>
                  {o.customerName}
                  <br />
                  <span className="text-stone-500">{o.email}</span>
                </td>
                <td>
                  <StatusBadge status={o.status} label={t.status[o.status]} />
                </td>
                <td className="text-right">{formatMoney(o.totalGrossMinor, o.currency, 'en')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination
        page={page}
        pageCount={pageCount}
        href={href}
        labels={{ previous: 'Previous', next: 'Next', page: `Page ${page} of ${pageCount}` }}
      />
    </section>
  )
}
