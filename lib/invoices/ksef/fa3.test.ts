import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildCorrectiveDocument, type TInvoiceDocument } from '../document.ts'
import { companyBuyer, personBuyer, sampleInvoice } from '../testing/fixtures.ts'
import { cleanUpTestFiles, validateFa3 } from '../testing/tools.ts'
import { escapeXml, toFa3Xml } from './fa3.ts'

const SCHEMA_DIR = path.join(import.meta.dirname, 'schema')
afterAll(cleanUpTestFiles)
const validate = validateFa3

function expectValid(xml: string) {
  const { ok, message } = validate(xml)
  if (!ok) console.error(xml)
  expect(ok, message).toBe(true)
}

function values(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]!)
}
const value = (xml: string, tag: string) => values(xml, tag)[0]

const createdAt = new Date('2025-10-15T10:00:00Z')
const xmlOf = (doc: TInvoiceDocument) => toFa3Xml(doc, { createdAt, systemInfo: 'Hookline test' })

describe('FA(3) schema setup', () => {
  it('validates the official sample (placeholders filled in) against the local copy', () => {
    const sample = readFileSync(path.join(SCHEMA_DIR, 'sample-invoice-FA3-template.xml'), 'utf8')
      .replace('#nip#', '7771234567')
      .replace('#invoicing_date#', '2025-10-15')
      .replace('#invoice_number#', '42')
    expectValid(sample)
  })

  it('rejects an invalid document (the validator is really checking)', () => {
    const xml = xmlOf(sampleInvoice()).replace('<P_15>', '<P_15>x')
    const { ok, message } = validate(xml)
    expect(ok).toBe(false)
    expect(message).toMatch(/P_15/)
  })
})

