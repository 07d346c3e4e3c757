import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  buildCorrectiveDocument,
  buildInvoiceDocument,
  isValidNip,
  type TInvoiceDocument,
  ZInvoiceDocument,
} from './document.ts'
import { companyBuyer, personBuyer, polishLines, sampleInvoice, seller } from './testing/fixtures.ts'
import { type TInvoiceLineInput, VAT_RATES, vatFromGross } from './vat.ts'

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)

const arbLine: fc.Arbitrary<TInvoiceLineInput> = fc.record({
  name: fc.constantFrom('Kubek', 'Żółw', 'Książka'),
  quantity: fc.integer({ min: 1, max: 50 }),
  unit: fc.constant('szt.'),
  unitGrossMinor: fc.integer({ min: 1, max: 10_000_00 }),
  vatRate: fc.constantFrom(...VAT_RATES),
})

function invoiceOf(lines: TInvoiceLineInput[], method: 'summed' | 'per-line' = 'summed') {
  return buildInvoiceDocument({
    number: 'FV/1',
    issueDate: '2025-10-15',
    seller,
    buyer: personBuyer,
    lines,
    method,
    payment: { status: 'paid', method: 'card', paidAt: '2025-10-15' },
    exemptionBasis: 'art. 43 ust. 1 pkt 29 lit. c ustawy o VAT',
  })
}

function expectCorrectiveInvariants(doc: TInvoiceDocument) {
  const c = doc.corrected!
  expect(doc.totals).toEqual(c.diffTotals)
  expect(doc.rateTotals).toEqual(c.diffRateTotals)
  // difference lines sum per rate to the booked differences (0 for a rate without changed lines)
  for (const t of doc.rateTotals) {
    const ls = doc.lines.filter((l) => l.vatRate === t.rate)
    expect({
      rate: t.rate,
      netMinor: sum(ls.map((l) => l.netMinor)),
      vatMinor: sum(ls.map((l) => l.vatMinor)),
      grossMinor: sum(ls.map((l) => l.grossMinor)),
    }).toEqual(t)
  }
  expect(doc.lines.every((l) => doc.rateTotals.some((t) => t.rate === l.vatRate))).toBe(true)
  expect(c.totalsBefore.grossMinor + c.diffTotals.grossMinor).toBe(c.totalsAfter.grossMinor)
  if (doc.method === 'summed') {
    for (const t of c.rateTotalsAfter) expect(t.vatMinor).toBe(vatFromGross(t.grossMinor, t.rate))
  }
  for (const l of c.linesAfter) {
    expect(l.grossMinor).toBeGreaterThanOrEqual(0)
    expect(l.netMinor + l.vatMinor).toBe(l.grossMinor)
  }
  expect(ZInvoiceDocument.parse(doc)).toEqual(doc)
}

