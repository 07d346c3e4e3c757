import { z } from 'zod'
import type { Db, DbTx } from '@/lib/db'
import { AppError } from '@/lib/errors'
import { buildCorrectiveDocument, type TInvoiceDocument, ZInvoiceDocument } from './document'
import { clearInvoiceAttention, InvoiceBlockedError, isUniqueViolation, recordInvoiceProblem } from './errors'
import { ISSUE_TX_OPTIONS, insertInvoice, type TIssueResult } from './insert-invoice'
import { warsawDate } from './order-document'
import { correctiveJobKey, invoiceJobKey } from './retry'
import { loadShopSettings, sellerConfigFromRow } from './settings'

// Stripe's refund reasons, as a Polish accountant expects to read them; anything else is the staff's own words.
const REASON_TEXT: Record<string, string> = {
  requested_by_customer: 'Zwrot na żądanie klienta',
  duplicate: 'Zwrot zduplikowanej płatności',
  fraudulent: 'Zwrot transakcji nieuprawnionej',
}

export const correctionReason = (reason: string) =>
  (REASON_TEXT[reason.trim()] ?? reason.trim().slice(0, 256)) || 'Zwrot środków'

/** Refund.lines as position -> units returned, or null for a refund by amount. */
function refundedUnits(lines: unknown): Map<number, number> | null {
  const parsed = z
    .array(z.object({ position: z.number().int().positive(), quantity: z.number().int().positive() }))
    .safeParse(lines)
  if (!parsed.success || parsed.data.length === 0) return null
  return new Map(parsed.data.map((l) => [l.position, l.quantity]))
}

const blocked = (message: string, code: 'VALIDATION' | 'CONFIGURATION' = 'VALIDATION') =>
  new InvoiceBlockedError(code, `Corrective invoice not issued: ${message}.`)

/**
 * Issues the corrective invoice of a confirmed refund, exactly once (unique key refund/<id>/corrective): the order's
 * current invoiced state (the invoice, or its latest correction) is reduced by the refunded gross amount (a refund of
 * everything returns every line), in the KOR series, linked to the original invoice. When the original invoice is not
 * issued yet (the refund was confirmed before the invoice job ran), it fails retryably and waits for it.
 */
export async function issueCorrectiveInvoice(
  db: Db,
  refundId: string,
  opts: { now?: Date } = {},
): Promise<TIssueResult> {
  const id = z.uuid().parse(refundId)
  const now = opts.now ?? new Date()
  const refund = await db.refund.findUnique({ where: { id }, select: { orderId: true } })
  if (!refund) throw new AppError('NOT_FOUND', `refund ${id} not found`, { isRetryable: false })
  try {
    return await db.$transaction((tx) => issueInTx(tx, id, refund.orderId, now), ISSUE_TX_OPTIONS)
  } catch (err) {
    if (isUniqueViolation(err, 'invoices_unique_key_key')) {
      const existing = await db.invoice.findUnique({ where: { uniqueKey: correctiveJobKey(id) } })
      if (existing) return { invoiceId: existing.id, number: existing.number, isNew: false }
    }
    if (err instanceof InvoiceBlockedError)
      await recordInvoiceProblem(db, refund.orderId, err.message, { refundId: id })
    throw err
  }
}

async function issueInTx(tx: DbTx, refundId: string, orderId: string, now: Date): Promise<TIssueResult> {
  // the same lock as the invoice: corrections of one order are issued one after another, each from the last state
  await tx.$queryRaw`SELECT id FROM orders WHERE id = ${orderId}::uuid FOR NO KEY UPDATE`
  const uniqueKey = correctiveJobKey(refundId)
  const existing = await tx.invoice.findUnique({ where: { uniqueKey }, select: { id: true, number: true } })
  if (existing) return { invoiceId: existing.id, number: existing.number, isNew: false }

  const refund = await tx.refund.findUniqueOrThrow({ where: { id: refundId } })
  if (refund.status !== 'SUCCEEDED') {
    throw new InvoiceBlockedError(
      'INVALID_TRANSITION',
      `Corrective invoice not issued: refund ${refundId} is ${refund.status}, not confirmed.`,
      { isRetryable: false },
    )
  }
  const original = await tx.invoice.findUnique({ where: { uniqueKey: invoiceJobKey(orderId) } })
  if (!original) {
    // not a problem for staff yet: the invoice job is queued (or itself blocked and flagged)
    throw new AppError(
      'CONFLICT',
      `the invoice of order ${orderId} is not issued yet; the correction waits for it`,
      {
        isRetryable: true,
      },
    )
  }
  // numbers within a year grow in issue order and corrections of one order are serialised by the lock above
  const latest =
    (await tx.invoice.findFirst({
      where: { correctedInvoiceId: original.id, kind: 'CORRECTIVE' },
      orderBy: [{ year: 'desc' }, { sequence: 'desc' }],
    })) ?? original
  const before = ZInvoiceDocument.parse(latest.document)
  const remaining =
    before.kind === 'invoice' ? before.totals.grossMinor : before.corrected.totalsAfter.grossMinor
  if (refund.currency !== original.currency) {
    throw blocked(
      `the refund is in ${refund.currency}, the invoice ${original.number} in ${original.currency}`,
    )
  }
  if (refund.amountMinor > remaining) {
    throw blocked(
      `the refund of ${refund.amountMinor} exceeds the ${remaining} (minor units) still invoiced on ${original.number}`,
    )
  }
  const config = sellerConfigFromRow(await loadShopSettings(tx))
  if (!config.ok) throw blocked(`${config.problem}; complete them in Admin → Settings`, 'CONFIGURATION')

  const issueDate = warsawDate(now)
  const beforeLines = before.kind === 'invoice' ? before.lines : before.corrected.linesAfter
  const returned = refundedUnits(refund.lines)
  if (returned && [...returned.keys()].some((position) => position > beforeLines.length))
    throw blocked(`the refund returns units of a line that ${original.number} does not have`)
  let draft: TInvoiceDocument
  try {
    draft = buildCorrectiveDocument(before, {
      number: 'DRAFT',
      issueDate,
      placeOfIssue: config.config.placeOfIssue,
      reason: correctionReason(refund.reason),
      // whole units returned: those lines' quantities drop; otherwise the amount is spread over the lines
      ...(returned
        ? {
            linesAfter: beforeLines.map((l, i) => ({
              name: l.name,
              unit: l.unit,
              vatRate: l.vatRate,
              unitGrossMinor: l.unitGrossMinor,
              quantity: l.quantity - (returned.get(i + 1) ?? 0),
            })),
          }
        : { refundAmountMinor: refund.amountMinor }),
      payment: {
        status: 'refunded',
        method: before.payment.method,
        refundedAt: warsawDate(refund.confirmedAt ?? now),
      },
    })
  } catch (err) {
    const detail = err instanceof z.ZodError ? z.prettifyError(err).replace(/\s+/g, ' ') : String(err)
    throw blocked(`the correction data is not valid (${detail})`)
  }
  if (draft.totals.grossMinor !== -refund.amountMinor) {
    throw blocked(
      `the correction books ${draft.totals.grossMinor}, the refund is ${refund.amountMinor} (minor units)`,
    )
  }
  await clearInvoiceAttention(tx, orderId)

  return insertInvoice(tx, draft, {
    kind: 'CORRECTIVE',
    uniqueKey,
    orderId,
    refundId,
    correctedInvoiceId: original.id,
    numberFormat: config.config.correctiveNumberFormat,
  })
}
