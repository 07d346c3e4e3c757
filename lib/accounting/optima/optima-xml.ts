import { createHash } from 'node:crypto'
import type { TVatRate } from '@/lib/invoices/vat'
import { formatMinor, type TExportRecord } from '../records'
import { el } from '../xml'

// Comarch ERP Optima, "praca rozproszona" XML (ROOT xmlns="http://www.comarch.pl/cdn/optima/offline", sections
// KONTRAHENCI and REJESTRY_SPRZEDAZY_VAT, WERSJA 2.00), imported in Optima through Rejestry VAT -> Import z pliku XML.
// Why this program and what the spec is: docs/decisions/025-accounting-export-formats.md; the structure is checked
// by ./schema/optima-offline-rejestry-vat.xsd, our transcription of Comarch's published file description.
//
// - One REJESTR_SPRZEDAZY_VAT per invoice and per correction (KOREKTA=Tak, KOREKTA_NUMER = the corrected invoice),
//   one POZYCJA per VAT rate (net and VAT; a correction's differences are negative). PLN documents only.
// - Buyers with a NIP are contractors in KONTRAHENCI (AKRONIM = the NIP, so a repeated import finds the same one);
//   buyers without a NIP go in as Optima's built-in "!NIEOKREŚLONY!" contractor with their name on the document and
//   FINALNY=Tak (a consumer), like a retail sale.
// - ID_ZRODLA is our invoice id (a GUID): Optima refuses to import a document whose ID_ZRODLA it already has, so
//   importing a later version of a month adds only the new documents.

export const OPTIMA_NAMESPACE = 'http://www.comarch.pl/cdn/optima/offline'
export const UNKNOWN_CONTRACTOR = '!NIEOKREŚLONY!'

const RATE: Record<TVatRate, { stawka: string; status: string }> = {
  '23': { stawka: '23.00', status: 'opodatkowana' },
  '8': { stawka: '8.00', status: 'opodatkowana' },
  '5': { stawka: '5.00', status: 'opodatkowana' },
  '0': { stawka: '0.00', status: 'opodatkowana' },
  zw: { stawka: '0.00', status: 'zwolniona' },
  np: { stawka: '0.00', status: 'nie podlega' },
}

/** FA(3) payment forms -> Optima's standard "forma płatności" names. */
export const OPTIMA_PAYMENT_FORM: Record<string, string> = {
  card: 'karta',
  transfer: 'przelew',
  mobile: 'przelew',
  cash: 'gotówka',
  voucher: 'bon',
  credit: 'kredyt',
  cheque: 'czek',
}

const yesNo = (b: boolean) => (b ? 'Tak' : 'Nie')

export type TOptimaContractor = {
  nip: string
  name: string
  address: TExportRecord['buyerAddress']
}

export function optimaGuid(uuid: string): string {
  return uuid.toUpperCase()
}

