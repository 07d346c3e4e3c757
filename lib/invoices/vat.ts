import { z } from 'zod'
import { allocateProportionally, divRoundHalfAwayFromZero, sumMinor, toSafeNumber } from './money.ts'

// VAT on gross prices (the shop's prices include VAT).
//
// Method 'summed' (default), art. 106e ust. 7-8 ustawy o VAT: line gross = quantity * unit gross; gross is
// summed per rate; VAT per rate = round_half_up(grossSum * r / (100 + r)); net = gross - VAT. Line-level net
// and VAT are then only informational: the rate's VAT is split over its lines by the largest remainder
// method (each line gets floor or ceil of its exact share, the leftover grosze go to the largest fractional
// parts; ties: larger gross, then earlier line), so lines of a rate always sum exactly to the rate totals
// and no line's VAT is off its exact value by a grosz or more.
//
// Method 'per-line': VAT is rounded half-up on each line's gross and the rate totals are the sums.
//
// Rates 0, zw (exempt) and np (not subject) carry no VAT: net = gross.
// Amounts are integer grosze; totals and gross always equal the sum of quantity * unit gross, i.e. exactly
// what the customer was charged.

export const VAT_RATES = ['23', '8', '5', '0', 'zw', 'np'] as const
export const ZVatRate = z.enum(VAT_RATES)
export type TVatRate = z.infer<typeof ZVatRate>

export const ZVatMethod = z.enum(['summed', 'per-line'])
export type TVatMethod = z.infer<typeof ZVatMethod>

const RATE_PERCENT: Record<TVatRate, number> = { '23': 23, '8': 8, '5': 5, '0': 0, zw: 0, np: 0 }

export function ratePercent(rate: TVatRate): number {
  return RATE_PERCENT[rate]
}

/** Upper bound of one line's gross (10 bln PLN); with at most MAX_LINES lines every sum stays a safe integer. */
export const MAX_LINE_GROSS_MINOR = 1_000_000_000_000
export const MAX_LINES = 1000

const lineShape = {
  name: z.string().trim().min(1).max(512),
  unit: z.string().trim().min(1).max(50),
  unitGrossMinor: z.number().int().min(0).max(MAX_LINE_GROSS_MINOR),
  vatRate: ZVatRate,
}

const lineGrossInRange = (l: { quantity: number; unitGrossMinor: number }) =>
  l.quantity * l.unitGrossMinor <= MAX_LINE_GROSS_MINOR

/** A basket line as sold: integer quantity > 0, unit price incl. VAT in grosze. */
export const ZInvoiceLineInput = z
  .object({ ...lineShape, quantity: z.number().int().min(1).max(1_000_000) })
  .refine(lineGrossInRange, { message: 'line gross too large', path: ['unitGrossMinor'] })
export type TInvoiceLineInput = z.infer<typeof ZInvoiceLineInput>

/** A line after a correction: like an input line, but the quantity may drop to 0 (returned in full). */
export const ZCorrectionLineInput = z
  .object({ ...lineShape, quantity: z.number().int().min(0).max(1_000_000) })
  .refine(lineGrossInRange, { message: 'line gross too large', path: ['unitGrossMinor'] })
export type TCorrectionLineInput = z.infer<typeof ZCorrectionLineInput>

const int = z.number().int()

/** A computed line. Amounts may be negative only in difference lines of a corrective invoice. */
export const ZInvoiceLine = z
  .object({
    name: lineShape.name,
    unit: lineShape.unit,
    vatRate: ZVatRate,
    quantity: int,
    unitGrossMinor: int,
    grossMinor: int,
    netMinor: int,
    vatMinor: int,
    unitNetMinor: int,
  })
  .refine((l) => l.netMinor + l.vatMinor === l.grossMinor, { message: 'net + VAT must equal gross' })
export type TInvoiceLine = z.infer<typeof ZInvoiceLine>

export const ZRateTotal = z
  .object({ rate: ZVatRate, netMinor: int, vatMinor: int, grossMinor: int })
  .refine((t) => t.netMinor + t.vatMinor === t.grossMinor, { message: 'net + VAT must equal gross' })
export type TRateTotal = z.infer<typeof ZRateTotal>

