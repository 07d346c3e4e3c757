import type { Metadata } from 'next'
import { AddressBlock } from '@/components/shop/address-block'
import { OrderDeliverySection } from '@/components/shop/order-delivery'
import { OrderInvoicesSection } from '@/components/shop/order-invoices'
import { PayButton } from '@/components/shop/pay-button'
import { Alert } from '@/components/ui/alert'
import { StatusBadge } from '@/components/ui/status-badge'
import { getActor } from '@/lib/auth'
import { prisma } from '@/lib/db'
import { checkoutMethodStrings } from '@/lib/i18n/checkout-methods'
import { getDictionary } from '@/lib/i18n/server'
import { formatDate, formatMoney } from '@/lib/money'
import { getOrderForCustomer } from '@/lib/orders/queries'
import { checkoutMethods } from '@/lib/payments/providers'
import type { TAddress } from '@/lib/validation/address'
import { startCheckoutAction } from './actions'

export const metadata: Metadata = { title: 'Order', referrer: 'no-referrer' }

type Props = {
  params: Promise<{ number: string }>
  searchParams: Promise<{ t?: string; placed?: string; payment?: string }>
}

export default async function OrderPage({ params, searchParams }: Props) {
  const [{ t, locale }, { number }, sp, actor] = await Promise.all([
    getDictionary(),
    params,
    searchParams,
    getActor(),
  ])
  const order = await getOrderForCustomer(prisma, number, { token: sp.t, userId: actor?.userId })
  const m = checkoutMethodStrings[locale]
  if (!order) {
    return (
      <div className="max-w-lg">
        <Alert>{t.order.notFound}</Alert>
      </div>
    )
  }
  return (
    <article aria-labelledby="order-heading" className="space-y-6">
      {sp.placed && (
        <Alert kind="success">
          {t.order.thanks} {t.order.keepLink}
        </Alert>
      )}
      <header className="flex flex-wrap items-center gap-3">
        <h1 id="order-heading" className="text-2xl font-semibold">
          {t.order.title(order.number)}
        </h1>
        <StatusBadge status={order.status} label={t.status[order.status]} />
      </header>
      <p className="text-sm text-stone-600">
        {t.order.placedAt}: {formatDate(order.createdAt, locale)}
      </p>
      {sp.payment === 'cancelled' && order.status === 'PENDING_PAYMENT' && (
        <Alert kind="info">{t.payment.cancelled}</Alert>
      )}
      {order.status === 'PENDING_PAYMENT' && sp.t && (
        <section
          aria-label={t.payment.awaiting}
          className="rounded-lg border border-amber-200 bg-amber-50 p-4"
        >
          <p className="mb-3 text-sm">{t.payment.awaiting}</p>
          <PayButton
            action={startCheckoutAction}
            orderNumber={order.number}
            token={sp.t}
            labels={{ pay: t.payment.pay, redirecting: t.payment.redirecting, legend: m.legend }}
            methods={checkoutMethods().map((c) => ({
              value: c.method,
              label: c.method in m ? m[c.method as keyof typeof m] : c.method,
            }))}
          />
        </section>
      )}
      {order.status === 'PAYMENT_PROCESSING' && <Alert kind="info">{t.payment.processing}</Alert>}
      <section aria-labelledby="lines-heading">
        <h2 id="lines-heading" className="font-semibold">
          {t.order.lines}
        </h2>
        <table className="mt-2 w-full text-left text-sm">
          <thead className="sr-only">
            <tr>
              <th scope="col">{t.cart.product}</th>
              <th scope="col">{t.cart.quantity}</th>
              <th scope="col">{t.cart.total}</th>
            </tr>
          </thead>
          <tbody>
            {order.lines.map((l) => (
              <tr key={l.id} className="border-b border-stone-200" data-testid="order-line">
                <td className="py-2">{locale === 'pl' ? l.namePl : l.nameEn}</td>
                <td className="py-2 text-center">
                  {l.quantity} × {formatMoney(l.unitGrossMinor, order.currency, locale)}
                </td>
                <td className="py-2 text-right">{formatMoney(l.lineGrossMinor, order.currency, locale)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2} className="py-2 text-right">
                {t.order.total}
              </th>
              <td className="py-2 text-right font-semibold" data-testid="order-total">
                {formatMoney(order.totalGrossMinor, order.currency, locale)}
              </td>
            </tr>
          </tfoot>
        </table>
      </section>
      <div className="grid gap-6 sm:grid-cols-2">
        <section>
          <h2 className="font-semibold">{t.order.billTo}</h2>
          {order.companyName && (
            <p className="text-sm">
              {order.companyName}
              {order.nip ? `, NIP ${order.nip}` : ''}
            </p>
          )}
          <AddressBlock name={order.customerName} address={order.billingAddress as TAddress} />
        </section>
        <section>
          <h2 className="font-semibold">{t.order.shipTo}</h2>
          <AddressBlock name={order.customerName} address={order.shippingAddress as TAddress} />
        </section>
      </div>
      <OrderDeliverySection orderId={order.id} locale={locale} />
      <OrderInvoicesSection orderId={order.id} orderNumber={order.number} token={sp.t} locale={locale} />
    </article>
  )
}
