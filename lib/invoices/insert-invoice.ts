import type { Prisma } from '@/generated/prisma/client'
import type { DbTx } from '@/lib/db'
import { emitLifecycleEvent } from '@/lib/events/emit'
import type { TInvoiceDocument } from './document'
import { formatInvoiceNumber, INVOICE_SERIES, takeInvoiceSequence } from './numbering'
import { dbDate } from './order-document'

export type TIssueResult = { invoiceId: string; number: string; isNew: boolean }

// Generous: a burst of issues queues for the series counter lock; each holds it for a few milliseconds.
export const ISSUE_TX_OPTIONS = { maxWait: 30_000, timeout: 30_000 }

/**
 * The last step of issuing, inside the issuing transaction and after everything was validated: takes the next
 * number of the series (locking its counter until commit), stamps it on the validated draft, inserts the immutable
 * invoice row and emits invoice.issued (its PDF, and whatever else subscribes). Everything before this step must be done first, to keep the counter lock short.
 */
export async function insertInvoice(
  tx: DbTx,
  draft: TInvoiceDocument,
  row: {
    kind: keyof typeof INVOICE_SERIES
    uniqueKey: string
    orderId: string
    numberFormat: string
    refundId?: string
    correctedInvoiceId?: string
  },
): Promise<TIssueResult> {
  const series = INVOICE_SERIES[row.kind]
  const year = Number(draft.issueDate.slice(0, 4))
  const sequence = await takeInvoiceSequence(tx, series, year)
  const number = formatInvoiceNumber(row.numberFormat, {
    year,
    month: Number(draft.issueDate.slice(5, 7)),
    sequence,
  })
  // the draft is validated; only its number changes (a string the validated format produced)
  const doc: TInvoiceDocument = { ...draft, number }
  const invoice = await tx.invoice.create({
    data: {
      uniqueKey: row.uniqueKey,
      kind: row.kind,
      orderId: row.orderId,
      refundId: row.refundId,
      correctedInvoiceId: row.correctedInvoiceId,
      series,
      year,
      sequence,
      number,
      issueDate: dbDate(doc.issueDate),
      saleDate: dbDate(doc.saleDate),
      currency: doc.currency,
      totalGrossMinor: doc.totals.grossMinor,
      totalNetMinor: doc.totals.netMinor,
      totalVatMinor: doc.totals.vatMinor,
      buyerName: doc.buyer.name,
      buyerNip: doc.buyer.nip ?? null,
      // a parsed document is plain JSON data; its optional keys are what the Json input type cannot express
      document: doc as unknown as Prisma.InputJsonValue,
    },
    select: { id: true },
  })
  await emitLifecycleEvent(tx, 'invoice.issued', {
    orderId: row.orderId,
    invoiceId: invoice.id,
    kind: row.kind,
  })
  return { invoiceId: invoice.id, number, isNew: true }
}
