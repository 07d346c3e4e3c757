import { z } from 'zod'
import { isValidNip as isValidNipInput } from '@/lib/validation/nip'
import { divRoundHalfAwayFromZero, toSafeNumber } from './money.ts'
import {
  allocateRefund,
  computeFromGross,
  computeInvoice,
  diffTotals,
  MAX_LINES,
  sumRateTotals,
  type TGrossLine,
  type TInvoiceLine,
  type TRateTotal,
  type TTotals,
  type TVatMethod,
  VAT_RATES,
  vatFromGross,
  ZCorrectionLineInput,
  ZInvoiceLine,
  ZInvoiceLineInput,
  ZRateTotal,
  ZTotals,
  ZVatMethod,
} from './vat.ts'

// The invoice document: an immutable snapshot of everything a renderer (PDF, KSeF XML) needs. The lead
// builds it from the database with buildInvoiceDocument / buildCorrectiveDocument; renderers only lay out.
//
// Amount semantics: `lines`, `rateTotals` and `totals` are always the amounts THIS document books.
// - kind 'invoice': the sold lines and their totals (totals.grossMinor = what the customer was charged).
// - kind 'corrective': the differences (after - before). `lines` are difference lines: every numeric field
//   is after - before for a line whose data changed (a line whose VAT rate changed appears as minus its old
//   state plus its new state), so per rate they still sum to `rateTotals`. The full before/after states are
//   in `corrected`. Summing `totals` over an invoice and its corrections gives the current state.

export const ZIsoDate = z.iso.date()

/** On documents a NIP is stored normalized: exactly 10 digits with a valid checksum and the KSeF pattern. */
export const isValidNip = (nip: string): boolean => /^\d{10}$/.test(nip) && isValidNipInput(nip)

export const ZNip = z.string().refine(isValidNip, { message: 'invalid NIP (10 digits, no separators)' })

export const ZAddress = z.object({
  line1: z.string().trim().min(1).max(256),
  line2: z.string().trim().min(1).max(200).optional(),
  postalCode: z.string().trim().min(1).max(16),
  city: z.string().trim().min(1).max(200),
  /** ISO 3166-1 alpha-2 */
  country: z.string().regex(/^[A-Z]{2}$/),
})
export type TAddress = z.infer<typeof ZAddress>

const ZName = z.string().trim().min(1).max(512)
const ZEmail = z.email().max(255)

export const ZSeller = z.object({
  name: ZName,
  nip: ZNip,
  address: ZAddress,
  bankAccount: z
    .string()
    .regex(/^[A-Z0-9 ]{10,42}$/)
    .optional(),
  email: ZEmail.optional(),
})
export type TSeller = z.infer<typeof ZSeller>

export const ZBuyer = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('company'),
    name: ZName,
    nip: ZNip,
    address: ZAddress,
    email: ZEmail.optional(),
  }),
  z.object({
    type: z.literal('person'),
    name: ZName,
    nip: ZNip.nullish(),
    address: ZAddress.optional(),
    email: ZEmail.optional(),
  }),
])
export type TBuyer = z.infer<typeof ZBuyer>

export const ZPaymentMethod = z.enum(['card', 'transfer', 'cash', 'mobile', 'voucher', 'credit', 'cheque'])
export type TPaymentMethod = z.infer<typeof ZPaymentMethod>

export const ZPaidPayment = z.object({ status: z.literal('paid'), method: ZPaymentMethod, paidAt: ZIsoDate })

/** Invoices are issued for paid orders ('paid'); corrective invoices carry the state of the refund. */
export const ZPayment = z.discriminatedUnion('status', [
  ZPaidPayment,
  z.object({ status: z.literal('refunded'), method: ZPaymentMethod, refundedAt: ZIsoDate }),
  z.object({ status: z.literal('refund-pending'), method: ZPaymentMethod }),
  z.object({ status: z.literal('due'), method: ZPaymentMethod }),
])
export type TPayment = z.infer<typeof ZPayment>

