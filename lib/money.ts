// Money is integer minor units plus an ISO currency. Formatting goes through a decimal string built with integer
// arithmetic (Intl.NumberFormat formats decimal strings exactly), so no float ever touches an amount.
import type { Locale } from '@/lib/i18n/locales'

export type Money = { amountMinor: number; currency: string }

const intlLocale = (locale: Locale) => (locale === 'pl' ? 'pl-PL' : 'en-GB')

export function minorToDecimalString(amountMinor: number, fractionDigits = 2): string {
  if (!Number.isSafeInteger(amountMinor))
    throw new RangeError(`money must be integer minor units (a safe integer), got ${amountMinor}`)
  const sign = amountMinor < 0 ? '-' : ''
  const abs = BigInt(Math.abs(amountMinor))
  const base = 10n ** BigInt(fractionDigits)
  const frac = (abs % base).toString().padStart(fractionDigits, '0')
  return `${sign}${abs / base}${fractionDigits ? `.${frac}` : ''}`
}

const formatters = new Map<string, Intl.NumberFormat>()

/** "123,45 zł" (pl) / "PLN 123.45" (en). `currencyDisplay: 'code'` forces "EUR 19.99" over "€19.99". */
export function formatMoney(
  amountMinor: number,
  currency: string,
  locale: Locale,
  opts: { currencyDisplay?: 'symbol' | 'code' } = {},
): string {
  const display = opts.currencyDisplay ?? 'symbol'
  const f = cached(
    `m:${locale}:${currency}:${display}`,
    () =>
      new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency, currencyDisplay: display }),
  )
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2
  // Intl accepts decimal strings (ES2023); the cast keeps older lib typings quiet
  return f.format(minorToDecimalString(amountMinor, digits) as unknown as number)
}

/** "1234,56" (pl) / "1,234.56" (en): an amount without currency, for table cells. */
export function formatAmount(amountMinor: number, locale: Locale): string {
  const f = cached(
    `a:${locale}`,
    () => new Intl.NumberFormat(intlLocale(locale), { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  )
  return f.format(minorToDecimalString(amountMinor) as unknown as number)
}

function cached(key: string, make: () => Intl.NumberFormat) {
  let f = formatters.get(key)
  if (!f) {
    f = make()
    formatters.set(key, f)
  }
  return f
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
