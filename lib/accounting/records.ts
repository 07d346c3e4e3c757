import { z } from 'zod'
import { type TVatRate, VAT_RATES, ZRateTotal } from '@/lib/invoices/vat'
import { monthOf, type TMonth } from './month'

// One export record = one invoice or one corrective invoice, reduced to what the accounting files need. It is read
// from the stored, immutable invoice row (its columns plus a few fields of the document snapshot), so every export
// of a month is made from the same data the PDF and the KSeF XML were made from.

export type TRateAmounts = { netMinor: number; vatMinor: number; grossMinor: number }

export type TExportRecord = {
  id: string
  kind: 'invoice' | 'corrective'
  number: string
  issueDate: string
  saleDate: string
  currency: string
  buyerName: string
  /** normalized 10-digit Polish NIP, or null for a buyer without one (a consumer: JPK's B2C row, "BRAK") */
  buyerNip: string | null
  buyerAddress: { line1: string; postalCode: string; city: string; country: string } | null
  ksefNumber: string | null
  ksefStatus: string
  /** per VAT rate, in the order of VAT_RATES; only rates the document books */
  rates: Partial<Record<TVatRate, TRateAmounts>>
  totals: TRateAmounts
  paymentMethod: string
  paymentStatus: string
  /** paid (invoices) or refunded (corrections) on this date, when known */
  paymentDate: string | null
  corrected: {
    number: string
    issueDate: string
    ksefNumber: string | null
    /** FA(3) TypKorekty: 'original' = in the corrected invoice's period, otherwise at the correction's date */
    effect: 'original' | 'correction' | 'other'
    reason: string
  } | null
}

/**
 * The period a document is recorded in (art. 29a ust. 13 and 17 ustawy o VAT, FA(3) TypKorekty): an invoice in the
 * month of its issue date; a correction whose cause arose after the sale (returns, price reductions: effect
 * 'correction', the only kind this shop issues from refunds) in the month it was issued; a correction of an error
 * in the original (effect 'original') in the corrected invoice's month, which makes that month's export change.
 */
export function periodOf(r: Pick<TExportRecord, 'issueDate' | 'corrected'>): TMonth {
  return r.corrected?.effect === 'original' ? monthOf(r.corrected.issueDate) : monthOf(r.issueDate)
}

const ZRow = z.object({
  id: z.string(),
  kind: z.enum(['INVOICE', 'CORRECTIVE']),
  number: z.string(),
  issue_date: z.string(),
  sale_date: z.string(),
  currency: z.string(),
  buyer_name: z.string(),
  buyer_nip: z.string().nullable(),
  ksef_number: z.string().nullable(),
  ksef_status: z.string(),
  total_net_minor: z.number().int(),
  total_vat_minor: z.number().int(),
  total_gross_minor: z.number().int(),
  rate_totals: z.array(ZRateTotal),
  payment: z.object({
    method: z.string(),
    status: z.string(),
    paidAt: z.string().optional(),
    refundedAt: z.string().optional(),
  }),
  buyer_address: z
    .object({ line1: z.string(), postalCode: z.string(), city: z.string(), country: z.string() })
    .nullable(),
  corrected: z
    .object({
      number: z.string(),
      issueDate: z.string(),
      ksefNumber: z.string().nullish(),
      effect: z.enum(['original', 'correction', 'other']),
      reason: z.string(),
    })
    .nullable(),
})
export type TInvoiceExportRow = z.input<typeof ZRow>

/**
 * The SELECT expression that produces a TInvoiceExportRow from `invoices i`, as one JSON text per row (only the
 * document fields needed): one column per row is much cheaper to read through the driver than eighteen.
 */
export const EXPORT_ROW_JSON = `json_build_object('id', i.id, 'kind', i.kind, 'number', i.number,
  'issue_date', to_char(i.issue_date, 'YYYY-MM-DD'), 'sale_date', to_char(i.sale_date, 'YYYY-MM-DD'),
  'currency', i.currency, 'buyer_name', i.buyer_name, 'buyer_nip', i.buyer_nip, 'ksef_number', i.ksef_number,
  'ksef_status', i.ksef_status, 'total_net_minor', i.total_net_minor, 'total_vat_minor', i.total_vat_minor,
  'total_gross_minor', i.total_gross_minor, 'rate_totals', i.document->'rateTotals', 'payment', i.document->'payment',
  'buyer_address', i.document->'buyer'->'address',
  'corrected', CASE WHEN i.kind = 'CORRECTIVE' THEN jsonb_build_object('number', i.document->'corrected'->'number',
    'issueDate', i.document->'corrected'->'issueDate', 'ksefNumber', i.document->'corrected'->'ksefNumber',
    'effect', i.document->'corrected'->'effect', 'reason', i.document->'corrected'->'reason') END)::text`

export function recordFromRow(raw: TInvoiceExportRow): TExportRecord {
  const row = ZRow.parse(raw)
  const rates: TExportRecord['rates'] = {}
  for (const rate of VAT_RATES) {
    const t = row.rate_totals.find((x) => x.rate === rate)
    if (t) rates[rate] = { netMinor: t.netMinor, vatMinor: t.vatMinor, grossMinor: t.grossMinor }
  }
  const corrected = row.corrected
    ? {
        number: row.corrected.number,
        issueDate: row.corrected.issueDate,
        ksefNumber: row.corrected.ksefNumber ?? null,
        effect: row.corrected.effect,
        reason: row.corrected.reason,
      }
    : null
  return {
    id: row.id,
    kind: row.kind === 'INVOICE' ? 'invoice' : 'corrective',
    number: row.number,
    issueDate: row.issue_date,
    saleDate: row.sale_date,
    currency: row.currency,
    buyerName: row.buyer_name,
    buyerNip: row.buyer_nip,
    buyerAddress: row.buyer_address,
    ksefNumber: row.ksef_number,
    ksefStatus: row.ksef_status,
    rates,
    totals: {
      netMinor: row.total_net_minor,
      vatMinor: row.total_vat_minor,
      grossMinor: row.total_gross_minor,
    },
    paymentMethod: row.payment.method,
    paymentStatus: row.payment.status,
    paymentDate: row.payment.paidAt ?? row.payment.refundedAt ?? null,
    corrected,
  }
}

/** Grosze as a decimal string with two places ("-1234.50"); `sep` is the decimal separator. */
export function formatMinor(minor: number, sep: '.' | ',' = '.'): string {
  const sign = minor < 0 ? '-' : ''
  const abs = Math.abs(minor)
  return `${sign}${Math.floor(abs / 100)}${sep}${String(abs % 100).padStart(2, '0')}`
}

/** Only PLN documents carry the PLN VAT amounts the JPK and the Optima registers need. */
export const isPln = (r: Pick<TExportRecord, 'currency'>) => r.currency === 'PLN'
