// Money is integer minor units plus an ISO currency. Formatting goes through a decimal string built with integer
// arithmetic (Intl.NumberFormat formats decimal strings exactly), so no float ever touches an amount.
import type { Locale } from '@/lib/i18n/locales'

export type Money = { amountMinor: number; currency: string }

const intlLocale = (locale: Locale) => (locale === 'pl' ? 'pl-PL' : 'en-GB')

export function minorToDecimalString(amountMinor: number, fractionDigits = 2): string {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`not a safe integer amount: ${amountMinor}`)
  const sign = amountMinor < 0 ? '-' : ''
  const abs = BigInt(Math.abs(amountMinor))
  const base = 10n ** BigInt(fractionDigits)
  const frac = (abs % base).toString().padStart(fractionDigits, '0')
  return `${sign}${abs / base}${fractionDigits ? `.${frac}` : ''}`
}

const formatters = new Map<string, Intl.NumberFormat>()

export function formatMoney(amountMinor: number, currency: string, locale: Locale): string {
  const key = `${locale}:${currency}`
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency })
    formatters.set(key, f)
  }
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2
  // Intl accepts decimal strings (ES2023); the cast keeps older lib typings quiet
  return f.format(minorToDecimalString(amountMinor, digits) as unknown as number)
}

export function formatDate(date: Date, locale: Locale, withTime = true): string {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    dateStyle: 'medium',
    ...(withTime ? { timeStyle: 'short' } : {}),
    timeZone: 'Europe/Warsaw',
  }).format(date)
}

/** Parses a user-entered amount like "12,30" or "12.3" into minor units without float math. */
export function parseAmountToMinor(input: string): number | null {
  const m = input
    .trim()
    .replace(/\s/g, '')
    .match(/^(\d{1,9})(?:[.,](\d{1,2}))?$/)
  if (!m) return null
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}