/**
 * When the correction takes effect for VAT (FA(3) TypKorekty): 'original' = in the period of the corrected
 * invoice (1, e.g. a wrong rate), 'correction' = at the correction's date (2, returns and price reductions,
 * art. 29a ust. 13), 'other' = another date (3).
 */
/** FA(3) TNumerKSeF: seller's NIP (or internal id) - YYYYMMDD - hex parts. */
const KSEF_NUMBER =
  /^([1-9]((\d[1-9])|([1-9]\d))\d{7}|M\d{9}|[A-Z]{3}\d{7})-(20[2-9][0-9]|2[1-9][0-9]{2}|[3-9][0-9]{3})(0[1-9]|1[0-2])(0[1-9]|[1-2][0-9]|3[0-1])-([0-9A-F]{6})-?([0-9A-F]{6})-([0-9A-F]{2})$/

export const ZCorrectionEffect = z.enum(['original', 'correction', 'other'])

export const ZCorrected = z.object({
  /** the corrected invoice */
  number: z.string().trim().min(1).max(256),
  issueDate: ZIsoDate,
  /** its KSeF number, when it was submitted to KSeF */
  ksefNumber: z.string().regex(KSEF_NUMBER).optional(),
  reason: z.string().trim().min(1).max(256),
  effect: ZCorrectionEffect,
  /** 'lines': explicit after-lines; 'amount': a refund spread over the lines (see buildCorrectiveDocument) */
  mode: z.enum(['lines', 'amount']),
  refundAmountMinor: z.number().int().positive().optional(),
  linesBefore: z.array(ZInvoiceLine).min(1).max(MAX_LINES),
  linesAfter: z.array(ZInvoiceLine).min(1).max(MAX_LINES),
  rateTotalsBefore: z.array(ZRateTotal),
  rateTotalsAfter: z.array(ZRateTotal),
  totalsBefore: ZTotals,
  totalsAfter: ZTotals,
  diffRateTotals: z.array(ZRateTotal),
  diffTotals: ZTotals,
})
export type TCorrected = z.infer<typeof ZCorrected>

const documentShape = {
  number: z.string().trim().min(1).max(256),
  issueDate: ZIsoDate,
  saleDate: ZIsoDate,
  placeOfIssue: z.string().trim().min(1).max(256).optional(),
  currency: z.enum(['PLN', 'EUR']),
  locale: z.enum(['pl', 'en']),
  seller: ZSeller,
  buyer: ZBuyer,
  method: ZVatMethod,
  lines: z.array(ZInvoiceLine).max(2 * MAX_LINES),
  rateTotals: z.array(ZRateTotal),
  totals: ZTotals,
  payment: ZPayment,
  notes: z.string().trim().min(1).max(3500).optional(),
  /** legal basis of the exemption (FA(3) P_19A), required when a line is 'zw' */
  exemptionBasis: z.string().trim().min(1).max(256).optional(),
}