describe('toFa3Xml', () => {
  it('B2B invoice, several rates', () => {
    const doc = sampleInvoice()
    const xml = xmlOf(doc)
    expectValid(xml)
    expect(value(xml, 'P_2')).toBe('FV/2025/10/0042')
    expect(value(xml, 'P_15')).toBe('288.87')
    expect(value(xml, 'P_1')).toBe('2025-10-15')
    expect(value(xml, 'P_6')).toBe('2025-10-14')
    expect(value(xml, 'P_1M')).toBe('Warszawa')
    expect(values(xml, 'NIP')).toEqual(['7771234567', '9512345675'])
    expect(value(xml, 'Nazwa')).toBe('Hookline Sp. z o.o.')
    expect(values(xml, 'Nazwa')[1]).toBe('Zażółć gęślą jaźń Sp. z o.o.')
    expect(values(xml, 'AdresL1')[1]).toBe('ul. Źródlana 3, lok. 12')
    expect(value(xml, 'RodzajFaktury')).toBe('VAT')
    expect(values(xml, 'P_12')).toEqual(['23', '5', '8', '23', '23'])
    expect(values(xml, 'P_11A')).toEqual(['36.90', '49.99', '49.98', '89.00', '63.00'])
    expect(values(xml, 'P_9B')[0]).toBe('12.30')
    const r23 = doc.rateTotals.find((t) => t.rate === '23')!
    expect(value(xml, 'P_13_1')).toBe((r23.netMinor / 100).toFixed(2))
    expect(value(xml, 'P_14_1')).toBe((r23.vatMinor / 100).toFixed(2))
    expect(value(xml, 'P_13_2')).toBeDefined()
    expect(value(xml, 'P_13_3')).toBeDefined()
    expect(value(xml, 'P_19N')).toBe('1')
    expect(value(xml, 'Zaplacono')).toBe('1')
    expect(value(xml, 'DataZaplaty')).toBe('2025-10-14')
    expect(value(xml, 'FormaPlatnosci')).toBe('2')
    expect(value(xml, 'NrRB')).toBe('PL61109010140000071219812874')
    expect(value(xml, 'JST')).toBe('2')
    expect(value(xml, 'GV')).toBe('2')
    expect(value(xml, 'DataWytworzeniaFa')).toBe('2025-10-15T10:00:00.000Z')
  })

  it('B2C invoice to a private person: BrakID, no P_6 when the sale date is the issue date', () => {
    const doc = sampleInvoice({
      buyer: personBuyer,
      saleDate: '2025-10-15',
      lines: [{ name: 'Kubek', quantity: 3, unit: 'szt.', unitGrossMinor: 1230, vatRate: '23' }],
    })
    const xml = xmlOf(doc)
    expectValid(xml)
    expect(value(xml, 'BrakID')).toBe('1')
    expect(values(xml, 'NIP')).toEqual(['7771234567'])
    expect(value(xml, 'P_6')).toBeUndefined()
    expect(value(xml, 'P_13_1')).toBe('30.00')
    expect(value(xml, 'P_14_1')).toBe('6.90')
    expect(value(xml, 'P_15')).toBe('36.90')
  })

  it('private person without an address, paid by BLIK', () => {
    const { address: _, ...noAddress } = personBuyer as Extract<typeof personBuyer, { type: 'person' }>
    const xml = xmlOf(
      sampleInvoice({
        buyer: noAddress,
        payment: { status: 'paid', method: 'mobile', paidAt: '2025-10-14' },
      }),
    )
    expectValid(xml)
    expect(values(xml, 'AdresL1')).toHaveLength(1)
    expect(value(xml, 'FormaPlatnosci')).toBe('7')
  })

  it('exempt (zw) and 0% lines: P_13_7, P_13_6_1, P_19 with the legal basis', () => {
    const doc = sampleInvoice({
      lines: [
        { name: 'Kurs szkoleniowy', quantity: 1, unit: 'usł.', unitGrossMinor: 50000, vatRate: 'zw' },
        { name: 'Kubek', quantity: 1, unit: 'szt.', unitGrossMinor: 1230, vatRate: '23' },
        { name: 'Podręcznik dla szkół', quantity: 2, unit: 'szt.', unitGrossMinor: 2000, vatRate: '0' },
      ],
      exemptionBasis: 'art. 43 ust. 1 pkt 29 lit. c ustawy o VAT',
    })
    const xml = xmlOf(doc)
    expectValid(xml)
    expect(value(xml, 'P_13_7')).toBe('500.00')
    expect(value(xml, 'P_13_6_1')).toBe('40.00')
    expect(value(xml, 'P_19')).toBe('1')
    expect(value(xml, 'P_19A')).toBe('art. 43 ust. 1 pkt 29 lit. c ustawy o VAT')
    expect(value(xml, 'P_19N')).toBeUndefined()
    expect(values(xml, 'P_12')).toEqual(['zw', '23', '0 KR'])
    expect(value(xml, 'P_15')).toBe('552.30')
  })

  it("not-subject ('np') line: P_13_8 and P_12 'np I'", () => {
    const doc = sampleInvoice({
      lines: [
        {
          name: 'Montaż poza terytorium kraju',
          quantity: 1,
          unit: 'usł.',
          unitGrossMinor: 20000,
          vatRate: 'np',
        },
        { name: 'Kubek', quantity: 1, unit: 'szt.', unitGrossMinor: 1230, vatRate: '23' },
      ],
    })
    const xml = xmlOf(doc)
    expectValid(xml)
    expect(value(xml, 'P_13_8')).toBe('200.00')
    expect(values(xml, 'P_12')).toEqual(['np I', '23'])
    expect(value(xml, 'P_15')).toBe('212.30')
  })

  it('escapes markup characters in names', () => {
    expect(escapeXml(`A&B <c> "d" 'e'\u0001`)).toBe('A&amp;B &lt;c&gt; &quot;d&quot; &apos;e&apos;')
    const doc = sampleInvoice({
      buyer: { ...companyBuyer, name: 'Kowalski & Syn <"Ślusarz"> Sp.J.' },
      lines: [
        {
          name: `Zestaw "A&B" <premium> 'XL'`,
          quantity: 1,
          unit: 'kpl.',
          unitGrossMinor: 999,
          vatRate: '23',
        },
      ],
      notes: 'Dziękujemy za zakupy & zapraszamy ponownie <3',
    })
    const xml = xmlOf(doc)
    expectValid(xml)
    expect(xml).toContain('<P_7>Zestaw &quot;A&amp;B&quot; &lt;premium&gt; &apos;XL&apos;</P_7>')
    expect(xml).toContain(
      '<StopkaFaktury>Dziękujemy za zakupy &amp; zapraszamy ponownie &lt;3</StopkaFaktury>',
    )
  })

  it('corrective by amount: differences, before/after rows, reference outside KSeF', () => {
    const inv = sampleInvoice()
    const kor = buildCorrectiveDocument(inv, {
      number: 'FK/2025/10/0003',
      issueDate: '2025-10-20',
      reason: 'Obniżka ceny – reklamacja',
      refundAmountMinor: 5000,
    })
    const xml = xmlOf(kor)
    expectValid(xml)
    expect(value(xml, 'RodzajFaktury')).toBe('KOR')
    expect(value(xml, 'P_2')).toBe('FK/2025/10/0003')
    expect(value(xml, 'P_15')).toBe('-50.00')
    expect(value(xml, 'P_13_1')).toBe((kor.corrected!.diffRateTotals[0]!.netMinor / 100).toFixed(2))
    expect(value(xml, 'P_14_1')).toBe((kor.corrected!.diffRateTotals[0]!.vatMinor / 100).toFixed(2))
    expect(value(xml, 'PrzyczynaKorekty')).toBe('Obniżka ceny – reklamacja')
    expect(value(xml, 'TypKorekty')).toBe('2')
    expect(value(xml, 'NrFaKorygowanej')).toBe('FV/2025/10/0042')
    expect(value(xml, 'DataWystFaKorygowanej')).toBe('2025-10-15')
    expect(value(xml, 'NrKSeFN')).toBe('1')
    expect(value(xml, 'Zaplacono')).toBeUndefined()
    // 5 changed lines -> 10 rows, every other one "before"
    expect(values(xml, 'NrWierszaFa')).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'])
    expect(values(xml, 'StanPrzed')).toHaveLength(5)
    const gross = values(xml, 'P_11A').map((v) => Math.round(Number(v) * 100))
    const before = gross.filter((_, i) => i % 2 === 0)
    const after = gross.filter((_, i) => i % 2 === 1)
    expect(before.reduce((a, b) => a + b) - after.reduce((a, b) => a + b)).toBe(5000)
    // first line after: 3 pcs, value 30.51 -> unit price 10.17 (exactly 10.17)
    expect(values(xml, 'P_9B')[1]).toBe('10.17')
  })

  it('corrective by lines: one returned item, the original has a KSeF number', () => {
    const inv = sampleInvoice()
    const kor = buildCorrectiveDocument(inv, {
      number: 'FK/2025/10/0004',
      issueDate: '2025-10-21',
      reason: 'Zwrot towaru',
      ksefNumber: '7771234567-20251015-0A1B2C-3D4E5F-6A',
      linesAfter: inv.lines.map((l, i) => ({
        name: l.name,
        unit: l.unit,
        vatRate: l.vatRate,
        unitGrossMinor: l.unitGrossMinor,
        quantity: i === 4 ? 3 : l.quantity,
      })),
    })
    const xml = xmlOf(kor)
    expectValid(xml)
    expect(value(xml, 'P_15')).toBe('-15.75')
    expect(value(xml, 'NrKSeF')).toBe('1')
    expect(value(xml, 'NrKSeFFaKorygowanej')).toBe('7771234567-20251015-0A1B2C-3D4E5F-6A')
    expect(values(xml, 'P_8B')).toEqual(['4', '3'])
    expect(values(xml, 'P_7')).toEqual(['Gęś ozdobna, mosiądz', 'Gęś ozdobna, mosiądz'])
    // only 23% changed; the other rates are reported with a zero difference
    expect(value(xml, 'P_13_2')).toBe('0.00')
    expect(value(xml, 'P_14_2')).toBe('0.00')
  })

  it('corrective: full refund of an invoice with exempt and not-subject lines', () => {
    const inv = sampleInvoice({
      buyer: personBuyer,
      lines: [
        { name: 'Kurs', quantity: 1, unit: 'usł.', unitGrossMinor: 10000, vatRate: 'zw' },
        { name: 'Usługa poza krajem', quantity: 1, unit: 'usł.', unitGrossMinor: 3000, vatRate: 'np' },
        { name: 'Kubek', quantity: 7, unit: 'szt.', unitGrossMinor: 1999, vatRate: '23' },
      ],
      exemptionBasis: 'art. 43 ust. 1 pkt 29 lit. c ustawy o VAT',
    })
    const kor = buildCorrectiveDocument(inv, {
      number: 'FK/2025/10/0005',
      issueDate: '2025-10-22',
      reason: 'Odstąpienie od umowy',
      refundAmountMinor: inv.totals.grossMinor,
      payment: { status: 'refunded', method: 'card', refundedAt: '2025-10-22' },
    })
    const xml = xmlOf(kor)
    expectValid(xml)
    expect(value(xml, 'P_15')).toBe('-269.93')
    expect(value(xml, 'P_13_7')).toBe('-100.00')
    expect(value(xml, 'P_13_8')).toBe('-30.00')
    expect(value(xml, 'P_19')).toBe('1')
    expect(values(xml, 'P_8B')).toEqual(['1', '0', '1', '0', '7', '0'])
  })

  it('refuses currencies other than PLN', () => {
    expect(() => xmlOf(sampleInvoice({ currency: 'EUR' }))).toThrow(/PLN/)
  })
})
