// Generated months of invoices and corrections for the export tests (fast-check arbitraries and a fixed sample).
import fc from 'fast-check'
import { buildCorrectiveDocument, buildInvoiceDocument, type TInvoiceDocument } from '@/lib/invoices/document'
import { companyBuyer, personBuyer, seller } from '@/lib/invoices/testing/fixtures'
import { type TInvoiceLineInput, VAT_RATES } from '@/lib/invoices/vat'
import { recordFromRow, type TExportRecord } from '../records'
import { rowFromDocument } from './tools'

export type TGenDoc = { doc: TInvoiceDocument; id: string; ksefNumber: string | null }

const arbLine: fc.Arbitrary<TInvoiceLineInput> = fc.record({
  name: fc.constantFrom('Kubek „Żuraw”', 'Miód; gryczany', 'Herbata "Łąka"', '=SUM(A1)', 'Usługa, montaż'),
  quantity: fc.integer({ min: 1, max: 20 }),
  unit: fc.constant('szt.'),
  unitGrossMinor: fc.integer({ min: 1, max: 500_000 }),
  vatRate: fc.constantFrom(...VAT_RATES),
})

const arbInvoice = fc.record({
  lines: fc.array(arbLine, { minLength: 1, maxLength: 5 }),
  day: fc.integer({ min: 1, max: 28 }),
  company: fc.boolean(),
  eur: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  ksef: fc.boolean(),
  correction: fc.option(
    fc.record({ share: fc.integer({ min: 1, max: 100 }), day: fc.integer({ min: 0, max: 3 }) }),
    { nil: null },
  ),
})

let seq = 0
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const hex = (n: number, len: number) => n.toString(16).toUpperCase().padStart(len, '0').slice(-len)

/** A month (YYYY-MM) of invoices, some in EUR, some with KSeF numbers, some corrected by a refund. */
export function buildMonth(
  month: string,
  specs: (typeof arbInvoice extends fc.Arbitrary<infer T> ? T : never)[],
): TGenDoc[] {
  const out: TGenDoc[] = []
  specs.forEach((s, k) => {
    const n = ++seq
    const issueDate = `${month}-${String(s.day).padStart(2, '0')}`
    const doc = buildInvoiceDocument({
      number: `FV/${month}/${String(k + 1).padStart(6, '0')}`,
      issueDate,
      saleDate: issueDate,
      seller,
      buyer: s.company ? companyBuyer : personBuyer,
      lines: s.lines,
      currency: s.eur ? 'EUR' : 'PLN',
      payment: { status: 'paid', method: 'card', paidAt: issueDate },
      exemptionBasis: 'art. 43 ust. 1 pkt 29 lit. c ustawy o VAT',
    })
    const ksefNumber = s.ksef
      ? `${seller.nip}-${issueDate.replaceAll('-', '')}-${hex(n, 6)}-${hex(n * 7, 6)}-${hex(n, 2)}`
      : null
    out.push({ doc, id: uuid(n), ksefNumber })
    if (s.correction) {
      const refund = Math.max(1, Math.floor((doc.totals.grossMinor * s.correction.share) / 100))
      const cDate = `${month}-${String(Math.min(28, s.day + s.correction.day)).padStart(2, '0')}`
      const cor = buildCorrectiveDocument(doc, {
        number: `KOR/${month}/${String(k + 1).padStart(6, '0')}`,
        issueDate: cDate,
        reason: 'Zwrot towaru',
        refundAmountMinor: refund,
        payment: { status: 'refunded', method: 'card', refundedAt: cDate },
      })
      out.push({ doc: cor, id: uuid(++seq), ksefNumber: null })
    }
  })
  // register order: issue date, then number
  return out.sort((a, b) =>
    a.doc.issueDate === b.doc.issueDate
      ? a.doc.number.localeCompare(b.doc.number)
      : a.doc.issueDate.localeCompare(b.doc.issueDate),
  )
}

export const arbMonthSpecs = fc.array(arbInvoice, { minLength: 0, maxLength: 12 })

export const toRecords = (docs: TGenDoc[]): TExportRecord[] =>
  docs.map((d) => recordFromRow(rowFromDocument(d.doc, { id: d.id, ksefNumber: d.ksefNumber })))

export function contractorsOf(records: TExportRecord[]) {
  const byNip = new Map<string, { nip: string; name: string; address: TExportRecord['buyerAddress'] }>()
  for (const r of records) {
    if (r.currency === 'PLN' && r.buyerNip)
      byNip.set(r.buyerNip, { nip: r.buyerNip, name: r.buyerName, address: r.buyerAddress })
  }
  return [...byNip.values()].sort((a, b) => a.nip.localeCompare(b.nip))
}
