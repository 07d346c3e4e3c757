import type { TPaymentMethod } from '../document.ts'
import type { TVatMethod, TVatRate } from '../vat.ts'

// Labels by document locale: 'pl' is a Polish-only invoice; 'en' is English, with the Polish title kept under
// the English one so a Polish reader (or tax office) recognises the document type at a glance.

export type TLabels = {
  invoiceTitle: string
  correctiveTitle: string
  titleSubtitle: { invoice: string; corrective: string } | null
  number: string
  issueDate: string
  saleDate: string
  placeOfIssue: string
  seller: string
  buyer: string
  nip: string
  bankAccount: string
  email: string
  amountsIn: (currency: string) => string
  columns: {
    lp: string
    name: string
    quantity: string
    unit: string
    unitGross: string
    rate: string
    net: string
    vat: string
    gross: string
  }
  vatSummary: string
  total: string
  totalGross: string
  inWords: string
  paid: (method: TPaymentMethod, date: string) => string
  balanceDue: string
  rate: (rate: TVatRate) => string
  methodNote: Record<TVatMethod, string>
  exemptionBasis: string
  notes: string
  page: (n: number, of: number) => string
  corrected: {
    reference: (number: string, date: string) => string
    ksefNumber: string
    reason: string
    before: string
    after: string
    difference: string
    toRefund: string
    toPay: string
    refunded: (method: TPaymentMethod, date: string) => string
    refundPending: (method: TPaymentMethod) => string
  }
}

const PL_METHOD: Record<TPaymentMethod, string> = {
  card: 'kartą płatniczą',
  transfer: 'przelewem',
  cash: 'gotówką',
  mobile: 'płatnością mobilną',
  voucher: 'bonem',
  credit: 'w ramach kredytu',
  cheque: 'czekiem',
}

const EN_METHOD: Record<TPaymentMethod, string> = {
  card: 'by card',
  transfer: 'by bank transfer',
  cash: 'in cash',
  mobile: 'by mobile payment',
  voucher: 'by voucher',
  credit: 'on credit',
  cheque: 'by cheque',
}

const rateLabel = (zw: string, np: string) => (rate: TVatRate) =>
  rate === 'zw' ? zw : rate === 'np' ? np : `${rate}%`

export const LABELS: Record<'pl' | 'en', TLabels> = {
  pl: {
    invoiceTitle: 'Faktura VAT',
    correctiveTitle: 'Faktura korygująca',
    titleSubtitle: null,
    number: 'nr',
    issueDate: 'Data wystawienia',
    saleDate: 'Data sprzedaży',
    placeOfIssue: 'Miejsce wystawienia',
    seller: 'Sprzedawca',
    buyer: 'Nabywca',
    nip: 'NIP',
    bankAccount: 'Rachunek',
    email: 'E-mail',
    amountsIn: (c) => `Kwoty w ${c}`,
    columns: {
      lp: 'Lp.',
      name: 'Nazwa towaru lub usługi',
      quantity: 'Ilość',
      unit: 'J.m.',
      unitGross: 'Cena jedn. brutto',
      rate: 'Stawka VAT',
      net: 'Wartość netto',
      vat: 'Kwota VAT',
      gross: 'Wartość brutto',
    },
    vatSummary: 'Podsumowanie według stawek VAT',
    total: 'Razem',
    totalGross: 'Razem brutto',
    inWords: 'Słownie',
    paid: (m, d) => `Zapłacono ${PL_METHOD[m]} dnia ${d}.`,
    balanceDue: 'Pozostało do zapłaty',
    rate: rateLabel('zw', 'np'),
    methodNote: {
      summed:
        'Podatek obliczono od sumy wartości brutto w każdej stawce (art. 106e ust. 7 i 8 ustawy o VAT).',
      'per-line': 'Podatek obliczono od wartości brutto każdej pozycji (art. 106e ust. 7 i 8 ustawy o VAT).',
    },
    exemptionBasis: 'Podstawa zwolnienia z VAT',
    notes: 'Uwagi',
    page: (n, of) => `Strona ${n} z ${of}`,
    corrected: {
      reference: (n, d) => `Dotyczy faktury nr ${n} z dnia ${d}`,
      ksefNumber: 'Numer KSeF faktury korygowanej',
      reason: 'Przyczyna korekty',
      before: 'Przed korektą',
      after: 'Po korekcie',
      difference: 'Różnica według stawek VAT',
      toRefund: 'Kwota do zwrotu',
      toPay: 'Kwota do dopłaty',
      refunded: (m, d) => `Zwrócono ${PL_METHOD[m]} dnia ${d}.`,
      refundPending: (m) => `Zwrot nastąpi ${PL_METHOD[m]}.`,
    },
  },
  en: {
    invoiceTitle: 'VAT invoice',
    correctiveTitle: 'Corrective invoice',
    titleSubtitle: { invoice: 'Faktura VAT', corrective: 'Faktura korygująca' },
    number: 'No.',
    issueDate: 'Issue date',
    saleDate: 'Date of sale',
    placeOfIssue: 'Place of issue',
    seller: 'Seller',
    buyer: 'Buyer',
    nip: 'Tax ID (NIP)',
    bankAccount: 'Bank account',
    email: 'E-mail',
    amountsIn: (c) => `Amounts in ${c}`,
    columns: {
      lp: 'No.',
      name: 'Description',
      quantity: 'Qty',
      unit: 'Unit',
      unitGross: 'Unit price (gross)',
      rate: 'VAT rate',
      net: 'Net amount',
      vat: 'VAT amount',
      gross: 'Gross amount',
    },
    vatSummary: 'VAT summary by rate',
    total: 'Total',
    totalGross: 'Total (gross)',
    inWords: 'In words',
    paid: (m, d) => `Paid ${EN_METHOD[m]} on ${d}.`,
    balanceDue: 'Balance due',
    rate: rateLabel('exempt', 'out of scope'),
    methodNote: {
      summed: 'VAT computed on the total gross value per rate (art. 106e(7)-(8) of the Polish VAT Act).',
      'per-line': 'VAT computed on the gross value of each line (art. 106e(7)-(8) of the Polish VAT Act).',
    },
    exemptionBasis: 'Legal basis of the VAT exemption',
    notes: 'Notes',
    page: (n, of) => `Page ${n} of ${of}`,
    corrected: {
      reference: (n, d) => `Corrects invoice No. ${n} of ${d}`,
      ksefNumber: 'KSeF number of the corrected invoice',
      reason: 'Reason for correction',
      before: 'Before correction',
      after: 'After correction',
      difference: 'Difference by VAT rate',
      toRefund: 'Amount to be refunded',
      toPay: 'Additional amount due',
      refunded: (m, d) => `Refunded ${EN_METHOD[m]} on ${d}.`,
      refundPending: (m) => `To be refunded ${EN_METHOD[m]}.`,
    },
  },
}
