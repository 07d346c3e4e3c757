import { z } from 'zod'
import type { Db } from '@/lib/db'
import { AppError } from '@/lib/errors'
import { optionalText } from '@/lib/validation/address'
import { normalizeNip } from '@/lib/validation/nip'
import { isValidNip } from './document'
import { retryOrderInvoicesInTx, type TRetryOutcome } from './retry'

export const ZInvoiceBuyerFix = z
  .object({
    orderId: z.uuid(),
    companyName: optionalText(z.string().max(200)),
    nip: optionalText(
      z
        .string()
        .refine((v) => {
          const nip = normalizeNip(v)
          return !!nip && isValidNip(nip)
        }, 'not a valid NIP (10 digits with a valid check digit)')
        .transform((v) => normalizeNip(v)!),
    ),
  })
  .superRefine((b, ctx) => {
    if (b.nip && !b.companyName)
      ctx.addIssue({ code: 'custom', path: ['companyName'], message: 'required when a NIP is given' })
  })
export type TInvoiceBuyerFix = z.input<typeof ZInvoiceBuyerFix>

/**
 * Staff correct the buyer's tax data (company name, NIP; both blank = invoice to the private person) of an order whose
 * invoice is not issued yet, e.g. a NIP that failed its checksum, and the invoice job retries at once. Once issued,
 * an invoice changes only through a corrective invoice.
 */
export async function updateInvoiceBuyer(
  db: Db,
  input: TInvoiceBuyerFix,
  opts: { actor: string },
): Promise<TRetryOutcome> {
  const b = ZInvoiceBuyerFix.parse(input)
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ company_name: string | null; nip: string | null }[]>`
      SELECT company_name, nip FROM orders WHERE id = ${b.orderId}::uuid FOR NO KEY UPDATE`
    const before = locked[0]
    if (!before) throw new AppError('NOT_FOUND', 'Order not found.')
    const issued = await tx.invoice.count({ where: { orderId: b.orderId, kind: 'INVOICE' } })
    if (issued > 0) {
      throw new AppError(
        'CONFLICT',
        'The invoice is already issued; its buyer data can only change through a corrective invoice.',
      )
    }
    await tx.order.update({
      where: { id: b.orderId },
      data: { companyName: b.companyName ?? null, nip: b.nip ?? null },
    })
    await tx.orderTimelineEntry.create({
      data: {
        orderId: b.orderId,
        kind: 'invoice.buyer_updated',
        message: `Buyer tax data corrected by ${opts.actor}: ${b.companyName ?? '(private person)'}${b.nip ? `, NIP ${b.nip}` : ''} (was ${before.company_name ?? '-'}, NIP ${before.nip ?? '-'}).`,
        data: { before: { companyName: before.company_name, nip: before.nip }, actor: opts.actor },
      },
    })
    return retryOrderInvoicesInTx(tx, b.orderId)
  })
}