describe('buildInvoiceDocument', () => {
  it('builds a validated snapshot whose total is what was charged', () => {
    const doc = sampleInvoice()
    expect(doc.kind).toBe('invoice')
    expect(doc.totals.grossMinor).toBe(sum(polishLines.map((l) => l.quantity * l.unitGrossMinor)))
    expect(doc.saleDate).toBe('2025-10-14')
    expect(doc.currency).toBe('PLN')
    expect(doc.method).toBe('summed')
    expect(doc.rateTotals.map((t) => t.rate)).toEqual(['23', '8', '5'])
  })

  it('defaults the sale date to the issue date', () => {
    expect(invoiceOf(polishLines).saleDate).toBe('2025-10-15')
  })

  it('validates NIPs', () => {
    expect(isValidNip('7771234567')).toBe(true)
    expect(isValidNip('7771234568')).toBe(false)
    expect(isValidNip('777-123-45-67')).toBe(false)
    expect(isValidNip('0001234567')).toBe(false)
    expect(() =>
      sampleInvoice({ buyer: { ...companyBuyer, nip: '1234567890' } as typeof companyBuyer }),
    ).toThrow()
  })

  it('requires the legal basis when a line is exempt', () => {
    const lines: TInvoiceLineInput[] = [
      { name: 'Szkolenie', quantity: 1, unit: 'usł.', unitGrossMinor: 1000, vatRate: 'zw' },
    ]
    expect(() => sampleInvoice({ lines })).toThrow(/exemptionBasis/)
    expect(
      sampleInvoice({ lines, exemptionBasis: 'art. 43 ust. 1 pkt 29 lit. c ustawy o VAT' }).totals.vatMinor,
    ).toBe(0)
  })

  it('survives a JSON round trip (stored snapshot)', () => {
    const doc = sampleInvoice()
    const kor = buildCorrectiveDocument(doc, {
      number: 'FK/1',
      issueDate: '2025-10-20',
      reason: 'Zwrot',
      refundAmountMinor: 1,
    })
    for (const d of [doc, kor]) {
      expect(ZInvoiceDocument.parse(JSON.parse(JSON.stringify(d)))).toEqual(JSON.parse(JSON.stringify(d)))
    }
  })

  it('rejects a tampered snapshot', () => {
    const doc = sampleInvoice()
    expect(() =>
      ZInvoiceDocument.parse({ ...doc, totals: { ...doc.totals, grossMinor: doc.totals.grossMinor + 1 } }),
    ).toThrow()
    const lines = doc.lines.map((l, i) =>
      i === 0 ? { ...l, vatMinor: l.vatMinor + 1, netMinor: l.netMinor - 1 } : l,
    )
    expect(() => ZInvoiceDocument.parse({ ...doc, lines })).toThrow()
    const rateTotals = doc.rateTotals.map((t, i) =>
      i === 0 ? { ...t, vatMinor: t.vatMinor + 1, netMinor: t.netMinor - 1 } : t,
    )
    const moved = doc.lines.map((l, i) =>
      i === 0 ? { ...l, vatMinor: l.vatMinor + 1, netMinor: l.netMinor - 1 } : l,
    )
    expect(() =>
      ZInvoiceDocument.parse({
        ...doc,
        lines: moved,
        rateTotals,
        totals: { ...doc.totals, vatMinor: doc.totals.vatMinor + 1, netMinor: doc.totals.netMinor - 1 },
      }),
    ).toThrow(/summed method/)
    expect(() =>
      ZInvoiceDocument.parse({ ...doc, payment: { status: 'refund-pending', method: 'card' } }),
    ).toThrow()
  })
})

