import type { PaymentMethod, VatRate } from '@/generated/prisma/enums'
import { normalizeNip } from '@/lib/validation/nip'
import { isValidNip, type TBuildInvoiceInput, type TBuyer, type TPaymentMethod, ZAddress } from './document'
import type { TSellerConfig } from './settings'
import type { TInvoiceLineInput, TVatRate } from './vat'

// From an order (plain data, as loaded) to the input of buildInvoiceDocument. Pure: every refusal is returned as a
// problem in words staff can act on, never thrown from deep inside zod.

export const VAT_RATE_OF: Record<VatRate, TVatRate> = {
  R23: '23',
  R8: '8',
  R5: '5',
  R0: '0',
  ZW: 'zw',
  NP: 'np',
}

// The neutral payment method (lib/payments/providers map theirs onto it) -> FA(3) payment forms; unknown counts as
// card, the checkout's default.
const PAYMENT_METHOD_OF: Record<PaymentMethod, TPaymentMethod> = {
  card: 'card',
  blik: 'mobile',
  bank_transfer: 'transfer',
  wallet: 'mobile',
  pay_later: 'credit',
  other: 'card',
}

export const paymentMethodOf = (method: PaymentMethod | null | undefined): TPaymentMethod =>
  (method && PAYMENT_METHOD_OF[method]) || 'card'

/** The calendar date in Poland (invoice dates are Polish calendar dates, whatever the server's zone). */
export function warsawDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Warsaw',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at)
}

/** A YYYY-MM-DD date as the Date Prisma writes to a `date` column unchanged (UTC midnight). */
export const dbDate = (isoDate: string) => new Date(`${isoDate}T00:00:00.000Z`)

export type TOrderForInvoice = {
  number: string
  customerName: string
  companyName: string | null
  nip: string | null
  email: string
  billingAddress: unknown
  locale: 'pl' | 'en'
  currency: string
  paymentMethod: PaymentMethod | null
  paidAt: Date | null
  lines: { namePl: string; unit: string; vatRate: VatRate; unitGrossMinor: number; quantity: number }[]
}

export function buyerOf(
  order: TOrderForInvoice,
): { ok: true; buyer: TBuyer } | { ok: false; problem: string } {
  const raw = (order.billingAddress ?? {}) as Record<string, unknown>
  const address = ZAddress.safeParse({ ...raw, line2: raw.line2 || undefined })
  if (!address.success) return { ok: false, problem: 'the billing address is incomplete' }
  const email = order.email || undefined
  if (order.nip) {
    const nip = normalizeNip(order.nip)
    if (!nip || !isValidNip(nip)) {
      return { ok: false, problem: `the buyer's NIP "${order.nip}" is not valid (check digit or format)` }
    }
    const name = order.companyName?.trim() || order.customerName
    return { ok: true, buyer: { type: 'company', name, nip, address: address.data, email } }
  }
  // a company name without a NIP is still the buyer's name on the invoice (e.g. a foreign business)
  const name = order.companyName?.trim() || order.customerName
  return { ok: true, buyer: { type: 'person', name, address: address.data, email } }
}

export type TInvoiceInputResult = { ok: true; input: TBuildInvoiceInput } | { ok: false; problem: string }

export function invoiceInputFromOrder(
  order: TOrderForInvoice,
  config: TSellerConfig,
  opts: { number: string; issueDate: string },
): TInvoiceInputResult {
  if (order.lines.length === 0) return { ok: false, problem: 'the order has no lines' }
  if (order.currency !== 'PLN' && order.currency !== 'EUR') {
    return { ok: false, problem: `currency ${order.currency} is not supported on invoices` }
  }
  if (!order.paidAt) return { ok: false, problem: 'the order has no payment date' }
  const buyer = buyerOf(order)
  if (!buyer.ok) return buyer
  const lines: TInvoiceLineInput[] = order.lines.map((l) => ({
    name: l.namePl,
    unit: l.unit,
    quantity: l.quantity,
    unitGrossMinor: l.unitGrossMinor,
    vatRate: VAT_RATE_OF[l.vatRate],
  }))
  if (lines.some((l) => l.vatRate === 'zw') && !config.exemptionBasis) {
    return {
      ok: false,
      problem: 'a line is VAT-exempt (zw) and the seller settings have no legal basis for the exemption',
    }
  }
  const paidAt = warsawDate(order.paidAt)
  return {
    ok: true,
    input: {
      number: opts.number,
      issueDate: opts.issueDate,
      saleDate: paidAt,
      placeOfIssue: config.placeOfIssue,
      currency: order.currency,
      locale: order.locale,
      seller: config.seller,
      buyer: buyer.buyer,
      lines,
      method: config.vatMethod,
      payment: { status: 'paid', method: paymentMethodOf(order.paymentMethod), paidAt },
      notes: `Zamówienie ${order.number}`,
      exemptionBasis: lines.some((l) => l.vatRate === 'zw') ? config.exemptionBasis : undefined,
    },
  }
}
