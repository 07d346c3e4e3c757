import type { Metadata } from 'next'
import Link from 'next/link'
import { updateCartAction } from '@/app/(shop)/actions'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { getCartView } from '@/lib/cart/cart'
import { readCart } from '@/lib/cart/cookie'
import { prisma } from '@/lib/db'
import { getDictionary } from '@/lib/i18n/server'
import { formatMoney } from '@/lib/money'
import { MAX_QUANTITY_PER_LINE } from '@/lib/orders/place-order'

export const metadata: Metadata = { title: 'Cart' }

export default async function CartPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const [{ t, locale }, sp] = await Promise.all([getDictionary(), searchParams])
  const cart = await getCartView(prisma, await readCart())
  return (
    <section aria-labelledby="cart-heading">
      <h1 id="cart-heading" className="text-2xl font-semibold">
        {t.cart.title}
      </h1>
      {sp.error && (
        <div className="mt-4">
          <Alert>
            {sp.error === 'product' ? t.cart.unavailable : `${t.cart.quantity}: 0-${MAX_QUANTITY_PER_LINE}`}
          </Alert>
        </div>
      )}
      {cart.lines.length === 0 ? (
        <div className="mt-6">
          <p className="text-stone-600">{t.cart.empty}</p>
          <Link href="/" className="mt-4 inline-block text-brand hover:underline">
            {t.cart.browse}
          </Link>
        </div>
      ) : (
        <>
          <table className="mt-6 w-full border-collapse text-left text-sm">
            <thead>
              <tr className="border-b border-stone-300">
                <th scope="col" className="py-2">
                  {t.cart.product}
                </th>
                <th scope="col" className="py-2 text-right">
                  {t.cart.unitPrice}
                </th>
                <th scope="col" className="py-2 text-center">
                  {t.cart.quantity}
                </th>
                <th scope="col" className="py-2 text-right">
                  {t.cart.total}
                </th>
              </tr>
            </thead>
            <tbody>
              {cart.lines.map(({ product: p, quantity, lineGrossMinor, isAvailable }) => {
                const name = locale === 'pl' ? p.namePl : p.nameEn
                return (
                  <tr key={p.id} className="border-b border-stone-200" data-testid="cart-line">
                    <td className="py-3">
                      <Link href={`/products/${p.slug}`} className="font-medium hover:underline">
                        {name}
                      </Link>
                      {!isAvailable && (
                        <p className="text-xs text-red-700">
                          {p.isActive ? t.cart.limited(p.stock) : t.cart.unavailable}
                        </p>
                      )}
                    </td>
                    <td className="py-3 text-right">{formatMoney(p.priceGrossMinor, p.currency, locale)}</td>
                    <td className="py-3">
                      <form action={updateCartAction} className="flex items-center justify-center gap-2">
                        <input type="hidden" name="productId" value={p.id} />
                        <input type="hidden" name="mode" value="set" />
                        <label className="sr-only" htmlFor={`q-${p.id}`}>
                          {t.cart.quantity}: {name}
                        </label>
                        <input
                          id={`q-${p.id}`}
                          name="quantity"
                          type="number"
                          min={0}
                          max={MAX_QUANTITY_PER_LINE}
                          defaultValue={quantity}
                          className="w-16 rounded border border-stone-300 px-2 py-1"
                        />
                        <Button type="submit" variant="secondary" className="px-2 py-1">
                          {t.cart.update}
                        </Button>
                      </form>
                      <form action={updateCartAction} className="mt-1 text-center">
                        <input type="hidden" name="productId" value={p.id} />
                        <input type="hidden" name="mode" value="set" />
                        <input type="hidden" name="quantity" value="0" />
                        <button type="submit" className="text-xs text-red-700 hover:underline">
                          {t.cart.remove}
                        </button>
                      </form>
                    </td>
                    <td className="py-3 text-right">{formatMoney(lineGrossMinor, p.currency, locale)}</td>
                  </tr>
                )
              })}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={3} className="py-3 text-right">
                  {t.cart.total}
                </th>
                <td className="py-3 text-right text-lg font-semibold" data-testid="cart-total">
                  {formatMoney(cart.totalGrossMinor, cart.currency, locale)}
                </td>
              </tr>
            </tfoot>
          </table>
          <div className="mt-6 flex justify-end">
            <Link
              href="/checkout"
              className="rounded-md bg-brand px-4 py-2 font-medium text-white hover:bg-brand-dark"
            >
              {t.cart.checkout}
            </Link>
          </div>
        </>
      )}
    </section>
  )
}
