import type { DbTx } from '@/lib/db'

// Invoice numbers: a counter per series ('FV', 'KOR') and year, formatted with the shop's pattern, e.g.
// 'FV/{YYYY}/{NNNNNN}' -> FV/2026/000123. Tokens: {YYYY}, {YY}, {MM} (month of the issue date) and one {N...}
// (the sequence, zero-padded to the number of Ns). The counter is per year, so a pattern must contain the year:
// without it, numbers of two years would collide.

export const INVOICE_SERIES = { INVOICE: 'FV', CORRECTIVE: 'KOR' } as const
export type TInvoiceSeries = (typeof INVOICE_SERIES)[keyof typeof INVOICE_SERIES]

const TOKEN = /\{(YYYY|YY|MM|N{1,10})\}/g
const LITERAL = /^[A-Za-z0-9/_.\- ]*$/

/** Why a number pattern is unusable, or null when it is fine. */
export function numberFormatProblem(format: string): string | null {
  if (format.length === 0 || format.length > 64) return 'must be 1-64 characters'
  const tokens = [...format.matchAll(TOKEN)].map((m) => m[1]!)
  const literal = format.replace(TOKEN, '')
  if (!LITERAL.test(literal))
    return 'may contain letters, digits, / _ . - and the tokens {YYYY} {YY} {MM} {NNNNNN}'
  if (tokens.filter((t) => t.startsWith('N')).length !== 1)
    return 'needs exactly one sequence token, e.g. {NNNNNN}'
  if (!tokens.includes('YYYY') && !tokens.includes('YY')) return 'needs the year, {YYYY} or {YY}'
  return null
}

export function formatInvoiceNumber(
  format: string,
  parts: { year: number; month: number; sequence: number },
): string {
  const problem = numberFormatProblem(format)
  if (problem) throw new RangeError(`invoice number format "${format}" ${problem}`)
  return format.replace(TOKEN, (_, token: string) => {
    if (token === 'YYYY') return String(parts.year)
    if (token === 'YY') return String(parts.year % 100).padStart(2, '0')
    if (token === 'MM') return String(parts.month).padStart(2, '0')
    return String(parts.sequence).padStart(token.length, '0')
  })
}

/**
 * Takes the next sequence of a series and year. The upsert locks the counter row until the caller's transaction
 * ends, so concurrent issuers queue up here and a rolled-back issue gives its number back: no gaps, no reuse.
 * Call it as late as possible in the transaction (everything else validated first) to keep the lock short.
 */
export async function takeInvoiceSequence(tx: DbTx, series: TInvoiceSeries, year: number): Promise<number> {
  const rows = await tx.$queryRaw<{ last_value: number }[]>`
    INSERT INTO invoice_series_counters (series, year, last_value) VALUES (${series}, ${year}, 1)
    ON CONFLICT (series, year) DO UPDATE SET last_value = invoice_series_counters.last_value + 1
    RETURNING last_value`
  return rows[0]!.last_value
}
