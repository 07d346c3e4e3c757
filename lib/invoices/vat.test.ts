import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allocateProportionally, divRoundHalfAwayFromZero } from './money.ts'
import {
  allocateRefund,
  computeInvoice,
  diffTotals,
  ratePercent,
  type TInvoiceLineInput,
  type TVatComputation,
  VAT_RATES,
  vatFromGross,
} from './vat.ts'

const arbLine: fc.Arbitrary<TInvoiceLineInput> = fc.record({
  name: fc.constantFrom('Kubek', 'Żółw', 'Książka', 'Usługa'),
  quantity: fc.integer({ min: 1, max: 50 }),
  unit: fc.constant('szt.'),
  unitGrossMinor: fc.integer({ min: 1, max: 10_000_00 }),
  vatRate: fc.constantFrom(...VAT_RATES),
})
const arbBasket = fc.array(arbLine, { minLength: 1, maxLength: 30 })

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0)
}

function checkConsistency(c: TVatComputation) {
  for (const l of c.lines) expect(l.netMinor + l.vatMinor).toBe(l.grossMinor)
  for (const t of c.rateTotals) {
    expect(t.netMinor + t.vatMinor).toBe(t.grossMinor)
    const ls = c.lines.filter((l) => l.vatRate === t.rate)
    expect(ls.length).toBeGreaterThan(0)
    expect(sum(ls.map((l) => l.grossMinor))).toBe(t.grossMinor)
    expect(sum(ls.map((l) => l.netMinor))).toBe(t.netMinor)
    expect(sum(ls.map((l) => l.vatMinor))).toBe(t.vatMinor)
    if (ratePercent(t.rate) === 0) expect(t.vatMinor).toBe(0)
  }
  expect(c.totals.netMinor + c.totals.vatMinor).toBe(c.totals.grossMinor)
  expect(sum(c.rateTotals.map((t) => t.grossMinor))).toBe(c.totals.grossMinor)
  expect(sum(c.rateTotals.map((t) => t.vatMinor))).toBe(c.totals.vatMinor)
  // stable order, each rate once
  const order = c.rateTotals.map((t) => VAT_RATES.indexOf(t.rate))
  expect([...order].sort((a, b) => a - b)).toEqual(order)
  expect(new Set(order).size).toBe(order.length)
}

