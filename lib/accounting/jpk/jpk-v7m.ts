import type { TVatRate } from '@/lib/invoices/vat'
import { formatMinor, type TExportRecord } from '../records'
import { el } from '../xml'

// JPK_V7M(3) (schema http://crd.gov.pl/wzor/2025/12/19/14090/, copy in ./schema): the sales records part.
//
// - One SprzedazWiersz per invoice and per corrective invoice (the correction books its differences, so its K_
//   fields are negative for a refund). PLN documents only: the caller leaves out other currencies with a warning.
// - Per rate: 23 -> K_19/K_20, 8 -> K_17/K_18, 5 -> K_15/K_16, 0 (domestic) -> K_13, zw -> K_10,
//   np (supply outside the country, FA(3) "np I") -> K_11 - the same split as the FA(3) invoice (lib/invoices/ksef).
// - The KSeF choice: NrKSeF when the invoice has its KSeF number; otherwise OFF for an invoice to a buyer with a
//   NIP (it goes to KSeF, and "on the day the records are filed has no KSeF number", art. 106nf ust. 1), BFK for an
//   invoice to a buyer without a NIP (a consumer's invoice issued outside KSeF: "faktura elektroniczna lub faktura
//   w postaci papierowej"). DI (a document other than an invoice) is never used: the shop only issues invoices.
// - No TypDokumentu: the shop issues neither cash-register summaries (RO), internal documents (WEW) nor invoices to
//   receipts (FP).
// - SprzedazCtrl: the row count and PodatekNalezny = K_16 + K_18 + K_20 (the other tax fields the schema sums are
//   never filled here). ZakupCtrl is required by the schema: purchases are not in this app, so 0 rows and 0.00.
// - Deklaracja is not produced (see README): its purchase side (podatek naliczony) is not known to the shop, and a
//   declaration from half the data would be wrong. The accountant adds it in their program.

export const JPK_NAMESPACE = 'http://crd.gov.pl/wzor/2025/12/19/14090/'
export const ETD_NAMESPACE = 'http://crd.gov.pl/xml/schematy/dziedzinowe/mf/2022/09/13/eD/DefinicjeTypy/'

export const JPK_FIELDS: Record<TVatRate, { net: string; vat?: string }> = {
  zw: { net: 'K_10' },
  np: { net: 'K_11' },
  '0': { net: 'K_13' },
  '5': { net: 'K_15', vat: 'K_16' },
  '8': { net: 'K_17', vat: 'K_18' },
  '23': { net: 'K_19', vat: 'K_20' },
}
/** Schema order of the K_ fields this export fills. */
const FIELD_ORDER: TVatRate[] = ['zw', 'np', '0', '5', '8', '23']

export type TJpkHeader = {
  year: number
  month: number
  /** KodUrzedu, from the accounting settings */
  taxOfficeCode: string
  /** 1 = first filing for the period, 2 = a correction of a filed JPK */
  purpose: 1 | 2
  createdAt: Date
  seller: { nip: string; name: string; email: string }
  systemName?: string
}

export type TJpkTotals = { rows: number; vatDueMinor: number; fields: Record<string, number> }

export type TKsefMarker = { element: 'NrKSeF'; value: string } | { element: 'OFF' | 'BFK' | 'DI'; value: '1' }

export function ksefMarker(r: Pick<TExportRecord, 'ksefNumber' | 'buyerNip'>): TKsefMarker {
  if (r.ksefNumber) return { element: 'NrKSeF', value: r.ksefNumber }
  return { element: r.buyerNip ? 'OFF' : 'BFK', value: '1' }
}

/** The JPK as a stream of string chunks: begin(), then row() per record, then end() (which adds the control sums). */
export function jpkV7mWriter(header: TJpkHeader) {
  const totals: TJpkTotals = { rows: 0, vatDueMinor: 0, fields: {} }
  return {
    totals,
    begin(): string {
      const at = header.createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z')
      return (
        `<?xml version="1.0" encoding="UTF-8"?>\n<JPK xmlns="${JPK_NAMESPACE}" xmlns:etd="${ETD_NAMESPACE}">\n` +
        '<Naglowek><KodFormularza kodSystemowy="JPK_V7M (3)" wersjaSchemy="1-0E">JPK_VAT</KodFormularza>' +
        `<WariantFormularza>3</WariantFormularza>${el('DataWytworzeniaJPK', at)}` +
        `${el('NazwaSystemu', header.systemName ?? 'Hookline')}<CelZlozenia poz="P_7">${header.purpose}</CelZlozenia>` +
        `${el('KodUrzedu', header.taxOfficeCode)}${el('Rok', header.year)}${el('Miesiac', header.month)}</Naglowek>\n` +
        `<Podmiot1 rola="Podatnik"><OsobaNiefizyczna>${el('NIP', header.seller.nip)}` +
        `${el('PelnaNazwa', header.seller.name)}${el('Email', header.seller.email)}</OsobaNiefizyczna></Podmiot1>\n` +
        '<Ewidencja>\n'
      )
    },
    row(r: TExportRecord): string {
      totals.rows += 1
      const marker = ksefMarker(r)
      let k = ''
      for (const rate of FIELD_ORDER) {
        const a = r.rates[rate]
        if (!a) continue
        const f = JPK_FIELDS[rate]
        k += el(f.net, formatMinor(a.netMinor))
        totals.fields[f.net] = (totals.fields[f.net] ?? 0) + a.netMinor
        if (f.vat) {
          k += el(f.vat, formatMinor(a.vatMinor))
          totals.fields[f.vat] = (totals.fields[f.vat] ?? 0) + a.vatMinor
          totals.vatDueMinor += a.vatMinor
        }
      }
      return (
        `<SprzedazWiersz>${el('LpSprzedazy', totals.rows)}` +
        el('NrKontrahenta', r.buyerNip ?? 'BRAK') +
        el('NazwaKontrahenta', r.buyerName.trim().slice(0, 512) || 'BRAK') +
        el('DowodSprzedazy', r.number) +
        el('DataWystawienia', r.issueDate) +
        (r.saleDate !== r.issueDate ? el('DataSprzedazy', r.saleDate) : '') +
        el(marker.element, marker.value) +
        `${k}</SprzedazWiersz>\n`
      )
    },
    end(): string {
      return (
        `<SprzedazCtrl>${el('LiczbaWierszySprzedazy', totals.rows)}` +
        `${el('PodatekNalezny', formatMinor(totals.vatDueMinor))}</SprzedazCtrl>\n` +
        '<ZakupCtrl><LiczbaWierszyZakupow>0</LiczbaWierszyZakupow><PodatekNaliczony>0.00</PodatekNaliczony></ZakupCtrl>\n' +
        '</Ewidencja>\n</JPK>\n'
      )
    },
  }
}
