import type { Metadata } from 'next'
import Link from 'next/link'
import { Pagination } from '@/components/ui/pagination'
import { requireStaffPage } from '@/lib/auth/require-staff'
import { prisma } from '@/lib/db'
import { shippingAdminMessages } from '@/lib/i18n/admin/shipping'
import { getLocale } from '@/lib/i18n/server'
import { formatDate } from '@/lib/money'
import { listShipments } from '@/lib/shipping/queries'

export const metadata: Metadata = { title: 'Shipments' }

const STATES = [
  'REQUESTED',
  'CREATED',
  'OFFERS_PREPARED',
  'CONFIRMED',
  'CANCEL_REQUESTED',
  'CANCELLED',
  'FAILED',
]

export default async function ShipmentsPage({
  searchParams,
}: {
  searchParams: Promise<{ state?: string; page?: string }>
}) {
  await requireStaffPage('/admin/shipments', 'shipments.read')
  const sp = await searchParams
  const locale = await getLocale()
  const t = shippingAdminMessages[locale]
  const state = STATES.includes(sp.state ?? '') ? sp.state : undefined
  const list = await listShipments(prisma, { state, page: Number(sp.page) || 1 })
  const href = (p: number) =>
    `/admin/shipments?${new URLSearchParams({ ...(state ? { state } : {}), page: String(p) })}`
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{t.title}</h1>
        <Link href="/admin/shipments/methods" className="text-sm underline">
          {t.methodsLink}
        </Link>
      </div>
      <nav className="flex flex-wrap gap-2 text-sm" aria-label={t.state}>
        {[undefined, ...STATES].map((s) => (
          <Link
            key={s ?? 'all'}
            href={s ? `/admin/shipments?state=${s}` : '/admin/shipments'}
            aria-current={s === state ? 'page' : undefined}
            className={`rounded-md border px-2 py-1 ${s === state ? 'border-stone-900 bg-stone-900 text-white' : 'border-stone-300'}`}
          >
            {s ?? t.all}
          </Link>
        ))}
      </nav>
      {list.items.length === 0 ? (
        <p className="text-sm text-stone-600">{t.empty}</p>
      ) : (
        <form action="/admin/shipments/labels" method="get" className="space-y-3">
          <div className="overflow-x-auto">
            <table className="w-full min-w-[40rem] text-left text-sm">
              <thead className="border-b border-stone-200 text-stone-600">
                <tr>
                  <th className="py-2 pr-2">
                    <span className="sr-only">{t.select}</span>
                  </th>
                  <th className="py-2 pr-2">{t.order}</th>
                  <th className="py-2 pr-2">{t.customer}</th>
                  <th className="py-2 pr-2">{t.state}</th>
                  <th className="py-2 pr-2">{t.stage}</th>
                  <th className="py-2 pr-2">{t.tracking}</th>
                  <th className="py-2">{t.created}</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((s) => (
                  <tr key={s.id} className="border-b border-stone-100">
                    <td className="py-2 pr-2">
                      <input
                        type="checkbox"
                        name="id"
                        value={s.id}
                        disabled={s.state !== 'CONFIRMED' || s.labels.length === 0}
                        aria-label={`${t.select} ${s.order.number}`}
                      />
                    </td>
                    <td className="py-2 pr-2">
                      <Link href={`/admin/orders/${s.orderId}`} className="underline">
                        {s.order.number}
                      </Link>
                      <span className="text-stone-500"> /{s.sequence}</span>
                    </td>
                    <td className="py-2 pr-2">{s.order.customerName}</td>
                    <td className="py-2 pr-2">
                      {s.state}
                      {s.isWaitingForProvider ? ' ⏳' : ''}
                    </td>
                    <td className="py-2 pr-2">{s.stage}</td>
                    <td className="py-2 pr-2 font-mono text-xs">{s.trackingNumber ?? '—'}</td>
                    <td className="py-2">{formatDate(s.createdAt, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="flex flex-wrap items-center gap-3">
            <select
              name="size"
              className="rounded-md border border-stone-300 bg-white px-2 py-2 text-sm"
              aria-label="Label size"
              defaultValue="A6"
            >
              <option value="A6">A6</option>
              <option value="A4">A4</option>
            </select>
            <button
              type="submit"
              className="rounded-md bg-stone-900 px-3 py-2 text-sm font-medium text-white"
            >
              {t.bulk}
            </button>
          </div>
        </form>
      )}
      <Pagination
        page={list.page}
        pageCount={list.pages}
        href={href}
        labels={{ previous: '←', next: '→', page: 'Page' }}
      />
    </div>
  )
}
