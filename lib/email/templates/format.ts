// Locale-aware formatting for email templates. Money arrives as integer minor units and never becomes a float.

export type { Locale } from '@/lib/i18n/locales'

import type { Locale } from '@/lib/i18n/locales'

export const intlLocale: Record<Locale, string> = { pl: 'pl-PL', en: 'en-GB' }

/** The shop's time zone: emails show the shop's local time whatever the server's zone is. */
export const SHOP_TIME_ZONE = 'Europe/Warsaw'

export { formatMoney } from '@/lib/money'

export function formatDateTime(value: Date | string, locale: Locale): string {
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) throw new Error(`invalid date: ${String(value)}`)
  return new Intl.DateTimeFormat(intlLocale[locale], {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: SHOP_TIME_ZONE,
  }).format(date)
}

/** "15 minut" / "1 minutę" / "3 minuty" (accusative, as in "ważny przez ...") or "15 minutes". */
export function formatMinutes(n: number, locale: Locale): string {
  const rule = new Intl.PluralRules(intlLocale[locale]).select(n)
  const num = new Intl.NumberFormat(intlLocale[locale]).format(n)
  if (locale === 'en') return `${num} ${rule === 'one' ? 'minute' : 'minutes'}`
  const word = { one: 'minutę', few: 'minuty', many: 'minut' }[rule as 'one' | 'few' | 'many'] ?? 'minuty'
  return `${num} ${word}`
}
