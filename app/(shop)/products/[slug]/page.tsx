import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { updateCartAction } from '@/app/(shop)/actions'
import { ProductArt } from '@/components/shop/product-art'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { getProductBySlug } from '@/lib/catalog/queries'
import { prisma } from '@/lib/db'
import { getDictionary } from '@/lib/i18n/server'
import { formatMoney } from '@/lib/money'
import { MAX_QUANTITY_PER_LINE } from '@/lib/orders/place-order'

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ added?: string }> }

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const product = await getProductBySlug(prisma, (await params).slug)
  return { title: product?.nameEn ?? 'Product' }
}

export default async function ProductPage({ params, searchParams }: Props) {
  const [{ t, locale }, { slug }, sp] = await Promise.all([getDictionary(), params, searchParams])
  const p = await getProductBySlug(prisma, slug)
  if (!p) notFound()
  const name = locale === 'pl' ? p.namePl : p.nameEn
  return (
    <article className="grid gap-8 md:grid-cols-2">
      <ProductArt hue={p.imageHue} label={name} className="w-full rounded-lg border border-stone-200" />
      <div>
        <Link href="/" className="text-sm text-brand hover:underline">
          ← {t.shop.back}
        </Link>
        <h1 className="mt-2 text-2xl font-semibold">{name}</h1>
        <p className="mt-2 text-2xl font-semibold">{formatMoney(p.priceGrossMinor, p.currency, locale)}</p>
        <p className="text-sm text-stone-500">
          {t.shop.priceInclVat} · {t.shop.vat} {t.vatRate[p.vatRate]}
        </p>
        <p className="mt-4 text-stone-700">{locale === 'pl' ? p.descriptionPl : p.descriptionEn}</p>
        <p className="mt-4 text-sm">{p.stock > 0 ? t.shop.inStock(p.stock) : t.shop.outOfStock}</p>
        {sp.added && (
          <div className="mt-4">
            <Alert kind="success">
              {t.shop.added}{' '}
              <Link href="/cart" className="font-medium underline">
                {t.shop.cart}
              </Link>
            </Alert>
          </div>
        )}
        {p.stock > 0 && (
          <form action={updateCartAction} className="mt-6 flex items-end gap-3">
            <input type="hidden" name="productId" value={p.id} />
            <input type="hidden" name="mode" value="add" />
            <input type="hidden" name="returnTo" value="product" />
            <input type="hidden" name="slug" value={p.slug} />
            <div>
              <label htmlFor="quantity" className="block text-sm font-medium">
                {t.shop.quantity}
              </label>
              <input
                id="quantity"
                name="quantity"
                type="number"
                min={1}
                max={Math.min(MAX_QUANTITY_PER_LINE, p.stock)}
                defaultValue={1}
                required
                className="mt-1 w-24 rounded-md border border-stone-300 px-3 py-2"
              />
            </div>
            <Button type="submit">{t.shop.addToCart}</Button>
          </form>
        )}
      </div>
    </article>
  )
}