export const ZInvoiceDocument = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('invoice'), ...documentShape, corrected: z.undefined().optional() }),
    z.object({ kind: z.literal('corrective'), ...documentShape, corrected: ZCorrected }),
  ])
  .superRefine((doc, ctx) => {
    const fail = (message: string, path: PropertyKey[] = []) =>
      ctx.addIssue({ code: 'custom', message, path })
    if (doc.kind === 'invoice') {
      if (doc.lines.length === 0) fail('an invoice needs lines', ['lines'])
      if (doc.payment.status !== 'paid') fail('an invoice is issued for a paid order', ['payment'])
      checkSummary(doc.lines, doc.rateTotals, doc.totals, doc.method, (m) => fail(m, ['rateTotals']))
    } else {
      // difference lines exist only for changed lines, so a rate may have a (zero) total without lines
      checkSummary(doc.lines, doc.rateTotals, doc.totals, null, (m) => fail(m, ['rateTotals']), true)
      const c = doc.corrected
      if (doc.payment.status === 'paid')
        fail('a corrective invoice carries a refund or due state', ['payment'])
      const p = (k: string) => (m: string) => fail(m, ['corrected', k])
      checkSummary(c.linesBefore, c.rateTotalsBefore, c.totalsBefore, doc.method, p('rateTotalsBefore'))
      checkSummary(c.linesAfter, c.rateTotalsAfter, c.totalsAfter, doc.method, p('rateTotalsAfter'))
      const diff = diffTotals(
        { rateTotals: c.rateTotalsBefore, totals: c.totalsBefore },
        { rateTotals: c.rateTotalsAfter, totals: c.totalsAfter },
      )
      if (!sameTotals(diff.rateTotals, c.diffRateTotals) || !sameTotal(diff.totals, c.diffTotals)) {
        fail('differences must equal after - before', ['corrected', 'diffRateTotals'])
      }
      if (!sameTotals(doc.rateTotals, c.diffRateTotals) || !sameTotal(doc.totals, c.diffTotals)) {
        fail('a corrective document books the differences', ['rateTotals'])
      }
      if (c.linesBefore.length !== c.linesAfter.length)
        fail('before and after lines must pair up', ['corrected'])
      if (c.mode === 'amount' && c.diffTotals.grossMinor !== 0 - (c.refundAmountMinor ?? 0)) {
        fail('the gross difference must equal minus the refunded amount', ['corrected', 'diffTotals'])
      }
    }
    const all = [...doc.lines, ...(doc.corrected?.linesBefore ?? []), ...(doc.corrected?.linesAfter ?? [])]
    if (all.some((l) => l.vatRate === 'zw') && !doc.exemptionBasis) {
      fail('exemptionBasis is required when a line is VAT-exempt (zw)', ['exemptionBasis'])
    }
  })
export type TInvoiceDocument = z.infer<typeof ZInvoiceDocument>

function sameTotal(a: TTotals, b: TTotals): boolean {
  return a.netMinor === b.netMinor && a.vatMinor === b.vatMinor && a.grossMinor === b.grossMinor
}

function sameTotals(a: readonly TRateTotal[], b: readonly TRateTotal[]): boolean {
  return a.length === b.length && a.every((t, i) => t.rate === b[i]!.rate && sameTotal(t, b[i]!))
}

/** Lines sum to the rate totals (stable order), which sum to the totals; with a method, VAT is as computed. */
function checkSummary(
  lines: readonly TInvoiceLine[],
  rateTotals: readonly TRateTotal[],
  totals: TTotals,
  method: TVatMethod | null,
  fail: (message: string) => void,
  ratesWithoutLines = false,
) {
  const rates = VAT_RATES.filter(
    (r) => lines.some((l) => l.vatRate === r) || (ratesWithoutLines && rateTotals.some((t) => t.rate === r)),
  )
  const expected = rates.map((rate) => {
    const ls = lines.filter((l) => l.vatRate === rate)
    const sum = (k: 'netMinor' | 'vatMinor' | 'grossMinor') => ls.reduce((a, l) => a + l[k], 0)
    return { rate, netMinor: sum('netMinor'), vatMinor: sum('vatMinor'), grossMinor: sum('grossMinor') }
  })
  if (!sameTotals(expected, rateTotals)) return fail('rate totals must be the sums of the lines per rate')
  if (!sameTotal(sumRateTotals(rateTotals), totals)) return fail('totals must be the sums of the rate totals')
  if (method) {
    for (const t of rateTotals) {
      const ls = lines.filter((l) => l.vatRate === t.rate)
      const vat =
        method === 'summed'
          ? vatFromGross(t.grossMinor, t.rate)
          : ls.reduce((a, l) => a + vatFromGross(l.grossMinor, l.vatRate), 0)
      if (vat !== t.vatMinor) return fail(`VAT at rate ${t.rate} is not computed by the ${method} method`)
    }
  }
}

// ---------------------------------------------------------------------------------------------------------

const ZDocumentNumber = z.string().trim().min(1).max(256)

