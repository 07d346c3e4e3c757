import type { Metadata } from 'next'
import Link from 'next/link'
import { redirect } from 'next/navigation'
import { signOutAction } from '@/app/signin/actions'
import { StatusBadge } from '@/components/ui/status-badge'
import { getActor } from '@/lib/auth'
import { prisma } from '@/lib/db'
import { getDictionary } from '@/lib/i18n/server'
import { formatDate, formatMoney } from '@/lib/money'
import { listOrdersForCustomer } from '@/lib/orders/customer-orders'

export const metadata: Metadata = { title: 'Account' }

export default async function AccountPage() {
  const [{ t, locale }, actor] = await Promise.all([getDictionary(), getActor()])
  if (!actor) redirect('/signin?callbackUrl=/account')
  const orders = await listOrdersForCustomer(prisma, actor.userId)
  return (
    <section aria-labelledby="account-heading" className="space-y-6">
      <header className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 id="account-heading" className="text-2xl font-semibold">
            {t.account.title}
          </h1>
          <p className="text-sm text-stone-600">{t.account.signedInAs(actor.email)}</p>
        </div>
        <form action={signOutAction}>
          <button
            type="submit"
            className="rounded border border-stone-300 px-3 py-1.5 text-sm hover:bg-stone-100"
          >
            {t.auth.signOut}
          </button>
        </form>
      </header>
      <h2 className="text-lg font-semibold">{t.account.orders}</h2>
      {orders.length === 0 ? (
        <p className="text-stone-600">{t.account.noOrders}</p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-stone-300">
              <th scope="col" className="py-2">
                {t.account.number}
              </th>
              <th scope="col">{t.account.date}</th>
              <th scope="col">{t.account.status}</th>
              <th scope="col" className="text-right">
                {t.account.total}
              </th>
            </tr>
          </thead>
          <tbody>
            {orders.map((o) => (
              <tr key={o.id} className="border-b border-stone-200" data-testid="account-order">
                <td className="py-2">
                  <Link
                    href={`/orders/${encodeURIComponent(o.number)}`}
                    className="text-brand hover:underline"
                  >
                    {o.number}
                  </Link>
                </td>
                <td>{formatDate(o.createdAt, locale)}</td>
                <td>
                  <StatusBadge status={o.status} label={t.status[o.status]} />
                </td>
                <td className="text-right">{formatMoney(o.totalGrossMinor, o.currency, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
