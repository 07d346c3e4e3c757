import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import { placeOrderAction } from '@/app/(shop)/actions'
import { CheckoutForm } from '@/components/shop/checkout-form'
import { getCartView } from '@/lib/cart/cart'
import { readCart } from '@/lib/cart/cookie'
import { prisma } from '@/lib/db'
import { getDictionary } from '@/lib/i18n/server'
import { clientDeliveryLabels } from '@/lib/i18n/shop/delivery'
import { formatMoney } from '@/lib/money'
import { deliveryOptionsFor } from '@/lib/shipping/checkout-options'

export const metadata: Metadata = { title: 'Checkout' }

export default async function CheckoutPage() {
  const { t, locale } = await getDictionary()
  const cart = await getCartView(prisma, await readCart())
  if (!cart.lines.length) redirect('/cart')
  const delivery = await deliveryOptionsFor(
    prisma,
    {
      goodsGrossMinor: cart.totalGrossMinor,
      weightGrams: cart.lines.reduce((s, l) => s + l.product.weightGrams * l.quantity, 0),
      currency: cart.currency,
    },
    locale,
  )
  return (
    <div className="grid gap-10 md:grid-cols-[1fr_18rem]">
      <section aria-labelledby="checkout-heading">
        <h1 id="checkout-heading" className="mb-6 text-2xl font-semibold">
          {t.checkout.title}
        </h1>
        <CheckoutForm
          action={placeOrderAction}
          labels={t.checkout}
          expectedTotalMinor={cart.totalGrossMinor}
          delivery={
            delivery.options.length
              ? {
                  options: delivery.options,
                  labels: { ...clientDeliveryLabels(locale), formatted: delivery.totals },
                }
              : undefined
          }
        />
      </section>
      <aside
        aria-labelledby="summary-heading"
        className="h-fit rounded-lg border border-stone-200 bg-white p-4"
      >
        <h2 id="summary-heading" className="font-semibold">
          {t.checkout.summary}
        </h2>
        <ul className="mt-3 space-y-2 text-sm">
          {cart.lines.map((l) => (
            <li key={l.product.id} className="flex justify-between gap-2">
              <span>
                {l.quantity} × {locale === 'pl' ? l.product.namePl : l.product.nameEn}
              </span>
              <span>{formatMoney(l.lineGrossMinor, l.product.currency, locale)}</span>
            </li>
          ))}
        </ul>
        <p className="mt-4 flex justify-between border-t border-stone-200 pt-3 font-semibold">
          <span>{t.cart.total}</span>
          <span>{formatMoney(cart.totalGrossMinor, cart.currency, locale)}</span>
        </p>
      </aside>
    </div>
  )
}