export const ZBuildInvoiceInput = z.object({
  number: ZDocumentNumber,
  issueDate: ZIsoDate,
  /** defaults to issueDate */
  saleDate: ZIsoDate.optional(),
  placeOfIssue: documentShape.placeOfIssue,
  currency: documentShape.currency.default('PLN'),
  locale: documentShape.locale.default('pl'),
  seller: ZSeller,
  buyer: ZBuyer,
  lines: z.array(ZInvoiceLineInput).min(1).max(MAX_LINES),
  method: ZVatMethod.default('summed'),
  payment: ZPaidPayment,
  notes: documentShape.notes,
  exemptionBasis: documentShape.exemptionBasis,
})
export type TBuildInvoiceInput = z.input<typeof ZBuildInvoiceInput>

export function buildInvoiceDocument(input: TBuildInvoiceInput): TInvoiceDocument {
  const i = ZBuildInvoiceInput.parse(input)
  const computed = computeInvoice(i.lines, i.method)
  return ZInvoiceDocument.parse({
    kind: 'invoice',
    ...i,
    saleDate: i.saleDate ?? i.issueDate,
    lines: computed.lines,
    rateTotals: computed.rateTotals,
    totals: computed.totals,
  })
}

export const ZBuildCorrectiveInput = z
  .object({
    number: ZDocumentNumber,
    issueDate: ZIsoDate,
    placeOfIssue: documentShape.placeOfIssue,
    reason: z.string().trim().min(1).max(256),
    effect: ZCorrectionEffect.default('correction'),
    /** KSeF number of the corrected invoice, if it was submitted */
    ksefNumber: ZCorrected.shape.ksefNumber,
    /** defaults to 'refund-pending' (or 'due' when the correction increases the amount) */
    payment: ZPayment.optional(),
    notes: documentShape.notes,
    /** the lines after the correction, one per original line in the same order (quantity 0 = returned) */
    linesAfter: z.array(ZCorrectionLineInput).min(1).max(MAX_LINES).optional(),
    /** or: a refund of this gross amount, spread over the lines */
    refundAmountMinor: z.number().int().positive().optional(),
  })
  .refine((i) => (i.linesAfter === undefined) !== (i.refundAmountMinor === undefined), {
    message: 'give exactly one of linesAfter or refundAmountMinor',
  })
export type TBuildCorrectiveInput = z.input<typeof ZBuildCorrectiveInput>

/**
 * A corrective invoice for `original` (an invoice, or a previous correction of it: then its after-state is
 * the new before-state and the reference stays the original invoice).
 *
 * - By lines: `linesAfter` gives each line's new state (quantity, price, rate, name); VAT is recomputed on the
 *   after-state with the original's method and the differences are booked.
 * - By amount: `refundAmountMinor` is a gross refund (a price reduction). It is spread proportionally, first
 *   over the VAT rates by their gross, then within each rate over its lines by their gross, both with the
 *   largest remainder method, so the parts are whole grosze summing exactly to the refund and no line goes
 *   below zero. Each line keeps its quantity and its gross drops by its share; its unit price after is
 *   informational (gross after / quantity, rounded half-up). VAT per rate is recomputed on the reduced gross,
 *   so the gross difference is exactly minus the refund. Refunding the whole total is a full return: every
 *   line goes to quantity 0 and gross 0.
 */
