import type { Metadata } from 'next'
import Link from 'next/link'
import { FilterButton, FilterSelect } from '@/components/admin/filter'
import { Pagination } from '@/components/ui/pagination'
import { requireStaffPage } from '@/lib/auth/require-staff'
import { prisma } from '@/lib/db'
import { INVOICE_SERIES } from '@/lib/invoices/numbering'
import { isInvoiceSeries, listInvoicesForStaff, monthRange } from '@/lib/invoices/queries'
import { formatMoney } from '@/lib/money'

export const metadata: Metadata = { title: 'Invoices' }

type SP = { month?: string; series?: string; page?: string }

export default async function AdminInvoicesPage({ searchParams }: { searchParams: Promise<SP> }) {
  await requireStaffPage('/admin/invoices', 'invoices.read')
  const sp = await searchParams
  const month = monthRange(sp.month) ? sp.month : undefined
  const series = isInvoiceSeries(sp.series) ? sp.series : undefined
  const { items, total, page, pageCount } = await listInvoicesForStaff(prisma, {
    month,
    series,
    page: Number(sp.page ?? 1),
  })
  const href = (p: number) => {
    const u = new URLSearchParams()
    if (month) u.set('month', month)
    if (series) u.set('series', series)
    u.set('page', String(p))
    return `/admin/invoices?${u}`
  }
  return (
    <section aria-labelledby="invoices-heading">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 id="invoices-heading" className="text-2xl font-semibold">
          Invoices <span className="text-base font-normal text-stone-500">({total})</span>
        </h1>
        <Link href="/admin/settings" className="text-sm text-brand hover:underline">
          Seller settings
        </Link>
      </div>
      <form className="mt-4 flex flex-wrap items-end gap-3" aria-label="Filter invoices">
        <div>
          <label htmlFor="month" className="block text-sm font-medium">
            Month of issue
          </label>
          <input
            id="month"
            name="month"
            type="month"
            defaultValue={month}
            className="mt-1 rounded-md border border-stone-300 px-3 py-2 text-sm"
          />
        </div>
        <FilterSelect id="series" name="series" label="Series" defaultValue={series ?? ''}>
          <option value="">All</option>
          <option value={INVOICE_SERIES.INVOICE}>FV (invoices)</option>
          <option value={INVOICE_SERIES.CORRECTIVE}>KOR (corrective)</option>
        </FilterSelect>
        <FilterButton />
      </form>
      {items.length === 0 ? (
        <p className="mt-8 text-stone-600">No invoices match.</p>
      ) : (
        <table className="mt-6 w-full text-left text-sm">
          <thead>
            <tr className="border-b border-stone-300">
              <th scope="col" className="py-2">
                Number
              </th>
              <th scope="col">Kind</th>
              <th scope="col">Issued</th>
              <th scope="col">Buyer</th>
              <th scope="col" className="text-right">
                Gross
              </th>
              <th scope="col">Order</th>
              <th scope="col">Files</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id} className="border-b border-stone-200" data-testid="admin-invoice-row">
                <td className="py-2 font-mono text-xs">{i.number}</td>
                <td>{i.kind === 'INVOICE' ? 'Invoice' : 'Corrective'}</td>
                <td>{i.issueDate.toISOString().slice(0, 10)}</td>
                <td>
                  {i.buyerName}
                  {i.buyerNip && <span className="block text-xs text-stone-500">NIP {i.buyerNip}</span>}
                </td>
                <td className="text-right">{formatMoney(i.totalGrossMinor, i.currency, 'en')}</td>
                <td>
                  <Link href={`/admin/orders/${i.orderId}`} className="text-brand hover:underline">
                    {i.order.number}
                  </Link>
                </td>
                <td className="space-x-3">
                  {i.pdf ? (
                    <a href={`/admin/invoices/${i.id}/pdf`} className="text-brand hover:underline">
                      PDF
                    </a>
                  ) : (
                    <span className="text-stone-500">PDF pending</span>
                  )}
                  <a href={`/admin/invoices/${i.id}/xml`} className="text-brand hover:underline">
                    XML
                  </a>
                </td>
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
