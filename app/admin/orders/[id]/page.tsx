import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { cancelOrderAction } from '@/app/admin/actions'
import { ActionForm } from '@/components/admin/action-form'
import { OrderCorrespondence } from '@/components/admin/order-correspondence'
import { OrderEmails } from '@/components/admin/order-emails'
import { OrderInvoices } from '@/components/admin/order-invoices'
import { OrderPayments } from '@/components/admin/order-payments'
import { OrderShipments } from '@/components/admin/order-shipments'
import { OrderTimeline } from '@/components/admin/order-timeline'
import { AddressBlock } from '@/components/shop/address-block'
import { Alert } from '@/components/ui/alert'
import { StatusBadge } from '@/components/ui/status-badge'
import { can } from '@/lib/auth/permissions'
import { requireStaffPage } from '@/lib/auth/require-staff'
import { prisma } from '@/lib/db'
import { integrationCoreStrings } from '@/lib/i18n/admin/integration-core'
import { dictionaries } from '@/lib/i18n/dictionaries'
import { getLocale } from '@/lib/i18n/server'
import { formatDate, formatMoney } from '@/lib/money'
import { openOrderFlags } from '@/lib/orders/flags'
import { getOrderForStaff } from '@/lib/orders/queries'
import { getOrderTimeline } from '@/lib/orders/timeline'
import type { TAddress } from '@/lib/validation/address'

export const metadata: Metadata = { title: 'Order' }

export default async function AdminOrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  const actor = await requireStaffPage(`/admin/orders/${id}`, 'orders.read')
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound()
  const order = await getOrderForStaff(prisma, id)
  if (!order) notFound()
  const [timeline, flags, locale] = await Promise.all([
    getOrderTimeline(prisma, order.id),
    openOrderFlags(prisma, order.id),
    getLocale(),
  ])
  const c = integrationCoreStrings[locale]
  const t = dictionaries.en
  const money = (m: number) => formatMoney(m, order.currency, 'en')
  return (
    <article className="space-y-8" aria-labelledby="order-heading">
      <Link href="/admin/orders" className="text-sm text-brand hover:underline">
        ← Orders
      </Link>
      <header className="flex flex-wrap items-center gap-3">
        <h1 id="order-heading" className="text-2xl font-semibold">
          {order.number}
        </h1>
        <StatusBadge status={order.status} label={t.status[order.status]} />
        <span className="text-sm text-stone-600">
          {c.fulfilment}: {c.fulfilmentStatus[order.fulfilmentStatus]}
        </span>
        <span className="text-sm text-stone-500">placed {formatDate(order.createdAt, 'en')}</span>
      </header>
      {flags.map((f) => (
        <Alert key={f.id}>
          {c.needsAttention} ({f.source}, {f.code}): {f.message}
        </Alert>
      ))}

      <section aria-labelledby="lines-heading">
        <h2 id="lines-heading" className="text-lg font-semibold">
          Lines
        </h2>
        <table className="mt-2 w-full text-left text-sm">
          <thead>
            <tr className="border-b border-stone-300">
              <th scope="col" className="py-2">
                #
              </th>
              <th scope="col">Product</th>
              <th scope="col">SKU</th>
              <th scope="col">VAT</th>
              <th scope="col" className="text-right">
                Unit (gross)
              </th>
              <th scope="col" className="text-right">
                Qty
              </th>
              <th scope="col" className="text-right">
                Total (gross)
              </th>
            </tr>
          </thead>
          <tbody>
            {order.lines.map((l) => (
              <tr key={l.id} className="border-b border-stone-200">
                <td className="py-2">{l.position}</td>
                <td>{l.nameEn}</td>
                <td className="font-mono text-xs">{l.sku}</td>
                <td>{t.vatRate[l.vatRate]}</td>
                <td className="text-right">{money(l.unitGrossMinor)}</td>
                <td className="text-right">{l.quantity}</td>
                <td className="text-right">{money(l.lineGrossMinor)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={6} className="py-2 text-right">
                Total
              </th>
              <td className="text-right font-semibold">{money(order.totalGrossMinor)}</td>
            </tr>
            {order.refundedMinor > 0 && (
              <tr>
                <th scope="row" colSpan={6} className="py-1 text-right">
                  Refunded
                </th>
                <td className="text-right">{money(order.refundedMinor)}</td>
              </tr>
            )}
          </tfoot>
        </table>
      </section>

      <OrderPayments
        order={order}
        payments={order.payments}
        refunds={order.refunds}
        isReadOnly={!can(actor.role, 'refund.create')}
      />

      <section className="grid gap-6 sm:grid-cols-3" aria-label="Customer">
        <div>
          <h2 className="font-semibold">Customer</h2>
          <p className="text-sm">
            {order.customerName}
            <br />
            <a href={`mailto:${order.email}`} className="text-brand hover:underline">
              {order.email}
            </a>
            {order.phone && (
              <>
                <br />
                {order.phone}
              </>
            )}
            <br />
            Language: {order.locale}
          </p>
          {order.companyName && (
            <p className="mt-2 text-sm">
              {order.companyName}
              {order.nip ? ` · NIP ${order.nip}` : ''}
            </p>
          )}
        </div>
        <div>
          <h2 className="font-semibold">Billing address</h2>
          <AddressBlock name={order.customerName} address={order.billingAddress as TAddress} />
        </div>
        <div>
          <h2 className="font-semibold">Shipping address</h2>
          <AddressBlock name={order.customerName} address={order.shippingAddress as TAddress} />
        </div>
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading" className="text-lg font-semibold">
          Status history
        </h2>
        <ol className="mt-2 space-y-1 text-sm">
          {order.statusChanges.map((c) => (
            <li key={c.id} data-testid="status-change">
              <time dateTime={c.createdAt.toISOString()} className="text-stone-500">
                {formatDate(c.createdAt, 'en')}
              </time>{' '}
              {c.fromStatus ? `${t.status[c.fromStatus]} → ` : ''}
              <strong>{t.status[c.toStatus]}</strong> · {c.reason}{' '}
              <span className="text-stone-500">({c.actor})</span>
            </li>
          ))}
        </ol>
      </section>

      {can(actor.role, 'shipments.read') && (
        <OrderShipments orderId={order.id} canManage={can(actor.role, 'shipments.manage')} />
      )}
      <OrderInvoices orderId={order.id} isReadOnly={!can(actor.role, 'orders.edit')} />
      {can(actor.role, 'correspondence.read') && (
        <OrderEmails orderId={order.id} isReadOnly={!can(actor.role, 'correspondence.send')} />
      )}
      {can(actor.role, 'correspondence.read') && <OrderCorrespondence orderId={order.id} />}
      <OrderTimeline items={timeline} />

      {order.status === 'PENDING_PAYMENT' && can(actor.role, 'orders.cancel') && (
        <section aria-labelledby="actions-heading" className="max-w-md">
          <h2 id="actions-heading" className="text-lg font-semibold">
            Actions
          </h2>
          <ActionForm
            action={cancelOrderAction}
            hidden={{ orderId: order.id }}
            label="Cancel order"
            variant="danger"
            confirm="Cancel this unpaid order and release its stock?"
          />
        </section>
      )}
    </article>
  )
}
