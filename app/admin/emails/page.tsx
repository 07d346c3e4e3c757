import type { Metadata } from 'next'
import Link from 'next/link'
import { EmailCells } from '@/components/admin/email-cells'
import { EMAIL_STATUS_LABEL } from '@/components/admin/email-status-badge'
import { FilterButton, FilterSelect } from '@/components/admin/filter'
import { Pagination } from '@/components/ui/pagination'
import { requireStaffPage } from '@/lib/auth/require-staff'
import { prisma } from '@/lib/db'
import { listEmailsForStaff } from '@/lib/email/queries'
import { EMAIL_STATUSES, isProblem } from '@/lib/email/status'
import { formatDate } from '@/lib/money'

export const metadata: Metadata = { title: 'Emails' }

type SP = { status?: string; page?: string }

export default async function AdminEmailsPage({ searchParams }: { searchParams: Promise<SP> }) {
  await requireStaffPage('/admin/emails', 'correspondence.read')
  const sp = await searchParams
  const status = EMAIL_STATUSES.find((s) => s === sp.status)
  const { items, total, page, pageCount } = await listEmailsForStaff(prisma, {
    status,
    page: Number(sp.page ?? 1),
  })
  const href = (p: number) =>
    `/admin/emails?${new URLSearchParams({ ...(status ? { status } : {}), page: String(p) })}`
  return (
    <section aria-labelledby="emails-heading">
      <h1 id="emails-heading" className="text-2xl font-semibold">
        Emails <span className="text-base font-normal text-stone-500">({total})</span>
      </h1>
      <p className="text-sm text-stone-600">
        Every email the shop sends, with its delivery status from Resend. Bounced and complained emails need a
        look: the address may be wrong, or the customer marked us as spam.
      </p>
      <form className="mt-4 flex flex-wrap items-end gap-3" aria-label="Filter emails">
        <FilterSelect id="status" name="status" label="Status" defaultValue={status ?? ''}>
          <option value="">All</option>
          {EMAIL_STATUSES.map((s) => (
            <option key={s} value={s}>
              {EMAIL_STATUS_LABEL[s]}
            </option>
          ))}
        </FilterSelect>
        <FilterButton />
      </form>
      {items.length === 0 ? (
        <p className="mt-8 text-stone-600">No emails match.</p>
      ) : (
        <table className="mt-6 w-full text-left text-sm">
          <thead>
            <tr className="border-b border-stone-300">
              <th scope="col" className="py-2">
                Queued
              </th>
              <th scope="col">Email</th>
              <th scope="col">To</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last error</th>
              <th scope="col">Order</th>
            </tr>
          </thead>
          <tbody>
            {items.map((m) => (
              <tr
                key={m.id}
                data-testid="email-row"
                data-status={m.status}
                className={`border-b border-stone-200 align-top ${isProblem(m.status) ? 'bg-red-50' : ''}`}
              >
                <td className="py-2 whitespace-nowrap">{formatDate(m.createdAt, 'en')}</td>
                <EmailCells email={m} />
                <td>
                  {m.orderId && (
                    <Link href={`/admin/orders/${m.orderId}`} className="text-brand hover:underline">
                      {m.order?.number ?? 'open'}
                    </Link>
                  )}
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