/** Stable per-NIP contractor GUID (UUID-shaped hash of the NIP), so every export names the same contractor. */
export function contractorGuid(nip: string): string {
  const hex = createHash('sha1').update(`hookline/contractor/${nip}`).digest('hex').toUpperCase()
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

function address(a: TExportRecord['buyerAddress'], prefix = '') {
  return (
    el(`${prefix}KRAJ`, a?.country ?? 'PL') +
    el(`${prefix}ULICA`, a?.line1 ?? '') +
    el(`${prefix}MIASTO`, a?.city ?? '') +
    el(`${prefix}KOD_POCZTOWY`, a?.postalCode ?? '') +
    el(`${prefix}POCZTA`, a?.city ?? '')
  )
}

export function optimaWriter(opts: { sourceDb?: string } = {}) {
  const db = opts.sourceDb ?? 'HOOKLINE'
  const section = (name: string) =>
    `<${name}>${el('WERSJA', '2.00')}${el('BAZA_ZRD_ID', db)}${el('BAZA_DOC_ID', db)}\n`
  let rows = 0
  const totals = { netMinor: 0, vatMinor: 0 }
  return {
    totals,
    get rows() {
      return rows
    },
    begin: () =>
      `<?xml version="1.0" encoding="UTF-8"?>\n<ROOT xmlns="${OPTIMA_NAMESPACE}">\n${section('KONTRAHENCI')}`,
    contractor(c: TOptimaContractor): string {
      return (
        `<KONTRAHENT>${el('ID_ZRODLA', contractorGuid(c.nip))}${el('AKRONIM', c.nip)}` +
        `${el('RODZAJ', 'odbiorca')}${el('EKSPORT', 'krajowy')}${el('FINALNY', 'Nie')}` +
        `${el('PLATNIK_VAT', 'Tak')}${el('MEDIALNY', 'Nie')}${el('NIEAKTYWNY', 'Nie')}` +
        `<ADRES>${el('STATUS', 'aktualny')}${el('NAZWA1', c.name.slice(0, 50))}${el('NAZWA2', c.name.slice(50, 100))}` +
        `${address(c.address)}${el('NIP_KRAJ', 'PL')}${el('NIP', c.nip)}</ADRES></KONTRAHENT>\n`
      )
    },
    /** closes KONTRAHENCI and opens the register section */
    registers: () => `</KONTRAHENCI>\n${section('REJESTRY_SPRZEDAZY_VAT')}`,
    row(r: TExportRecord): string {
      rows += 1
      const isConsumer = !r.buyerNip
      const podmiot = r.buyerNip ?? UNKNOWN_CONTRACTOR
      const form = OPTIMA_PAYMENT_FORM[r.paymentMethod] ?? 'przelew'
      let positions = ''
      for (const [rate, a] of Object.entries(r.rates) as [
        TVatRate,
        NonNullable<TExportRecord['rates'][TVatRate]>,
      ][]) {
        const net = formatMinor(a.netMinor)
        const vat = formatMinor(a.vatMinor)
        totals.netMinor += a.netMinor
        totals.vatMinor += a.vatMinor
        positions +=
          `<POZYCJA>${el('STAWKA_VAT', RATE[rate].stawka)}${el('STATUS_VAT', RATE[rate].status)}` +
          `${el('NETTO', net)}${el('VAT', vat)}${el('NETTO_SYS', net)}${el('VAT_SYS', vat)}` +
          `${el('NETTO_SYS2', net)}${el('VAT_SYS2', vat)}${el('RODZAJ_SPRZEDAZY', 'towary')}` +
          `${el('UWZ_W_PROPORCJI', 'Tak')}${el('KOLUMNA_KPR', 'Sprzedaż')}</POZYCJA>`
      }
      const paymentDate = r.paymentDate ?? r.issueDate
      const gross = r.totals.grossMinor
      return (
        `<REJESTR_SPRZEDAZY_VAT>${el('ID_ZRODLA', optimaGuid(r.id))}${el('MODUL', 'Rejestr Vat')}` +
        `${el('TYP', 'Rejestr sprzedazy')}${el('REJESTR', 'SPRZEDAŻ')}` +
        `${el('DATA_WYSTAWIENIA', r.issueDate)}${el('DATA_SPRZEDAZY', r.saleDate)}${el('TERMIN', paymentDate)}` +
        `${el('DATA_DATAOBOWIAZKUPODATKOWEGO', r.issueDate)}${el('DATA_DATAPRAWAODLICZENIA', r.issueDate)}` +
        `${el('NUMER', r.number)}${el('KOREKTA', yesNo(r.kind === 'corrective'))}` +
        `${el('KOREKTA_NUMER', r.corrected?.number ?? '')}${el('WEWNETRZNA', 'Nie')}${el('METODA_KASOWA', 'Nie')}` +
        `${el('FISKALNA', 'Nie')}${el('DETALICZNA', 'Nie')}${el('EKSPORT', 'Nie')}` +
        `${el('FINALNY', yesNo(isConsumer))}${el('PODATNIK_CZYNNY', yesNo(!isConsumer))}` +
        `${el('TYP_PODMIOTU', 'kontrahent')}${el('PODMIOT', podmiot)}` +
        `${el('NAZWA1', r.buyerName.slice(0, 50))}${el('NAZWA2', r.buyerName.slice(50, 100))}` +
        `${el('NIP_KRAJ', r.buyerNip ? 'PL' : '')}${el('NIP', r.buyerNip ?? '')}${address(r.buyerAddress)}` +
        `${el('TYP_PLATNIKA', 'kontrahent')}${el('PLATNIK', podmiot)}${el('FORMA_PLATNOSCI', form)}` +
        `${el('WALUTA', 'PLN')}<POZYCJE>${positions}</POZYCJE>` +
        `<PLATNOSCI><PLATNOSC>${el('ID_ZRODLA_PLAT', optimaGuid(r.id))}${el('TERMIN_PLAT', paymentDate)}` +
        `${el('FORMA_PLATNOSCI_PLAT', form)}${el('KWOTA_PLAT', formatMinor(Math.abs(gross)))}` +
        `${el('WALUTA_PLAT', 'PLN')}${el('KWOTA_PLN_PLAT', formatMinor(Math.abs(gross)))}` +
        `${el('KIERUNEK', gross < 0 ? 'rozchód' : 'przychód')}${el('PLATNOSC_TYP_PODMIOTU', 'kontrahent')}` +
        `${el('PLATNOSC_PODMIOT', podmiot)}</PLATNOSC></PLATNOSCI></REJESTR_SPRZEDAZY_VAT>\n`
      )
    },
    end: () => '</REJESTRY_SPRZEDAZY_VAT>\n</ROOT>\n',
  }
}
