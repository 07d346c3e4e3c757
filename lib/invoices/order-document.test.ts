import { describe, expect, it } from 'vitest'
import { stripeMethodOf } from '@/lib/payments/providers/stripe'
import { buildInvoiceDocument } from './document'
import {
  buyerOf,
  invoiceInputFromOrder,
  paymentMethodOf,
  type TOrderForInvoice,
  warsawDate,
} from './order-document'
import { normalizeBankAccount, type TSellerConfig } from './settings'
import { seller } from './testing/fixtures'

const config: TSellerConfig = {
  seller,
  placeOfIssue: 'Warszawa',
  invoiceNumberFormat: 'FV/{YYYY}/{NNNNNN}',
  correctiveNumberFormat: 'KOR/{YYYY}/{NNNNNN}',
  vatMethod: 'summed',
}

const order: TOrderForInvoice = {
  number: 'HL-2026-000001',
  customerName: 'Jan Kowalski',
  companyName: null,
  nip: null,
  email: 'jan@example.com',
  billingAddress: {
    line1: 'ul. Floriańska 3',
    line2: '',
    postalCode: '31-019',
    city: 'Kraków',
    country: 'PL',
  },
  locale: 'pl',
  currency: 'PLN',
  paymentMethod: 'card',
  paidAt: new Date('2026-03-31T22:30:00Z'),
  lines: [
    { namePl: 'Kubek', unit: 'szt.', vatRate: 'R23', unitGrossMinor: 4900, quantity: 2 },
    { namePl: 'Bilet', unit: 'szt.', vatRate: 'ZW', unitGrossMinor: 25000, quantity: 1 },
    { namePl: 'Karta', unit: 'szt.', vatRate: 'NP', unitGrossMinor: 10000, quantity: 1 },
  ],
}

describe('order -> invoice input', () => {
  it('dates are Polish calendar dates', () => {
    expect(warsawDate(new Date('2026-03-31T22:30:00Z'))).toBe('2026-04-01') // CEST, UTC+2
    expect(warsawDate(new Date('2026-12-31T22:59:59Z'))).toBe('2026-12-31') // CET, UTC+1
    expect(warsawDate(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01')
  })

  it('maps rates, the sale date (payment day in Poland), the payment method and the buyer', () => {
    const r = invoiceInputFromOrder(
      order,
      { ...config, exemptionBasis: 'art. 43 ust. 1 pkt 29' },
      {
        number: 'X',
        issueDate: '2026-04-02',
      },
    )
    if (!r.ok) throw new Error(r.problem)
    expect(r.input.lines.map((l) => l.vatRate)).toEqual(['23', 'zw', 'np'])
    expect(r.input.saleDate).toBe('2026-04-01')
    expect(r.input.payment).toEqual({ status: 'paid', method: 'card', paidAt: '2026-04-01' })
    expect(r.input.buyer).toMatchObject({ type: 'person', name: 'Jan Kowalski', address: { city: 'Kraków' } })
    expect(buildInvoiceDocument(r.input).totals.grossMinor).toBe(2 * 4900 + 25000 + 10000)
  })

  it('names what blocks the invoice', () => {
    const opts = { number: 'X', issueDate: '2026-04-02' }
    expect(invoiceInputFromOrder(order, config, opts)).toMatchObject({ ok: false, problem: /legal basis/ })
    expect(invoiceInputFromOrder({ ...order, lines: [] }, config, opts)).toMatchObject({
      problem: /no lines/,
    })
    expect(buyerOf({ ...order, companyName: 'Firma', nip: '1234567890' })).toMatchObject({ problem: /NIP/ })
    expect(buyerOf({ ...order, billingAddress: { line1: 'x' } })).toMatchObject({
      problem: /billing address/,
    })
    expect(buyerOf({ ...order, companyName: 'Firma', nip: 'PL 951-234-56-75' })).toMatchObject({
      buyer: { type: 'company', name: 'Firma', nip: '9512345675' },
    })
  })

  it('maps Stripe payment method types, through the neutral method, to FA(3) payment forms', () => {
    const neutral = ['card', 'blik', 'p24', 'sepa_debit', 'klarna', null, 'something_new'].map(stripeMethodOf)
    expect(neutral).toEqual(['card', 'blik', 'bank_transfer', 'bank_transfer', 'pay_later', null, 'other'])
    expect(neutral.map(paymentMethodOf)).toEqual([
      'card',
      'mobile',
      'transfer',
      'transfer',
      'credit',
      'card',
      'card',
    ])
    expect((['bank_transfer', 'wallet'] as const).map(paymentMethodOf)).toEqual(['transfer', 'mobile'])
  })

  it('checks bank account numbers (NRB or IBAN check digits)', () => {
    expect(normalizeBankAccount('61 1090 1014 0000 0712 1981 2874')).toBe(
      'PL61 1090 1014 0000 0712 1981 2874',
    )
    expect(normalizeBankAccount('PL61109010140000071219812874')).toBe('PL61 1090 1014 0000 0712 1981 2874')
    expect(normalizeBankAccount('PL62109010140000071219812874')).toBeNull()
    expect(normalizeBankAccount('DE89 3704 0044 0532 0130 00')).toBe('DE89 3704 0044 0532 0130 00')
  })
})
