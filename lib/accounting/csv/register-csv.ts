import { type TVatRate, VAT_RATES } from '@/lib/invoices/vat'
import { ksefMarker } from '../jpk/jpk-v7m'
import { formatMinor, periodOf, type TExportRecord } from '../records'

// The CSV sales register: one line per invoice and per correction, every currency (the currency column says which),
// UTF-8 with a BOM so Excel reads the Polish letters, CRLF line ends (RFC 4180). Two variants, chosen by the decimal
// separator: ',' (Polish Excel) with ';' between fields, or '.' with ',' between fields - so a number never contains
// the field separator. Columns: docs/accounting-exports.md.

export type TDecimalSeparator = ',' | '.'
export const FIELD_SEPARATOR: Record<TDecimalSeparator, string> = { ',': ';', '.': ',' }

const RATE_LABEL: Record<TVatRate, string> = { '23': '23', '8': '8', '5': '5', '0': '0', zw: 'zw', np: 'np' }

export const CSV_COLUMNS = [
  'Rodzaj',
  'Numer',
  'Data wystawienia',
  'Data sprzedaży',
  'Okres VAT',
  'Nabywca',
  'NIP nabywcy',
  'Numer KSeF',
  'Oznaczenie JPK',
  'Faktura korygowana',
  'Data faktury korygowanej',
  'Przyczyna korekty',
  'Waluta',
  ...VAT_RATES.flatMap((r) => [`Netto ${RATE_LABEL[r]}`, `VAT ${RATE_LABEL[r]}`, `Brutto ${RATE_LABEL[r]}`]),
  'Netto razem',
  'VAT razem',
  'Brutto razem',
  'Forma płatności',
  'Status płatności',
  'Data płatności',
] as const

/** Text cells Excel would run as a formula get a leading apostrophe (amounts are never text cells). */
function textCell(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s
}

function quote(s: string, sep: string): string {
  return s.includes(sep) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function registerCsvWriter(decimal: TDecimalSeparator) {
  const sep = FIELD_SEPARATOR[decimal]
  const line = (cells: string[]) => `${cells.map((c) => quote(c, sep)).join(sep)}\r\n`
  const money = (m: number | undefined) => (m === undefined ? '' : formatMinor(m, decimal))
  let rows = 0
  return {
    get rows() {
      return rows
    },
    begin: () => `\uFEFF${line([...CSV_COLUMNS])}`,
    row(r: TExportRecord): string {
      rows += 1
      const marker = ksefMarker(r)
      return line([
        r.kind === 'invoice' ? 'FV' : 'KOR',
        textCell(r.number),
        r.issueDate,
        r.saleDate,
        periodOf(r),
        textCell(r.buyerName),
        r.buyerNip ?? '',
        r.ksefNumber ?? '',
        marker.element,
        textCell(r.corrected?.number ?? ''),
        r.corrected?.issueDate ?? '',
        textCell(r.corrected?.reason ?? ''),
        r.currency,
        ...VAT_RATES.flatMap((rate) => {
          const a = r.rates[rate]
          return [money(a?.netMinor), money(a?.vatMinor), money(a?.grossMinor)]
        }),
        money(r.totals.netMinor),
        money(r.totals.vatMinor),
        money(r.totals.grossMinor),
        r.paymentMethod,
        r.paymentStatus,
        r.paymentDate ?? '',
      ])
    },
    end: () => '',
  }
}
