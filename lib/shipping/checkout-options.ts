import 'server-only'
import type { Db } from '@/lib/db'
import type { Locale } from '@/lib/i18n/locales'
import { deliveryMessages } from '@/lib/i18n/shop/delivery'
import { formatMoney } from '@/lib/money'
import { acceptsWeight, deliveryPrice, listActiveMethods } from './methods'

/** The delivery methods offered for a cart, priced for its goods, with the order total under each. */
export async function deliveryOptionsFor(
  db: Db,
  cart: { goodsGrossMinor: number; weightGrams: number; currency: string },
  locale: Locale,
) {
  const t = deliveryMessages[locale]
  const methods = (await listActiveMethods(db)).filter((m) => m.currency === cart.currency)
  const totals: Record<string, string> = {}
  const options = methods.map((m) => {
    const price = deliveryPrice(m, cart.goodsGrossMinor)
    totals[m.id] = formatMoney(cart.goodsGrossMinor + price.priceGrossMinor, cart.currency, locale)
    return {
      id: m.id,
      kind: m.kind,
      name: locale === 'pl' ? m.namePl : m.nameEn,
      priceGrossMinor: price.priceGrossMinor,
      priceLabel:
        price.priceGrossMinor === 0 ? t.free : formatMoney(price.priceGrossMinor, m.currency, locale),
      note:
        m.freeAboveMinor !== null && !price.isFree
          ? t.freeFrom(formatMoney(m.freeAboveMinor, m.currency, locale))
          : null,
      unavailable: acceptsWeight(m, cart.weightGrams) ? null : t.tooHeavy(String(m.maxWeightGrams / 1000)),
    }
  })
  return { options, totals }
}
