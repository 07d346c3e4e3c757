import Link from 'next/link'
import { ProductArt } from '@/components/shop/product-art'
import { Pagination } from '@/components/ui/pagination'
import { listProducts } from '@/lib/catalog/queries'
import { prisma } from '@/lib/db'
import { getDictionary } from '@/lib/i18n/server'
import { formatMoney } from '@/lib/money'

export default async function ProductListPage({
  searchParams,
}: {
  searchParams: Promise<{ page?: string }>
}) {
  const [{ t, locale }, sp] = await Promise.all([getDictionary(), searchParams])
  const { items, page, pageCount } = await listProducts(prisma, { page: Number(sp.page ?? 1) })
  return (
    <section aria-labelledby="products-heading">
      <h1 id="products-heading" className="text-2xl font-semibold">
        {t.shop.products}
      </h1>
      <p className="mt-1 text-stone-600">{t.shop.tagline}</p>
      {items.length === 0 ? (
        <p className="mt-8 text-stone-600">{t.shop.noProducts}</p>
      ) : (
        <ul className="mt-6 grid grid-cols-1 gap-6 sm:grid-cols-2 lg:grid-cols-3">
          {items.map((p) => {
            const name = locale === 'pl' ? p.namePl : p.nameEn
            return (
              <li key={p.id} className="overflow-hidden rounded-lg border border-stone-200 bg-white">
                <Link href={`/products/${p.slug}`} className="block hover:bg-stone-50">
                  <ProductArt hue={p.imageHue} label="" className="aspect-[16/10] w-full" />
                  <div className="p-4">
                    <h2 className="font-medium">{name}</h2>
                    <p className="mt-1 text-lg font-semibold">
                      {formatMoney(p.priceGrossMinor, p.currency, locale)}
                    </p>
                    <p className="text-xs text-stone-500">
                      {t.shop.priceInclVat} · {t.shop.vat} {t.vatRate[p.vatRate]} ·{' '}
                      {p.stock > 0 ? t.shop.inStock(p.stock) : t.shop.outOfStock}
                    </p>
                  </div>
                </Link>
              </li>
            )
          })}
        </ul>
      )}
      <Pagination
        page={page}
        pageCount={pageCount}
        href={(n) => `/?page=${n}`}
        labels={{ previous: t.shop.previous, next: t.shop.next, page: t.shop.page(page, pageCount) }}
      />
    </section>
  )
}
