import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { VAT_RATES } from '@/lib/invoices/vat'
import { EXPORT_FILE_KINDS, type TExportFileKind, writeExportFiles } from './build-export'
import { CSV_COLUMNS } from './csv/register-csv'
import { JPK_FIELDS, type TJpkHeader } from './jpk/jpk-v7m'
import { periodOf, type TExportRecord } from './records'
import { arbMonthSpecs, buildMonth, contractorsOf, toRecords } from './testing/month-data'
import {
  cleanUpTestFiles,
  JPK_SCHEMA,
  OPTIMA_SCHEMA,
  parseCsv,
  parseMinor,
  validateXml,
} from './testing/tools'

afterAll(cleanUpTestFiles)

const header: TJpkHeader = {
  year: 2026,
  month: 3,
  taxOfficeCode: '1471',
  purpose: 1,
  createdAt: new Date('2026-04-01T02:15:00Z'),
  seller: { nip: '7771234567', name: 'Hookline Sp. z o.o.', email: 'faktury@hookline.example' },
}

async function render(records: TExportRecord[], jpkHeader: TJpkHeader | null = header) {
  const out = Object.fromEntries(EXPORT_FILE_KINDS.map((k) => [k, ''])) as Record<TExportFileKind, string>
  const result = await writeExportFiles({
    records,
    contractors: contractorsOf(records),
    jpkHeader,
    write: async (kind, chunk) => {
      out[kind] += chunk
    },
  })
  return { files: out, result }
}

const sum = (rs: TExportRecord[], f: (r: TExportRecord) => number) => rs.reduce((a, r) => a + f(r), 0)
const tags = (xml: string, tag: string) =>
  [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]!)

/** Every figure a file shows, checked against the sums of the documents it was made from. */
function checkTotals(records: TExportRecord[], files: Record<TExportFileKind, string>) {
  const pln = records.filter((r) => r.currency === 'PLN')
  // JPK: one row per PLN document, K_ fields = the per-rate sums, PodatekNalezny = the VAT of 5/8/23 %
  expect(tags(files.jpk_v7m, 'LpSprzedazy').length).toBe(pln.length)
  expect(tags(files.jpk_v7m, 'LiczbaWierszySprzedazy')).toEqual([String(pln.length)])
  for (const rate of VAT_RATES) {
    const f = JPK_FIELDS[rate]
    const inFile = tags(files.jpk_v7m, f.net).reduce((a, v) => a + parseMinor(v, '.'), 0)
    expect(inFile, f.net).toBe(sum(pln, (r) => r.rates[rate]?.netMinor ?? 0))
    if (f.vat) {
      const vat = tags(files.jpk_v7m, f.vat).reduce((a, v) => a + parseMinor(v, '.'), 0)
      expect(vat, f.vat).toBe(sum(pln, (r) => r.rates[rate]?.vatMinor ?? 0))
    }
  }
  expect(parseMinor(tags(files.jpk_v7m, 'PodatekNalezny')[0]!, '.')).toBe(sum(pln, (r) => r.totals.vatMinor))

  // Optima: one register entry per PLN document; positions sum to the documents' net and VAT
  expect(tags(files.optima_xml, 'NUMER')).toEqual(pln.map((r) => r.number))
  expect(tags(files.optima_xml, 'NETTO').reduce((a, v) => a + parseMinor(v, '.'), 0)).toBe(
    sum(pln, (r) => r.totals.netMinor),
  )
  expect(tags(files.optima_xml, 'VAT').reduce((a, v) => a + parseMinor(v, '.'), 0)).toBe(
    sum(pln, (r) => r.totals.vatMinor),
  )

  // CSV, both variants: parses back to every document with the same figures, per rate and in total
  for (const [kind, decimal, sep] of [
    ['csv_comma', ',', ';'],
    ['csv_dot', '.', ','],
  ] as const) {
    const text = files[kind]
    expect(text.startsWith('\uFEFF')).toBe(true)
    const [head, ...rows] = parseCsv(text.slice(1), sep)
    expect(head).toEqual([...CSV_COLUMNS])
    expect(rows.length).toBe(records.length)
    const col = (name: string) => head!.indexOf(name)
    rows.forEach((row, i) => {
      const r = records[i]!
      expect(row.length).toBe(CSV_COLUMNS.length)
      expect(row[col('Numer')]).toBe(r.number)
      expect(row[col('Waluta')]).toBe(r.currency)
      expect(row[col('Okres VAT')]).toBe(periodOf(r))
      expect(parseMinor(row[col('Netto razem')]!, decimal)).toBe(r.totals.netMinor)
      expect(parseMinor(row[col('VAT razem')]!, decimal)).toBe(r.totals.vatMinor)
      expect(parseMinor(row[col('Brutto razem')]!, decimal)).toBe(r.totals.grossMinor)
      for (const rate of VAT_RATES) {
        const cell = row[col(`Brutto ${rate}`)]!
        expect(cell === '' ? undefined : parseMinor(cell, decimal)).toBe(r.rates[rate]?.grossMinor)
      }
      expect(row[col('Faktura korygowana')]).toBe(r.corrected?.number ?? '')
    })
  }
}