describe('buildCorrectiveDocument', () => {
  const base = { number: 'FK/1', issueDate: '2025-10-20', reason: 'Zwrot' }

  it('by amount: the total difference is exactly minus the refund (property)', () => {
    fc.assert(
      fc.property(
        fc.array(arbLine, { minLength: 1, maxLength: 30 }).chain((lines) => {
          const total = sum(lines.map((l) => l.quantity * l.unitGrossMinor))
          return fc.tuple(
            fc.constant(lines),
            fc.integer({ min: 1, max: total }),
            fc.constantFrom('summed' as const, 'per-line' as const),
          )
        }),
        ([lines, refund, method]) => {
          const doc = buildCorrectiveDocument(invoiceOf(lines, method), {
            ...base,
            refundAmountMinor: refund,
          })
          expect(doc.totals.grossMinor).toBe(-refund)
          expect(doc.corrected!.diffTotals.grossMinor).toBe(-refund)
          expect(doc.corrected!.totalsAfter.grossMinor).toBe(doc.corrected!.totalsBefore.grossMinor - refund)
          expectCorrectiveInvariants(doc)
        },
      ),
      { numRuns: 150 },
    )
  })

  it('by amount: a partial refund keeps quantities and reduces values per rate proportionally', () => {
    const inv = sampleInvoice()
    const doc = buildCorrectiveDocument(inv, { ...base, refundAmountMinor: 5000 })
    const c = doc.corrected!
    expect(c.mode).toBe('amount')
    expect(c.linesAfter.map((l) => l.quantity)).toEqual(inv.lines.map((l) => l.quantity))
    // gross 23%: 18890, 8%: 4998, 5%: 4999 of 28887 -> 3269.63, 865.09, 865.26 of 5000; the leftover
    // grosz goes to the largest remainder (23%)
    expect(c.diffRateTotals.map((t) => [t.rate, t.grossMinor])).toEqual([
      ['23', -3270],
      ['8', -865],
      ['5', -865],
    ])
    // within 23%: 3690, 8900, 6300 of 18890 -> 638.77, 1540.66, 1090.58 of 3270
    expect(c.linesAfter.map((l) => l.grossMinor)).toEqual([
      3690 - 639,
      4999 - 865,
      4998 - 865,
      8900 - 1541,
      6300 - 1090,
    ])
    expect(doc.totals.grossMinor).toBe(-5000)
    expect(doc.payment).toEqual({ status: 'refund-pending', method: 'card' })
    expectCorrectiveInvariants(doc)
  })

  it('by amount: refunding everything returns every line', () => {
    const inv = sampleInvoice()
    const doc = buildCorrectiveDocument(inv, { ...base, refundAmountMinor: inv.totals.grossMinor })
    expect(doc.corrected!.linesAfter.every((l) => l.quantity === 0 && l.grossMinor === 0)).toBe(true)
    expect(doc.totals).toEqual({
      grossMinor: -inv.totals.grossMinor,
      vatMinor: -inv.totals.vatMinor,
      netMinor: -inv.totals.netMinor,
    })
    expect(doc.corrected!.totalsAfter).toEqual({ grossMinor: 0, vatMinor: 0, netMinor: 0 })
    expectCorrectiveInvariants(doc)
  })

  it('by amount: rejects refunds above the total', () => {
    const inv = sampleInvoice()
    expect(() =>
      buildCorrectiveDocument(inv, { ...base, refundAmountMinor: inv.totals.grossMinor + 1 }),
    ).toThrow()
    expect(() => buildCorrectiveDocument(inv, { ...base, refundAmountMinor: 0 })).toThrow()
    expect(() => buildCorrectiveDocument(inv, { ...base })).toThrow(/exactly one/)
  })

  it('by lines: returning one mug books minus its price', () => {
    const inv = sampleInvoice()
    const linesAfter = polishLines.map((l, i) => (i === 0 ? { ...l, quantity: 2 } : l))
    const doc = buildCorrectiveDocument(inv, { ...base, linesAfter })
    expect(doc.corrected!.mode).toBe('lines')
    expect(doc.totals.grossMinor).toBe(-1230)
    expect(doc.rateTotals.find((t) => t.rate === '23')).toEqual({
      rate: '23',
      grossMinor: -1230,
      vatMinor: vatFromGross(18890 - 1230, '23') - vatFromGross(18890, '23'),
      netMinor: -1230 - (vatFromGross(18890 - 1230, '23') - vatFromGross(18890, '23')),
    })
    expect(doc.lines[0]).toMatchObject({ name: polishLines[0]!.name, quantity: -1, grossMinor: -1230 })
    expectCorrectiveInvariants(doc)
  })

  it('by lines: a rate change books minus the old line and plus the new one', () => {
    const inv = sampleInvoice()
    const linesAfter = polishLines.map((l, i) => (i === 2 ? { ...l, vatRate: '5' as const } : l))
    const doc = buildCorrectiveDocument(inv, { ...base, linesAfter, effect: 'original' })
    expect(doc.totals.grossMinor).toBe(0)
    expect(
      doc.lines.filter((l) => l.name === polishLines[2]!.name).map((l) => [l.vatRate, l.grossMinor]),
    ).toEqual([
      ['8', -4998],
      ['5', 4998],
    ])
    expect(doc.payment.status).toBe('due')
    expectCorrectiveInvariants(doc)
  })

  it('by lines: requires one after-line per line and some change', () => {
    const inv = sampleInvoice()
    expect(() => buildCorrectiveDocument(inv, { ...base, linesAfter: polishLines.slice(1) })).toThrow(
      /one line per/,
    )
    expect(() => buildCorrectiveDocument(inv, { ...base, linesAfter: polishLines })).toThrow(
      /changes no amounts/,
    )
  })

  it('a second correction starts from the state after the first and refers to the original invoice', () => {
    const inv = sampleInvoice()
    const first = buildCorrectiveDocument(inv, { ...base, refundAmountMinor: 5000, ksefNumber: undefined })
    const second = buildCorrectiveDocument(first, { ...base, number: 'FK/2', refundAmountMinor: 1000 })
    expect(second.corrected!.number).toBe(inv.number)
    expect(second.corrected!.totalsBefore).toEqual(first.corrected!.totalsAfter)
    expect(second.totals.grossMinor).toBe(-1000)
    expect(inv.totals.grossMinor + first.totals.grossMinor + second.totals.grossMinor).toBe(
      second.corrected!.totalsAfter.grossMinor,
    )
    expectCorrectiveInvariants(second)
  })
})
