import { z } from 'zod'
import type { Prisma, ShopSettings } from '@/generated/prisma/client'
import type { Db, DbTx } from '@/lib/db'
import { optionalText } from '@/lib/validation/address'
import { normalizeNip } from '@/lib/validation/nip'
import { isValidNip, type TSeller, ZSeller } from './document'
import { numberFormatProblem } from './numbering'
import { rescheduleBlockedInvoiceJobs } from './retry'
import { type TVatMethod, ZVatMethod } from './vat'

// The seller's data and invoicing settings (one row, id 1), as staff edit them in /admin/settings and as the
// issuing code reads them.

export type TSellerConfig = {
  seller: TSeller
  placeOfIssue?: string
  invoiceNumberFormat: string
  correctiveNumberFormat: string
  vatMethod: TVatMethod
  exemptionBasis?: string
}

const ZNumberFormat = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    const problem = numberFormatProblem(v)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

/** Polish account number (NRB, 26 digits) or an IBAN, checked with its mod-97 check digits; stored in groups of 4. */
export function normalizeBankAccount(input: string): string | null {
  let compact = input.replace(/[\s-]/g, '').toUpperCase()
  if (/^\d{26}$/.test(compact)) compact = `PL${compact}`
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(compact)) return null
  const rearranged = `${compact.slice(4)}${compact.slice(0, 4)}`
  const digits = rearranged.replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55))
  if (BigInt(digits) % 97n !== 1n) return null
  return compact.replace(/(.{4})(?=.)/g, '$1 ')
}

export const ZSellerSettingsForm = z
  .object({
    sellerName: z.string().trim().min(2, 'required').max(512),
    sellerNip: z
      .string()
      .trim()
      .refine((v) => {
        const nip = normalizeNip(v)
        return !!nip && isValidNip(nip)
      }, 'not a valid NIP (10 digits with a valid check digit)')
      .transform((v) => normalizeNip(v)!),
    addressLine1: z.string().trim().min(3, 'required').max(256),
    addressLine2: optionalText(z.string().max(200)),
    postalCode: z.string().trim().min(3, 'required').max(16),
    city: z.string().trim().min(2, 'required').max(200),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, 'must be a two-letter country code'),
    bankAccount: optionalText(
      z
        .string()
        .refine((v) => normalizeBankAccount(v) !== null, 'not a valid account number (NRB or IBAN)')
        .transform((v) => normalizeBankAccount(v)!),
    ),
    sellerEmail: optionalText(z.email('enter a valid email address').max(255)),
    placeOfIssue: optionalText(z.string().max(256)),
    invoiceNumberFormat: ZNumberFormat,
    correctiveNumberFormat: ZNumberFormat,
    vatMethod: ZVatMethod,
    exemptionBasis: optionalText(z.string().max(256)),
  })
  .superRefine((s, ctx) => {
    if (s.country === 'PL' && !/^\d{2}-\d{3}$/.test(s.postalCode))
      ctx.addIssue({ code: 'custom', path: ['postalCode'], message: 'must look like 00-000' })
    if (s.invoiceNumberFormat === s.correctiveNumberFormat)
      ctx.addIssue({
        code: 'custom',
        path: ['correctiveNumberFormat'],
        message: 'must differ from the invoice number format',
      })
  })
export type TSellerSettingsForm = z.output<typeof ZSellerSettingsForm>

const ZStoredAddress = ZSeller.shape.address

