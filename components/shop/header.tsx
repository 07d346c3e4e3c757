import Link from 'next/link'
import { setLocaleAction } from '@/app/(shop)/actions'
import type { Dictionary } from '@/lib/i18n/dictionaries'
import type { Locale } from '@/lib/i18n/locales'

export function ShopHeader({ t, locale, cartCount }: { t: Dictionary; locale: Locale; cartCount: number }) {
  const other: Locale = locale === 'pl' ? 'en' : 'pl'
  return (
    <header className="border-b border-stone-200 bg-white">
      <div className="mx-auto flex max-w-5xl items-center justify-between gap-4 px-4 py-4">
        <Link href="/" className="text-lg font-semibold text-brand">
          {t.shop.title}
        </Link>
        <nav aria-label="Main" className="flex items-center gap-4 text-sm">
          <Link href="/" className="hover:underline">
            {t.shop.products}
          </Link>
          <Link href="/cart" className="hover:underline" data-testid="cart-link">
            {t.shop.cart} ({cartCount})
          </Link>
          <Link href="/account" className="hover:underline">
            {t.account.link}
          </Link>
          <form action={setLocaleAction}>
            <input type="hidden" name="locale" value={other} />
            <input type="hidden" name="returnTo" value="/" />
            <button
              type="submit"
              className="rounded border border-stone-300 px-2 py-1 text-xs uppercase hover:bg-stone-100"
              aria-label={`${t.shop.language}: ${other === 'pl' ? 'polski' : 'English'}`}
            >
              {other}
            </button>
          </form>
        </nav>
      </div>
    </header>
  )
}