export function buildCorrectiveDocument(
  original: TInvoiceDocument,
  input: TBuildCorrectiveInput,
): TInvoiceDocument {
  const orig = ZInvoiceDocument.parse(original)
  const i = ZBuildCorrectiveInput.parse(input)
  const ref = orig.kind === 'invoice' ? orig : orig.corrected
  const before =
    orig.kind === 'invoice'
      ? { lines: orig.lines, rateTotals: orig.rateTotals, totals: orig.totals }
      : {
          lines: orig.corrected.linesAfter,
          rateTotals: orig.corrected.rateTotalsAfter,
          totals: orig.corrected.totalsAfter,
        }

  let afterLines: TGrossLine[]
  if (i.linesAfter) {
    if (i.linesAfter.length !== before.lines.length) {
      throw new Error(`linesAfter must have one line per corrected line (${before.lines.length})`)
    }
    afterLines = i.linesAfter.map((l) => ({ ...l, grossMinor: l.quantity * l.unitGrossMinor }))
  } else {
    const refund = i.refundAmountMinor!
    if (refund > before.totals.grossMinor) {
      throw new RangeError(`refund ${refund} exceeds the invoice total ${before.totals.grossMinor}`)
    }
    if (refund === before.totals.grossMinor) {
      afterLines = before.lines.map((l) => ({ ...lineData(l), quantity: 0, grossMinor: 0 }))
    } else {
      const reductions = allocateRefund(before.lines, refund)
      afterLines = before.lines.map((l, k) => {
        const grossMinor = l.grossMinor - reductions[k]!
        const unitGrossMinor =
          reductions[k] === 0 || l.quantity === 0
            ? l.unitGrossMinor
            : toSafeNumber(divRoundHalfAwayFromZero(BigInt(grossMinor), BigInt(l.quantity)))
        return { ...lineData(l), grossMinor, unitGrossMinor }
      })
    }
  }

  const after = computeFromGross(afterLines, orig.method)
  const diff = diffTotals(before, after)
  const lines = diffLines(before.lines, after.lines)
  if (lines.length === 0) throw new Error('the correction changes no amounts')

  return ZInvoiceDocument.parse({
    kind: 'corrective',
    number: i.number,
    issueDate: i.issueDate,
    saleDate: orig.saleDate,
    placeOfIssue: i.placeOfIssue ?? orig.placeOfIssue,
    currency: orig.currency,
    locale: orig.locale,
    seller: orig.seller,
    buyer: orig.buyer,
    method: orig.method,
    lines,
    rateTotals: diff.rateTotals,
    totals: diff.totals,
    payment:
      i.payment ??
      (diff.totals.grossMinor < 0
        ? { status: 'refund-pending', method: orig.payment.method }
        : { status: 'due', method: orig.payment.method }),
    notes: i.notes,
    exemptionBasis: orig.exemptionBasis,
    corrected: {
      number: ref.number,
      issueDate: ref.issueDate,
      ksefNumber: i.ksefNumber ?? orig.corrected?.ksefNumber,
      reason: i.reason,
      effect: i.effect,
      mode: i.linesAfter ? 'lines' : 'amount',
      refundAmountMinor: i.refundAmountMinor,
      linesBefore: before.lines,
      linesAfter: after.lines,
      rateTotalsBefore: before.rateTotals,
      rateTotalsAfter: after.rateTotals,
      totalsBefore: before.totals,
      totalsAfter: after.totals,
      diffRateTotals: diff.rateTotals,
      diffTotals: diff.totals,
    },
  })
}

function lineData(l: TInvoiceLine) {
  return {
    name: l.name,
    unit: l.unit,
    vatRate: l.vatRate,
    quantity: l.quantity,
    unitGrossMinor: l.unitGrossMinor,
  }
}

/** True when a line's data (not just its informational net/VAT split) differs between the two states. */
export function lineChanged(b: TInvoiceLine, a: TInvoiceLine): boolean {
  return (
    b.name !== a.name ||
    b.unit !== a.unit ||
    b.vatRate !== a.vatRate ||
    b.quantity !== a.quantity ||
    b.unitGrossMinor !== a.unitGrossMinor ||
    b.grossMinor !== a.grossMinor
  )
}

/** after - before per paired line; a rate change books minus the old line and plus the new one. */
function diffLines(before: readonly TInvoiceLine[], after: readonly TInvoiceLine[]): TInvoiceLine[] {
  const out: TInvoiceLine[] = []
  const fields = ['quantity', 'unitGrossMinor', 'grossMinor', 'netMinor', 'vatMinor', 'unitNetMinor'] as const
  before.forEach((b, k) => {
    const a = after[k]!
    if (a.vatRate !== b.vatRate) {
      const negated = { ...b }
      for (const f of fields) negated[f] = 0 - b[f]
      out.push(negated, a)
      return
    }
    const d = { ...a }
    for (const f of fields) d[f] = a[f] - b[f]
    if (fields.some((f) => d[f] !== 0)) out.push(d)
  })
  return out
}
