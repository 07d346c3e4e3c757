import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { amountInWords } from '../amount-in-words.ts'
import { buildCorrectiveDocument, type TInvoiceDocument } from '../document.ts'
import { formatAmount, formatMoney } from '../money.ts'
import { polishLines, sampleInvoice } from '../testing/fixtures.ts'
import { renderInvoicePdf } from './render.tsx'

const tmp = mkdtempSync(path.join(tmpdir(), 'invoice-pdf-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

// Intl separates thousands and currency with (narrow) no-break spaces; compare text with plain spaces.
const normalize = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ')

let counter = 0
async function pdfText(doc: TInvoiceDocument): Promise<{ text: string; bytes: Buffer }> {
  const bytes = await renderInvoicePdf(doc)
  const file = path.join(tmp, `doc-${++counter}.pdf`)
  writeFileSync(file, bytes)
  const r = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
  if (r.error) throw r.error
  expect(r.status, r.stderr).toBe(0)
  return { text: normalize(r.stdout), bytes }
}

describe('renderInvoicePdf', () => {
  const invoice = sampleInvoice()
  let invoiceText = ''
  beforeAll(async () => {
    // rendered first on purpose: its "ć" used to break the text layer of every later document's "c"
    invoiceText = (await pdfText(invoice)).text
  })

  it('B2B invoice: Polish letters, number, parties, lines and totals are in the text layer', async () => {
    const { bytes } = await pdfText(invoice)
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    const text = invoiceText
    expect(text).toContain('Faktura VAT')
    expect(text).toContain('FV/2025/10/0042')
    expect(text).toContain('Zażółć gęślą jaźń Sp. z o.o.')
    expect(text).toContain('NIP: 9512345675')
    expect(text).toContain('NIP: 7771234567')
    for (const line of polishLines) expect(text).toContain(line.name)
    expect(text).toContain(normalize(formatMoney(invoice.totals.grossMinor, 'PLN', 'pl')))
    expect(text).toContain('288,87 zł')
    for (const t of invoice.rateTotals) {
      expect(text).toContain(formatAmount(t.netMinor, 'pl'))
      expect(text).toContain(formatAmount(t.vatMinor, 'pl'))
    }
    expect(text).toMatch(/Razem\s+247,47\s+41,40\s+288,87/)
    expect(text).toContain(amountInWords(invoice.totals.grossMinor, 'PLN', 'pl'))
    expect(text).toContain('Zapłacono kartą płatniczą dnia 2025-10-14.')
    expect(text).toContain('Data sprzedaży: 2025-10-14')
  })

  it('corrective invoice: reference, reason, before/after, differences and the amount to return', async () => {
    const kor = buildCorrectiveDocument(invoice, {
      number: 'FK/2025/10/0003',
      issueDate: '2025-10-20',
      reason: 'Zwrot części towaru – reklamacja',
      refundAmountMinor: 5000,
    })
    const { text } = await pdfText(kor)
    expect(text).toContain('Faktura korygująca')
    expect(text).toContain('FK/2025/10/0003')
    expect(text).toContain('Dotyczy faktury nr FV/2025/10/0042 z dnia 2025-10-15')
    expect(text).toContain('Przyczyna korekty: Zwrot części towaru – reklamacja')
    expect(text).toContain('Przed korektą')
    expect(text).toContain('Po korekcie')
    expect(text).toContain('Różnica według stawek VAT')
    expect(text).toContain('Zażółć gęślą jaźń Sp. z o.o.')
    for (const line of polishLines) expect(text).toContain(line.name)
    for (const t of kor.corrected!.diffRateTotals) expect(text).toContain(formatAmount(t.grossMinor, 'pl'))
    expect(text).toMatch(/Razem\s+-42,84\s+-7,16\s+-50,00/)
    expect(text).toMatch(/Kwota do zwrotu\s+50,00 zł/)
    expect(text).toContain('Słownie: pięćdziesiąt złotych 00/100')
    expect(text).toContain('Zwrot nastąpi kartą płatniczą.')
  })

  it('English locale', async () => {
    const { text } = await pdfText(sampleInvoice({ locale: 'en' }))
    expect(text).toContain('VAT invoice')
    expect(text).toContain('Faktura VAT')
    expect(text).toContain('Description')
    expect(text).toMatch(/Total \(gross\)\s+PLN 288\.87/)
    expect(text).toContain('In words: two hundred eighty-eight zlotys 87/100')
    expect(text).toContain('Paid by card on 2025-10-14.')
  })

  it('large amounts keep every digit', async () => {
    const { text } = await pdfText(
      sampleInvoice({
        lines: [
          {
            name: 'Koparka gąsienicowa',
            quantity: 1000,
            unit: 'szt.',
            unitGrossMinor: 999_999_999,
            vatRate: '23',
          },
        ],
      }),
    )
    expect(text).toContain('9 999 999 990,00 zł')
    expect(text).toMatch(/Razem\s+8 130 081 292,68\s+1 869 918 697,32\s+9 999 999 990,00/)
    expect(text.replace(/\s+/g, ' ')).toContain(
      'dziewięć miliardów dziewięćset dziewięćdziesiąt dziewięć milionów dziewięćset dziewięćdziesiąt dziewięć tysięcy dziewięćset dziewięćdziesiąt złotych 00/100',
    )
  })

  it('rejects an invalid document', async () => {
    await expect(
      renderInvoicePdf({ ...invoice, totals: { ...invoice.totals, grossMinor: 1 } }),
    ).rejects.toThrow()
  })
})