/** The stored row as an issuing configuration, or what is wrong with it (in words staff can act on). */
export function sellerConfigFromRow(
  row: ShopSettings | null,
): { ok: true; config: TSellerConfig } | { ok: false; problem: string } {
  if (!row) return { ok: false, problem: 'the seller settings are missing' }
  const address = (row.sellerAddress ?? {}) as Record<string, unknown>
  const seller = ZSeller.safeParse({
    name: row.sellerName,
    nip: row.sellerNip,
    address: { ...address, line2: address.line2 || undefined },
    bankAccount: row.sellerBankAccount || undefined,
    email: row.sellerEmail || undefined,
  })
  const problems: string[] = []
  if (!seller.success) {
    for (const i of seller.error.issues) problems.push(`seller ${i.path.join('.') || 'data'}: ${i.message}`)
  }
  const vatMethod = ZVatMethod.safeParse(row.vatMethod)
  if (!vatMethod.success) problems.push(`VAT method "${row.vatMethod}" is not 'summed' or 'per-line'`)
  for (const [label, f] of [
    ['invoice number format', row.invoiceNumberFormat],
    ['corrective number format', row.correctiveNumberFormat],
  ] as const) {
    const p = numberFormatProblem(f)
    if (p) problems.push(`${label} "${f}" ${p}`)
  }
  if (problems.length || !seller.success || !vatMethod.success) {
    return { ok: false, problem: `the seller settings are not valid (${problems.join('; ')})` }
  }
  return {
    ok: true,
    config: {
      seller: seller.data,
      placeOfIssue: row.placeOfIssue?.trim() || undefined,
      invoiceNumberFormat: row.invoiceNumberFormat,
      correctiveNumberFormat: row.correctiveNumberFormat,
      vatMethod: vatMethod.data,
      exemptionBasis: row.exemptionBasis?.trim() || undefined,
    },
  }
}

export function loadShopSettings(db: DbTx) {
  return db.shopSettings.findUnique({ where: { id: 1 } })
}

/** Form values for the settings page (strings, as the inputs hold them). */
export function settingsFormValues(row: ShopSettings | null): Record<string, string> {
  const a = (ZStoredAddress.partial().safeParse(row?.sellerAddress).data ?? {}) as Partial<
    z.infer<typeof ZStoredAddress>
  >
  return {
    sellerName: row?.sellerName ?? '',
    sellerNip: row?.sellerNip ?? '',
    addressLine1: a.line1 ?? '',
    addressLine2: a.line2 ?? '',
    postalCode: a.postalCode ?? '',
    city: a.city ?? '',
    country: a.country ?? 'PL',
    bankAccount: row?.sellerBankAccount ?? '',
    sellerEmail: row?.sellerEmail ?? '',
    placeOfIssue: row?.placeOfIssue ?? '',
    invoiceNumberFormat: row?.invoiceNumberFormat ?? 'FV/{YYYY}/{NNNNNN}',
    correctiveNumberFormat: row?.correctiveNumberFormat ?? 'KOR/{YYYY}/{NNNNNN}',
    vatMethod: row?.vatMethod ?? 'summed',
    exemptionBasis: row?.exemptionBasis ?? '',
  }
}

/**
 * Saves the seller settings. Invoices issued before keep their snapshot; invoice jobs that were waiting for a retry
 * (e.g. because these settings were missing) are moved to run now. Returns how many were rescheduled.
 */
export async function saveShopSettings(db: Db, input: TSellerSettingsForm): Promise<{ rescheduled: number }> {
  const s = ZSellerSettingsForm.parse(input)
  const data = {
    sellerName: s.sellerName,
    sellerNip: s.sellerNip,
    sellerAddress: {
      line1: s.addressLine1,
      ...(s.addressLine2 ? { line2: s.addressLine2 } : {}),
      postalCode: s.postalCode,
      city: s.city,
      country: s.country,
    } satisfies Prisma.InputJsonValue,
    sellerBankAccount: s.bankAccount ?? null,
    sellerEmail: s.sellerEmail ?? null,
    placeOfIssue: s.placeOfIssue ?? null,
    invoiceNumberFormat: s.invoiceNumberFormat,
    correctiveNumberFormat: s.correctiveNumberFormat,
    vatMethod: s.vatMethod,
    exemptionBasis: s.exemptionBasis ?? null,
  }
  return db.$transaction(async (tx) => {
    await tx.shopSettings.upsert({ where: { id: 1 }, create: { id: 1, ...data }, update: data })
    return { rescheduled: await rescheduleBlockedInvoiceJobs(tx) }
  })
}