export const ZTotals = z
  .object({ netMinor: int, vatMinor: int, grossMinor: int })
  .refine((t) => t.netMinor + t.vatMinor === t.grossMinor, { message: 'net + VAT must equal gross' })
export type TTotals = z.infer<typeof ZTotals>

export type TVatSummary = { rateTotals: TRateTotal[]; totals: TTotals }
export type TVatComputation = TVatSummary & { method: TVatMethod; lines: TInvoiceLine[] }

/** A line whose gross is already known (e.g. reduced by a value correction). */
export type TGrossLine = {
  name: string
  unit: string
  vatRate: TVatRate
  quantity: number
  unitGrossMinor: number
  grossMinor: number
}

/** VAT contained in a gross amount at `rate`, rounded half-up (half away from zero for negative amounts). */
export function vatFromGross(grossMinor: number, rate: TVatRate): number {
  const r = RATE_PERCENT[rate]
  if (r === 0) return 0
  return toSafeNumber(divRoundHalfAwayFromZero(BigInt(grossMinor) * BigInt(r), BigInt(100 + r)))
}

/** Net equivalent of a gross amount (used for the informational unit net price). */
export function netFromGross(grossMinor: number, rate: TVatRate): number {
  return grossMinor - vatFromGross(grossMinor, rate)
}

export function compareRates(a: TVatRate, b: TVatRate): number {
  return VAT_RATES.indexOf(a) - VAT_RATES.indexOf(b)
}

export function computeInvoice(
  lines: readonly TInvoiceLineInput[],
  method: TVatMethod = 'summed',
): TVatComputation {
  const parsed = z.array(ZInvoiceLineInput).min(1).max(MAX_LINES).parse(lines)
  return computeFromGross(
    parsed.map((l) => ({ ...l, grossMinor: l.quantity * l.unitGrossMinor })),
    ZVatMethod.parse(method),
  )
}

/** The same computation over lines with a given gross (>= 0); computeInvoice derives it from qty * price. */
export function computeFromGross(
  lines: readonly TGrossLine[],
  method: TVatMethod = 'summed',
): TVatComputation {
  if (lines.length > MAX_LINES) throw new RangeError(`at most ${MAX_LINES} lines`)
  for (const l of lines) {
    if (!Number.isSafeInteger(l.grossMinor) || l.grossMinor < 0 || l.grossMinor > MAX_LINE_GROSS_MINOR) {
      throw new RangeError(`line gross out of range: ${l.grossMinor}`)
    }
  }
  const vat = new Array<number>(lines.length).fill(0)
  const rateTotals: TRateTotal[] = []
  for (const rate of VAT_RATES) {
    const idx = lines.flatMap((l, i) => (l.vatRate === rate ? [i] : []))
    if (idx.length === 0) continue
    const gross = sumMinor(idx.map((i) => lines[i]!.grossMinor))
    let rateVat = 0
    if (RATE_PERCENT[rate] > 0) {
      if (method === 'per-line') {
        for (const i of idx) vat[i] = vatFromGross(lines[i]!.grossMinor, rate)
        rateVat = sumMinor(idx.map((i) => vat[i]!))
      } else {
        rateVat = vatFromGross(gross, rate)
        const shares = splitVat(
          rateVat,
          idx.map((i) => lines[i]!.grossMinor),
          rate,
        )
        idx.forEach((i, k) => {
          vat[i] = shares[k]!
        })
      }
    }
    rateTotals.push({ rate, grossMinor: gross, vatMinor: rateVat, netMinor: gross - rateVat })
  }
  const out: TInvoiceLine[] = lines.map((l, i) => ({
    name: l.name,
    unit: l.unit,
    vatRate: l.vatRate,
    quantity: l.quantity,
    unitGrossMinor: l.unitGrossMinor,
    grossMinor: l.grossMinor,
    vatMinor: vat[i]!,
    netMinor: l.grossMinor - vat[i]!,
    unitNetMinor: netFromGross(l.unitGrossMinor, l.vatRate),
  }))
  return { method, lines: out, rateTotals, totals: sumRateTotals(rateTotals) }
}

/**
 * Splits a rate's VAT over its lines: floor of each line's exact VAT, plus one grosz for the lines with the
 * largest fractional parts until the rate total is reached (the largest remainder method).
 */