describe('computeInvoice (property-based)', () => {
  it('lines sum to rate totals, net + VAT = gross everywhere, gross = amount charged', () => {
    fc.assert(
      fc.property(arbBasket, fc.constantFrom('summed' as const, 'per-line' as const), (basket, method) => {
        const c = computeInvoice(basket, method)
        checkConsistency(c)
        expect(c.totals.grossMinor).toBe(sum(basket.map((l) => l.quantity * l.unitGrossMinor)))
        expect(c.lines.map((l) => l.grossMinor)).toEqual(basket.map((l) => l.quantity * l.unitGrossMinor))
      }),
      { numRuns: 500 },
    )
  })

  it('summed: VAT per rate is the exact rational value rounded half-up', () => {
    fc.assert(
      fc.property(arbBasket, (basket) => {
        const c = computeInvoice(basket)
        for (const t of c.rateTotals) {
          const r = BigInt(ratePercent(t.rate))
          const d = 100n + r
          const err = BigInt(t.vatMinor) * d - BigInt(t.grossMinor) * r
          // |vat - exact| <= 1/2, and on an exact half it must have gone up
          expect(2n * (err < 0n ? -err : err) <= d).toBe(true)
          expect(2n * err === -d).toBe(false)
        }
      }),
      { numRuns: 500 },
    )
  })

  it('summed: each line VAT is the floor or ceiling of its exact share', () => {
    fc.assert(
      fc.property(arbBasket, (basket) => {
        for (const l of computeInvoice(basket).lines) {
          const r = BigInt(ratePercent(l.vatRate))
          const err = BigInt(l.vatMinor) * (100n + r) - BigInt(l.grossMinor) * r
          expect((err < 0n ? -err : err) < 100n + r || r === 0n).toBe(true)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('per-line differs from summed by at most ceil(lines of the rate / 2) grosze per rate', () => {
    fc.assert(
      fc.property(arbBasket, (basket) => {
        const summed = computeInvoice(basket, 'summed')
        const perLine = computeInvoice(basket, 'per-line')
        for (const t of summed.rateTotals) {
          const p = perLine.rateTotals.find((x) => x.rate === t.rate)!
          const n = basket.filter((l) => l.vatRate === t.rate).length
          expect(p.grossMinor).toBe(t.grossMinor)
          expect(Math.abs(p.vatMinor - t.vatMinor)).toBeLessThanOrEqual(Math.ceil(n / 2))
        }
      }),
      { numRuns: 500 },
    )
  })

  it('rounding of negative amounts mirrors positive ones (half away from zero)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.constantFrom(...VAT_RATES), (g, rate) => {
        expect(vatFromGross(0 - g, rate)).toBe(0 - vatFromGross(g, rate))
      }),
    )
  })

  it('diffTotals: before + diff = after, per rate and in total', () => {
    fc.assert(
      fc.property(arbBasket, arbBasket, (a, b) => {
        const before = computeInvoice(a)
        const after = computeInvoice(b)
        const d = diffTotals(before, after)
        for (const t of d.rateTotals) {
          const x = before.rateTotals.find((r) => r.rate === t.rate)
          const y = after.rateTotals.find((r) => r.rate === t.rate)
          expect((x?.grossMinor ?? 0) + t.grossMinor).toBe(y?.grossMinor ?? 0)
          expect((x?.vatMinor ?? 0) + t.vatMinor).toBe(y?.vatMinor ?? 0)
          expect(t.netMinor + t.vatMinor).toBe(t.grossMinor)
        }
        expect(before.totals.grossMinor + d.totals.grossMinor).toBe(after.totals.grossMinor)
        expect(sum(d.rateTotals.map((t) => t.vatMinor))).toBe(d.totals.vatMinor)
      }),
    )
  })

  it('allocateRefund: reductions sum exactly to the refund and never exceed a line', () => {
    fc.assert(
      fc.property(
        arbBasket.chain((basket) => {
          const total = sum(basket.map((l) => l.quantity * l.unitGrossMinor))
          return fc.tuple(fc.constant(basket), fc.integer({ min: 0, max: total }))
        }),
        ([basket, refund]) => {
          const lines = computeInvoice(basket).lines
          const red = allocateRefund(lines, refund)
          expect(sum(red)).toBe(refund)
          red.forEach((x, i) => {
            expect(x).toBeGreaterThanOrEqual(0)
            expect(x).toBeLessThanOrEqual(lines[i]!.grossMinor)
          })
          // per rate: within one grosz of the exact proportional share
          const total = sum(lines.map((l) => l.grossMinor))
          for (const rate of VAT_RATES) {
            const idx = lines.flatMap((l, i) => (l.vatRate === rate ? [i] : []))
            if (idx.length === 0) continue
            const g = sum(idx.map((i) => lines[i]!.grossMinor))
            const got = sum(idx.map((i) => red[i]!))
            expect(Math.abs(got * total - refund * g)).toBeLessThan(total)
          }
        },
      ),
    )
  })
})

describe('computeInvoice (hand examples)', () => {
  it('3 x 12.30 PLN at 23% -> gross 36.90, VAT 6.90, net 30.00', () => {
    const c = computeInvoice([
      { name: 'Kubek', quantity: 3, unit: 'szt.', unitGrossMinor: 1230, vatRate: '23' },
    ])
    expect(c.totals).toEqual({ grossMinor: 3690, vatMinor: 690, netMinor: 3000 })
    expect(c.lines[0]).toMatchObject({ unitNetMinor: 1000, netMinor: 3000, vatMinor: 690 })
  })

  // With r in {23, 8, 5}, gross * r / (100 + r) is never exactly x.5 (100 + r odd, or 8g - 54 = 108k has no
  // integer g), so half-up ties cannot occur on gross prices; the tie rule itself is checked on the helper,
  // and the near-tie cases below are where truncation or half-down would give a different answer.
  it('half-up tie rule of the rounding helper, both signs', () => {
    expect(divRoundHalfAwayFromZero(250n, 100n)).toBe(3n)
    expect(divRoundHalfAwayFromZero(249n, 100n)).toBe(2n)
    expect(divRoundHalfAwayFromZero(-250n, 100n)).toBe(-3n)
    expect(divRoundHalfAwayFromZero(-249n, 100n)).toBe(-2n)
    expect(divRoundHalfAwayFromZero(5n, 2n)).toBe(3n)
    expect(divRoundHalfAwayFromZero(0n, 7n)).toBe(0n)
  })

  it('near-tie: 1.15 PLN at 23% has VAT 21.504 gr -> 0.22; 0.08 PLN has 1.496 gr -> 0.01', () => {
    expect(vatFromGross(115, '23')).toBe(22)
    expect(vatFromGross(8, '23')).toBe(1)
    expect(vatFromGross(99, '23')).toBe(19)
  })

  it('summed vs per-line: 2 x 0.07 PLN at 8%', () => {
    const lines: TInvoiceLineInput[] = [
      { name: 'A', quantity: 1, unit: 'szt.', unitGrossMinor: 7, vatRate: '8' },
      { name: 'B', quantity: 1, unit: 'szt.', unitGrossMinor: 7, vatRate: '8' },
    ]
    // per line 0.5185 gr -> 1 each = 2; summed 14 gr -> 1.037 -> 1 (given to the earlier of equal lines)
    expect(computeInvoice(lines, 'per-line').totals.vatMinor).toBe(2)
    const summed = computeInvoice(lines, 'summed')
    expect(summed.totals.vatMinor).toBe(1)
    expect(summed.lines.map((l) => l.vatMinor)).toEqual([1, 0])
  })

  it('30 lines of 0.01 PLN at 23%: the rate VAT is spread, no line VAT exceeds its gross', () => {
    const lines = Array.from({ length: 30 }, (_, i) => ({
      name: `L${i}`,
      quantity: 1,
      unit: 'szt.',
      unitGrossMinor: 1,
      vatRate: '23' as const,
    }))
    const c = computeInvoice(lines)
    expect(c.totals).toEqual({ grossMinor: 30, vatMinor: 6, netMinor: 24 })
    expect(c.lines.every((l) => l.vatMinor <= 1 && l.netMinor >= 0)).toBe(true)
  })

  it('mixed rates, stable order, zero-VAT rates', () => {
    const c = computeInvoice([
      { name: 'np', quantity: 1, unit: 'szt.', unitGrossMinor: 500, vatRate: 'np' },
      { name: 'book', quantity: 2, unit: 'szt.', unitGrossMinor: 4999, vatRate: '5' },
      { name: 'mug', quantity: 1, unit: 'szt.', unitGrossMinor: 12300, vatRate: '23' },
      { name: 'zw', quantity: 1, unit: 'usł.', unitGrossMinor: 10000, vatRate: 'zw' },
      { name: 'food', quantity: 3, unit: 'szt.', unitGrossMinor: 1080, vatRate: '8' },
      { name: 'zero', quantity: 1, unit: 'szt.', unitGrossMinor: 700, vatRate: '0' },
    ])
    expect(c.rateTotals).toEqual([
      { rate: '23', grossMinor: 12300, vatMinor: 2300, netMinor: 10000 },
      { rate: '8', grossMinor: 3240, vatMinor: 240, netMinor: 3000 },
      { rate: '5', grossMinor: 9998, vatMinor: 476, netMinor: 9522 },
      { rate: '0', grossMinor: 700, vatMinor: 0, netMinor: 700 },
      { rate: 'zw', grossMinor: 10000, vatMinor: 0, netMinor: 10000 },
      { rate: 'np', grossMinor: 500, vatMinor: 0, netMinor: 500 },
    ])
    expect(c.totals.grossMinor).toBe(36738)
  })

  it('rejects invalid input', () => {
    const ok = { name: 'A', quantity: 1, unit: 'szt.', unitGrossMinor: 100, vatRate: '23' as const }
    expect(() => computeInvoice([])).toThrow()
    expect(() => computeInvoice([{ ...ok, quantity: 0 }])).toThrow()
    expect(() => computeInvoice([{ ...ok, quantity: 1.5 }])).toThrow()
    expect(() => computeInvoice([{ ...ok, unitGrossMinor: 12.3 }])).toThrow()
    expect(() => computeInvoice([{ ...ok, vatRate: '7' as '23' }])).toThrow()
    expect(() => computeInvoice([{ ...ok, name: '  ' }])).toThrow()
  })

  it('allocateProportionally: largest remainder, ties to the larger weight then the earlier part', () => {
    expect(allocateProportionally(100, [1, 1, 1])).toEqual([34, 33, 33])
    expect(allocateProportionally(1, [1, 2])).toEqual([0, 1])
    expect(allocateProportionally(10, [3, 3, 4])).toEqual([3, 3, 4])
    expect(allocateProportionally(0, [0, 0])).toEqual([0, 0])
  })
})
