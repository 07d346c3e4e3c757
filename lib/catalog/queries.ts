import type { DbTx } from '@/lib/db'

export const PRODUCTS_PER_PAGE = 12

export async function listProducts(db: DbTx, opts: { page: number }) {
  const page = Math.max(1, Math.floor(opts.page) || 1)
  const where = { isActive: true }
  const [items, total] = await Promise.all([
    db.product.findMany({
      where,
      orderBy: [{ namePl: 'asc' }, { id: 'asc' }],
      skip: (page - 1) * PRODUCTS_PER_PAGE,
      take: PRODUCTS_PER_PAGE,
    }),
    db.product.count({ where }),
  ])
  return { items, page, pageCount: Math.max(1, Math.ceil(total / PRODUCTS_PER_PAGE)), total }
}

export function getProductBySlug(db: DbTx, slug: string) {
  return db.product.findFirst({ where: { slug, isActive: true } })
}
