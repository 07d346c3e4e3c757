import type { Metadata } from 'next'
import Link from 'next/link'
import { reprocessEventAction, runReconciliationAction } from '@/app/admin/actions'
import { ActionForm } from '@/components/admin/action-form'
import { FilterButton, FilterSelect } from '@/components/admin/filter'
import { Pagination } from '@/components/ui/pagination'
import { requireStaffPage } from '@/lib/auth/require-staff'
import { prisma } from '@/lib/db'
import { integrationCoreStrings } from '@/lib/i18n/admin/integration-core'
import { getLocale } from '@/lib/i18n/server'
import { adapters } from '@/lib/intake/adapters'
import { refusalCounts } from '@/lib/intake/refuse'
import { formatDate } from '@/lib/money'
import { listWebhookEvents } from '@/lib/webhooks/reprocess'

export const metadata: Metadata = { title: 'Webhook events' }

const STATUSES = ['RECEIVED', 'PROCESSED', 'IGNORED', 'FAILED', 'REFUSED'] as const

type SP = { provider?: string; status?: string; page?: string }

export default async function AdminWebhooksPage({ searchParams }: { searchParams: Promise<SP> }) {
  await requireStaffPage('/admin/webhooks', 'webhooks.read')
  const sp = await searchParams
  const status = STATUSES.find((s) => s === sp.status)
  const providers = Object.keys(adapters)
  const provider = providers.find((p) => p === sp.provider)
  const [{ items, total, page, pageCount }, runs, refusals, locale] = await Promise.all([
    listWebhookEvents(prisma, { provider, status, page: Number(sp.page ?? 1) }),
    prisma.reconciliationRun.findMany({ orderBy: { startedAt: 'desc' }, take: 5 }),
    refusalCounts(prisma, 60),
    getLocale(),
  ])
  const c = integrationCoreStrings[locale]
  const href = (p: number) => {
    const u = new URLSearchParams()
    if (provider) u.set('provider', provider)
    if (status) u.set('status', status)
    u.set('page', String(p))
    return `/admin/webhooks?${u}`
  }
  return (
    <div className="space-y-8">
      <section aria-labelledby="events-heading">
        <h1 id="events-heading" className="text-2xl font-semibold">
          Webhook events <span className="text-base font-normal text-stone-500">({total})</span>
        </h1>
        <p className="text-sm text-stone-600">
          Every delivery from a provider, verified or refused. Reprocessing re-fetches the provider&apos;s
          current state, so it is always safe.
        </p>
        <form className="mt-4 flex flex-wrap items-end gap-3" aria-label="Filter events">
          <FilterSelect id="provider" name="provider" label="Provider" defaultValue={provider ?? ''}>
            <option value="">All</option>
            {providers.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect id="status" name="status" label="Status" defaultValue={status ?? ''}>
            <option value="">All</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </FilterSelect>
          <FilterButton />
        </form>
        <section aria-labelledby="refusals-heading" className="mt-4">
          <h2 id="refusals-heading" className="text-sm font-semibold">
            {c.refusedLastHour}
          </h2>
          {refusals.length === 0 ? (
            <p className="text-sm text-stone-600">{c.noRefusals}</p>
          ) : (
            <table className="mt-1 text-left text-sm" data-testid="refusal-counts">
              <thead>
                <tr className="border-b border-stone-300">
                  <th scope="col" className="py-1 pr-4">
                    {c.provider}
                  </th>
                  <th scope="col" className="pr-4">
                    {c.reason}
                  </th>
                  <th scope="col" className="text-right">
                    {c.count}
                  </th>
                </tr>
              </thead>
              <tbody>
                {refusals.map((r) => (
                  <tr key={`${r.provider}/${r.reason}`} className="border-b border-stone-200">
                    <td className="py-1 pr-4">{r.provider}</td>
                    <td className="pr-4">{r.reason}</td>
                    <td className="text-right tabular-nums">{r.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        {items.length === 0 ? (
          <p className="mt-6 text-stone-600">No events yet.</p>
        ) : (
          <table className="mt-4 w-full text-left text-sm">
            <thead>
              <tr className="border-b border-stone-300">
                <th scope="col" className="py-2">
                  Received
                </th>
                <th scope="col">Provider</th>
                <th scope="col">Type</th>
                <th scope="col">Status</th>
                <th scope="col">Last outcome</th>
                <th scope="col">Order</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id} className="border-b border-stone-200 align-top" data-testid="webhook-row">
                  <td className="py-2">{formatDate(e.receivedAt, 'en')}</td>
                  <td>{e.provider}</td>
                  <td>
                    <span className="font-mono text-xs">{e.type ?? '—'}</span>
                    <span className="block font-mono text-xs text-stone-500">{e.eventId ?? 'untrusted'}</span>
                  </td>
                  <td
                    className={
                      e.status === 'REFUSED' || e.status === 'FAILED' ? 'font-medium text-red-700' : ''
                    }
                  >
                    {e.status.toLowerCase()}
                    {e.refusalReason && <span className="block text-xs">{e.refusalReason}</span>}
                    {e.source === 'reconciliation' && (
                      <span className="block text-xs text-stone-500">via reconciliation</span>
                    )}
                  </td>
                  <td className="max-w-xs text-xs">
                    {e.attempts[0] ? `${e.attempts[0].outcome}: ${e.attempts[0].detail}` : '—'}
                  </td>
                  <td>
                    {e.orderId && (
                      <Link href={`/admin/orders/${e.orderId}`} className="text-brand hover:underline">
                        open
                      </Link>
                    )}
                  </td>
                  <td>
                    {e.status !== 'REFUSED' && (
                      <ActionForm
                        action={reprocessEventAction}
                        hidden={{ eventId: e.id }}
                        label="Reprocess"
                        variant="secondary"
                      />
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
      <section aria-labelledby="recon-heading" className="space-y-3">
        <h2 id="recon-heading" className="text-lg font-semibold">
          Reconciliation
        </h2>
        <p className="text-sm text-stone-600">
          Runs every 10 minutes: asks Stripe about checkouts still open and pulls in events it could not
          deliver.
        </p>
        <ActionForm action={runReconciliationAction} hidden={{}} label="Reconcile now" variant="secondary" />
        {runs.length > 0 && (
          <ul className="space-y-1 text-sm">
            {runs.map((r) => (
              <li key={r.id} data-testid="reconciliation-run">
                {formatDate(r.startedAt, 'en')}: checked {r.checkedPayments}, fixed {r.fixedOrders}, recovered{' '}
                {r.recoveredEvents} events
                {r.error ? <span className="text-red-700"> · error: {r.error}</span> : ''}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}