describe('accounting export files', () => {
  it('property: over random months of invoices and corrections every file is valid and its totals are the sums', async () => {
    await fc.assert(
      fc.asyncProperty(arbMonthSpecs, async (specs) => {
        const records = toRecords(buildMonth('2026-03', specs))
        const { files, result } = await render(records)
        checkTotals(records, files)
        const jpk = validateXml(files.jpk_v7m, JPK_SCHEMA)
        expect(jpk.message).toMatch(/validates/)
        const optima = validateXml(files.optima_xml, OPTIMA_SCHEMA)
        expect(optima.message).toMatch(/validates/)
        expect(result.summary.pln.grossMinor).toBe(
          sum(
            records.filter((r) => r.currency === 'PLN'),
            (r) => r.totals.grossMinor,
          ),
        )
      }),
      { numRuns: 25 },
    )
  })

  it('a month with no invoices gives valid empty files', async () => {
    const { files } = await render([])
    expect(validateXml(files.jpk_v7m, JPK_SCHEMA).ok).toBe(true)
    expect(files.jpk_v7m).toContain(
      '<SprzedazCtrl><LiczbaWierszySprzedazy>0</LiczbaWierszySprzedazy><PodatekNalezny>0.00</PodatekNalezny></SprzedazCtrl>',
    )
    expect(validateXml(files.optima_xml, OPTIMA_SCHEMA).ok).toBe(true)
    expect(files.csv_comma).toBe(`\uFEFF${CSV_COLUMNS.join(';')}\r\n`)
  })

  it('rows: B2C as BRAK with BFK, a company without a KSeF number as OFF, with one as NrKSeF; EUR left out', async () => {
    const docs = buildMonth('2026-03', [
      {
        lines: [{ name: 'Kubek', quantity: 2, unit: 'szt.', unitGrossMinor: 12300, vatRate: '23' }],
        day: 2,
        company: false,
        eur: false,
        ksef: false,
        correction: null,
      },
      {
        lines: [{ name: 'Miód', quantity: 1, unit: 'szt.', unitGrossMinor: 10800, vatRate: '8' }],
        day: 3,
        company: true,
        eur: false,
        ksef: true,
        correction: { share: 50, day: 2 },
      },
      {
        lines: [{ name: 'Kubek', quantity: 1, unit: 'szt.', unitGrossMinor: 12300, vatRate: '23' }],
        day: 4,
        company: true,
        eur: false,
        ksef: false,
        correction: null,
      },
      {
        lines: [{ name: 'Tea', quantity: 1, unit: 'szt.', unitGrossMinor: 1000, vatRate: '23' }],
        day: 5,
        company: true,
        eur: true,
        ksef: false,
        correction: null,
      },
    ])
    const records = toRecords(docs)
    const { files, result } = await render(records)
    const rows = files.jpk_v7m.match(/<SprzedazWiersz>.*?<\/SprzedazWiersz>/g)!
    expect(rows).toHaveLength(4)
    expect(rows[0]).toBe(
      '<SprzedazWiersz><LpSprzedazy>1</LpSprzedazy><NrKontrahenta>BRAK</NrKontrahenta><NazwaKontrahenta>Łucja Śliwińska</NazwaKontrahenta>' +
        '<DowodSprzedazy>FV/2026-03/000001</DowodSprzedazy><DataWystawienia>2026-03-02</DataWystawienia><BFK>1</BFK>' +
        '<K_19>200.00</K_19><K_20>46.00</K_20></SprzedazWiersz>',
    )
    expect(rows[1]).toMatch(
      /<NrKontrahenta>9512345675<\/NrKontrahenta>.*<NrKSeF>7771234567-20260303-[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{2}<\/NrKSeF><K_17>100.00<\/K_17><K_18>8.00<\/K_18>/,
    )
    expect(rows[2]).toContain(
      '<DowodSprzedazy>FV/2026-03/000003</DowodSprzedazy><DataWystawienia>2026-03-04</DataWystawienia><OFF>1</OFF>',
    )
    // the correction: its own row, negative differences, in the month it was issued (a refund: art. 29a ust. 13)
    expect(rows[3]).toContain(
      '<DowodSprzedazy>KOR/2026-03/000002</DowodSprzedazy><DataWystawienia>2026-03-05</DataWystawienia><DataSprzedazy>2026-03-03</DataSprzedazy><OFF>1</OFF><K_17>-50.00</K_17><K_18>-4.00</K_18>',
    )
    expect(files.jpk_v7m).toContain('<PodatekNalezny>73.00</PodatekNalezny>')
    expect(files.jpk_v7m).not.toContain('Tea')
    expect(result.foreignCount).toBe(1)
    expect(result.foreign).toEqual(['FV/2026-03/000004'])
    expect(result.summary.currencies.EUR).toEqual({
      documents: 1,
      netMinor: 813,
      vatMinor: 187,
      grossMinor: 1000,
    })
    expect(files.csv_dot).toContain('FV/2026-03/000004')
    expect(validateXml(files.jpk_v7m, JPK_SCHEMA).ok).toBe(true)
    // Optima: the consumer through the unknown contractor, the company as its own contractor; the correction linked
    expect(files.optima_xml).toContain('<PODMIOT>!NIEOKREŚLONY!</PODMIOT><NAZWA1>Łucja Śliwińska</NAZWA1>')
    expect(files.optima_xml.match(/<KONTRAHENT>/g)).toHaveLength(1)
    expect(files.optima_xml).toContain(
      '<KOREKTA>Tak</KOREKTA><KOREKTA_NUMER>FV/2026-03/000002</KOREKTA_NUMER>',
    )
    expect(files.optima_xml).toContain('<KIERUNEK>rozchód</KIERUNEK>')
    // CSV: a cell Excel would run as a formula is quoted text
    expect(files.csv_comma).toContain('9512345675')
  })

  it('a correction of an error (effect original) is recorded in the corrected invoice’s month', () => {
    const [r] = toRecords(
      buildMonth('2026-03', [
        {
          lines: [{ name: 'Kubek', quantity: 2, unit: 'szt.', unitGrossMinor: 12300, vatRate: '23' }],
          day: 2,
          company: true,
          eur: false,
          ksef: false,
          correction: { share: 10, day: 1 },
        },
      ]),
    ).filter((x) => x.kind === 'corrective')
    expect(periodOf(r!)).toBe('2026-03')
    expect(
      periodOf({
        issueDate: '2026-04-02',
        corrected: { ...r!.corrected!, effect: 'original', issueDate: '2026-03-02' },
      }),
    ).toBe('2026-03')
    expect(
      periodOf({
        issueDate: '2026-04-02',
        corrected: { ...r!.corrected!, effect: 'correction', issueDate: '2026-03-02' },
      }),
    ).toBe('2026-04')
  })

  it('without the tax office code no JPK is written, the other files are', async () => {
    const records = toRecords(buildMonth('2026-03', []))
    const { files } = await render(records, null)
    expect(files.jpk_v7m).toBe('')
    expect(files.csv_dot.length).toBeGreaterThan(10)
  })

  it('the XSD checks can fail: a wrong tax office code and a broken Optima entry are refused', async () => {
    const records = toRecords(buildMonth('2026-03', []))
    const { files } = await render(records, { ...header, taxOfficeCode: '9999' })
    const jpk = validateXml(files.jpk_v7m, JPK_SCHEMA)
    expect(jpk.ok).toBe(false)
    expect(jpk.message).toMatch(/KodUrzedu/)
    const ok = (await render(records)).files.optima_xml
    const broken = validateXml(ok.replace('<WERSJA>2.00</WERSJA>', '<WERSJA>1.00</WERSJA>'), OPTIMA_SCHEMA)
    expect(broken.ok).toBe(false)
    expect(broken.message).toMatch(/WERSJA/)
  })
})
