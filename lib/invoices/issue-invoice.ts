import { z } from 'zod'
import type { Db, DbTx } from '@/lib/db'
import { AppError } from '@/lib/errors'
import { isPaidStatus } from '@/lib/orders/state-machine'
import { buildInvoiceDocument, type TInvoiceDocument } from './document'
import { clearInvoiceAttention, InvoiceBlockedError, isUniqueViolation, recordInvoiceProblem } from './errors'
import { ISSUE_TX_OPTIONS, insertInvoice, type TIssueResult } from './insert-invoice'
import { invoiceInputFromOrder, warsawDate } from './order-document'
import { invoiceJobKey } from './retry'
import { loadShopSettings, sellerConfigFromRow } from './settings'

export type { TIssueResult }

const blocked = (message: string, code: 'VALIDATION' | 'CONFIGURATION' = 'VALIDATION') =>
  new InvoiceBlockedError(code, `Invoice not issued: ${message}.`)

/**
 * Issues the VAT invoice of a paid order, exactly once (unique key order/<id>/invoice), in one transaction: order
 * row lock, validation, document snapshot, number from the series counter, insert, and the PDF job. A duplicate or
 * concurrent call returns the invoice that exists. Anything that blocks issuing is recorded on the order for staff
 * (timeline entry + needs attention) and thrown as a retryable InvoiceBlockedError, so the job retries after the fix.
 */
export async function issueInvoice(
  db: Db,
  orderId: string,
  opts: { now?: Date } = {},
): Promise<TIssueResult> {
  const id = z.uuid().parse(orderId)
  const now = opts.now ?? new Date()
  try {
    return await db.$transaction((tx) => issueInTx(tx, id, now), ISSUE_TX_OPTIONS)
  } catch (err) {
    if (isUniqueViolation(err, 'invoices_unique_key_key')) {
      const existing = await db.invoice.findUnique({ where: { uniqueKey: invoiceJobKey(id) } })
      if (existing) return { invoiceId: existing.id, number: existing.number, isNew: false }
    }
    if (err instanceof InvoiceBlockedError) await recordInvoiceProblem(db, id, err.message)
    throw err
  }
}

async function issueInTx(tx: DbTx, orderId: string, now: Date): Promise<TIssueResult> {
  // serialises everything that issues documents for this order (duplicate jobs, corrections)
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM orders WHERE id = ${orderId}::uuid FOR NO KEY UPDATE`
  if (locked.length === 0)
    throw new AppError('NOT_FOUND', `order ${orderId} not found`, { isRetryable: false })

  const uniqueKey = invoiceJobKey(orderId)
  const existing = await tx.invoice.findUnique({ where: { uniqueKey }, select: { id: true, number: true } })
  if (existing) return { invoiceId: existing.id, number: existing.number, isNew: false }

  const [order, settings] = await Promise.all([
    tx.order.findUniqueOrThrow({
      where: { id: orderId },
      include: { lines: { orderBy: { position: 'asc' } } },
    }),
    loadShopSettings(tx),
  ])
  if (!isPaidStatus(order.status)) {
    // the paid transition enqueues this job; an unpaid order here is a bug, not something a retry fixes
    throw new InvoiceBlockedError(
      'INVALID_TRANSITION',
      `Invoice not issued: order ${order.number} is not paid (status ${order.status}).`,
      { isRetryable: false },
    )
  }
  const config = sellerConfigFromRow(settings)
  if (!config.ok) throw blocked(`${config.problem}; complete them in Admin → Settings`, 'CONFIGURATION')

  const issueDate = warsawDate(now)
  const input = invoiceInputFromOrder(order, config.config, { number: 'DRAFT', issueDate })
  if (!input.ok) throw blocked(input.problem)
  let draft: TInvoiceDocument
  try {
    draft = buildInvoiceDocument(input.input)
  } catch (err) {
    const detail = err instanceof z.ZodError ? z.prettifyError(err).replace(/\s+/g, ' ') : String(err)
    throw blocked(`the invoice data is not valid (${detail})`)
  }
  if (draft.totals.grossMinor !== order.totalGrossMinor) {
    throw blocked(
      `the invoice total ${draft.totals.grossMinor} differs from the charged amount ${order.totalGrossMinor} (minor units)`,
    )
  }
  await clearInvoiceAttention(tx, orderId)

  return insertInvoice(tx, draft, {
    kind: 'INVOICE',
    uniqueKey,
    orderId,
    numberFormat: config.config.invoiceNumberFormat,
  })
}