function splitVat(rateVat: number, grosses: readonly number[], rate: TVatRate): number[] {
  const r = BigInt(RATE_PERCENT[rate])
  const d = BigInt(100 + RATE_PERCENT[rate])
  const floors = grosses.map((g) => (BigInt(g) * r) / d)
  const leftover = rateVat - toSafeNumber(floors.reduce((a, f) => a + f, 0n))
  const fractional = grosses.filter((g) => (BigInt(g) * r) % d !== 0n).length
  // round(sum of exact) lies between the sum of floors and the sum of ceilings.
  if (leftover < 0 || leftover > fractional) throw new Error('VAT split invariant violated')
  const remainders = grosses.map((g) => toSafeNumber((BigInt(g) * r) % d))
  const extra = pickLargest(remainders, grosses, leftover)
  return floors.map((f, i) => toSafeNumber(f) + (extra.has(i) ? 1 : 0))
}

function pickLargest(remainders: readonly number[], grosses: readonly number[], count: number): Set<number> {
  const order = remainders
    .map((_, i) => i)
    .filter((i) => remainders[i]! > 0)
    .sort((a, b) => remainders[b]! - remainders[a]! || grosses[b]! - grosses[a]! || a - b)
  return new Set(order.slice(0, count))
}

export function sumRateTotals(rateTotals: readonly TRateTotal[]): TTotals {
  return {
    netMinor: sumMinor(rateTotals.map((t) => t.netMinor)),
    vatMinor: sumMinor(rateTotals.map((t) => t.vatMinor)),
    grossMinor: sumMinor(rateTotals.map((t) => t.grossMinor)),
  }
}

/**
 * Differences after - before, per rate (every rate present on either side, in the stable rate order, a
 * rate that disappeared shows minus its old totals) and in total. Used by corrective invoices.
 */
export function diffTotals(before: TVatSummary, after: TVatSummary): TVatSummary {
  const rateTotals: TRateTotal[] = []
  for (const rate of VAT_RATES) {
    const b = before.rateTotals.find((t) => t.rate === rate)
    const a = after.rateTotals.find((t) => t.rate === rate)
    if (!a && !b) continue
    rateTotals.push({
      rate,
      netMinor: (a?.netMinor ?? 0) - (b?.netMinor ?? 0),
      vatMinor: (a?.vatMinor ?? 0) - (b?.vatMinor ?? 0),
      grossMinor: (a?.grossMinor ?? 0) - (b?.grossMinor ?? 0),
    })
  }
  return {
    rateTotals,
    totals: {
      netMinor: after.totals.netMinor - before.totals.netMinor,
      vatMinor: after.totals.vatMinor - before.totals.vatMinor,
      grossMinor: after.totals.grossMinor - before.totals.grossMinor,
    },
  }
}

/**
 * Reduces lines' gross by exactly `refundMinor` in total, proportionally: first over the rates by their
 * gross (largest remainder), then within each rate over its lines by their gross (largest remainder).
 * Returns the reduction per line; no line is reduced below zero.
 */
export function allocateRefund(
  lines: readonly { vatRate: TVatRate; grossMinor: number }[],
  refundMinor: number,
) {
  const total = sumMinor(lines.map((l) => l.grossMinor))
  if (!Number.isSafeInteger(refundMinor) || refundMinor < 0 || refundMinor > total) {
    throw new RangeError(`refund must be between 0 and the invoice total ${total}`)
  }
  const rates = VAT_RATES.filter((r) => lines.some((l) => l.vatRate === r))
  const rateGross = rates.map((r) => sumMinor(lines.filter((l) => l.vatRate === r).map((l) => l.grossMinor)))
  const perRate = allocateProportionally(refundMinor, rateGross)
  const reductions = new Array<number>(lines.length).fill(0)
  rates.forEach((rate, k) => {
    const idx = lines.flatMap((l, i) => (l.vatRate === rate ? [i] : []))
    const shares = allocateProportionally(
      perRate[k]!,
      idx.map((i) => lines[i]!.grossMinor),
    )
    idx.forEach((i, j) => {
      reductions[i] = shares[j]!
    })
  })
  return reductions
}
