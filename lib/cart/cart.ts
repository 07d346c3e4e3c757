import { z } from 'zod'
import type { Product } from '@/generated/prisma/client'
import type { DbTx } from '@/lib/db'
import { MAX_LINES, MAX_QUANTITY_PER_LINE } from '@/lib/orders/place-order'

// The cart lives in a cookie (product ids and quantities only, never prices), so it survives reloads, needs no
// client JavaScript and no database row per visitor. Prices always come from the database.
export const CART_COOKIE = 'hl_cart'

const ZStoredCart = z
  .array(z.object({ p: z.uuid(), q: z.number().int().min(1).max(MAX_QUANTITY_PER_LINE) }))
  .max(MAX_LINES)

export type Cart = { productId: string; quantity: number }[]

export function decodeCart(value: string | undefined): Cart {
  if (!value) return []
  try {
    const parsed = ZStoredCart.safeParse(JSON.parse(value))
    if (!parsed.success) return []
    const seen = new Set<string>()
    return parsed.data
      .filter((l) => !seen.has(l.p) && seen.add(l.p))
      .map((l) => ({ productId: l.p, quantity: l.q }))
  } catch {
    return []
  }
}

export const encodeCart = (cart: Cart) => JSON.stringify(cart.map((l) => ({ p: l.productId, q: l.quantity })))

export function setCartLine(cart: Cart, productId: string, quantity: number, mode: 'add' | 'set'): Cart {
  const existing = cart.find((l) => l.productId === productId)
  const next = Math.min(
    MAX_QUANTITY_PER_LINE,
    mode === 'add' ? (existing?.quantity ?? 0) + quantity : quantity,
  )
  if (next <= 0) return cart.filter((l) => l.productId !== productId)
  if (existing) return cart.map((l) => (l.productId === productId ? { ...l, quantity: next } : l))
  if (cart.length >= MAX_LINES) return cart
  return [...cart, { productId, quantity: next }]
}

export type CartView = {
  lines: { product: Product; quantity: number; lineGrossMinor: number; isAvailable: boolean }[]
  totalGrossMinor: number
  currency: string
  itemCount: number
}

export async function getCartView(db: DbTx, cart: Cart): Promise<CartView> {
  if (!cart.length) return { lines: [], totalGrossMinor: 0, currency: 'PLN', itemCount: 0 }
  const products = await db.product.findMany({ where: { id: { in: cart.map((l) => l.productId) } } })
  const byId = new Map(products.map((p) => [p.id, p]))
  const lines = cart.flatMap((l) => {
    const product = byId.get(l.productId)
    if (!product) return []
    const isAvailable = product.isActive && product.stock >= l.quantity
    return [
      { product, quantity: l.quantity, lineGrossMinor: product.priceGrossMinor * l.quantity, isAvailable },
    ]
  })
  return {
    lines,
    totalGrossMinor: lines.reduce((s, l) => s + l.lineGrossMinor, 0),
    currency: lines[0]?.product.currency ?? 'PLN',
    itemCount: lines.reduce((s, l) => s + l.quantity, 0),
  }
}
