import type { Locale } from '@/lib/i18n/locales'
import { formatMoney as formatMoneyBase } from '@/lib/money'

// Integer money helpers. Amounts are minor units (grosze, cents) held in safe-integer `number`s; every
// multiplication or division that could leave the safe range or need rounding goes through BigInt.

/**
 * numerator / denominator rounded to the nearest integer, ties away from zero. For non-negative values this
 * is the statutory "half-up" rounding to the grosz; for negative values (differences on corrective invoices)
 * it is its mirror image, so rounding(-x) === -rounding(x) and a correction never differs from the original
 * amount by a rounding artefact.
 */
export function divRoundHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive')
  const negative = numerator < 0n
  const n = negative ? -numerator : numerator
  const q = (2n * n + denominator) / (2n * denominator)
  return negative ? -q : q
}

export function toSafeNumber(value: bigint): number {
  const n = Number(value)
  if (!Number.isSafeInteger(n)) throw new RangeError(`amount ${value} is outside the safe integer range`)
  return n
}

export function sumMinor(values: readonly number[]): number {
  let total = 0
  for (const v of values) total += v
  if (!Number.isSafeInteger(total)) throw new RangeError('sum is outside the safe integer range')
  return total
}

/**
 * Splits `total` into integer parts proportional to `weights` (largest remainder / Hamilton method): each
 * part is floor(total * w / W) and the leftover units go to the largest remainders (ties: larger weight,
 * then earlier position). Parts always sum to `total`, and for 0 <= total <= W no part exceeds its weight.
 */
export function allocateProportionally(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError('total must be a non-negative integer')
  const weightSum = weights.reduce((a, w) => a + BigInt(w), 0n)
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) throw new RangeError('weights must be >= 0')
  if (weightSum === 0n) {
    if (total === 0) return weights.map(() => 0)
    throw new RangeError('cannot allocate a non-zero total over zero weights')
  }
  const t = BigInt(total)
  const parts = weights.map((w) => (t * BigInt(w)) / weightSum)
  const remainders = weights.map((w) => (t * BigInt(w)) % weightSum)
  let leftover = t - parts.reduce((a, p) => a + p, 0n)
  const order = weights
    .map((_, i) => i)
    .sort((a, b) => {
      const ra = remainders[a]!
      const rb = remainders[b]!
      if (ra !== rb) return ra > rb ? -1 : 1
      if (weights[a] !== weights[b]) return weights[b]! - weights[a]!
      return a - b
    })
  for (const i of order) {
    if (leftover === 0n) break
    parts[i] = parts[i]! + 1n
    leftover -= 1n
  }
  return parts.map(toSafeNumber)
}

/**
 * minor / divisor as a decimal string in major units with at most `maxFractionDigits` digits (rounded half
 * away from zero) and at least two, e.g. a unit price 2759 / 3 -> "9.19666667".
 */
export function minorRatioToDecimal(minor: number, divisor: number, maxFractionDigits = 8): string {
  if (!Number.isSafeInteger(divisor) || divisor <= 0) throw new RangeError('divisor must be positive')
  const scale = 10n ** BigInt(maxFractionDigits)
  // major units * scale = minor * scale / (100 * divisor)
  const scaled = divRoundHalfAwayFromZero(BigInt(minor) * scale, 100n * BigInt(divisor))
  const abs = scaled < 0n ? -scaled : scaled
  let fraction = (abs % scale).toString().padStart(maxFractionDigits, '0')
  while (fraction.length > 2 && fraction.endsWith('0')) fraction = fraction.slice(0, -1)
  return `${scaled < 0n ? '-' : ''}${abs / scale}.${fraction}`
}

export type TMoneyLocale = Locale
export { formatAmount, minorToDecimalString as minorToDecimal } from '@/lib/money'

/** "1 234,56 zł" (pl) / "PLN 1,234.56" (en): on documents the English side always names the currency code. */
export const formatMoney = (minor: number, currency: string, locale: TMoneyLocale) =>
  formatMoneyBase(minor, currency, locale, { currencyDisplay: locale === 'pl' ? 'symbol' : 'code' })
