import type { ReactNode } from 'react'
import { ShopHeader } from '@/components/shop/header'
import { readCart } from '@/lib/cart/cookie'
import { getDictionary } from '@/lib/i18n/server'

export default async function ShopLayout({ children }: { children: ReactNode }) {
  const [{ t, locale }, cart] = await Promise.all([getDictionary(), readCart()])
  return (
    <>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
        Skip to content
      </a>
      <ShopHeader t={t} locale={locale} cartCount={cart.reduce((s, l) => s + l.quantity, 0)} />
      <main id="main" className="mx-auto max-w-5xl px-4 py-8">
        {children}
      </main>
    </>
  )
}
