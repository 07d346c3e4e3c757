import { z } from 'zod'
import type { Db, DbTx } from '@/lib/db'
import { AppError } from '@/lib/errors'
import { emitLifecycleEvent } from '@/lib/events/emit'
import { type TInvoiceDocument, ZInvoiceDocument } from './document'
import { renderInvoicePdf } from './pdf/render'

export type TStorePdfResult = { isNew: boolean; sizeBytes: number; renderMs: number | null }

/**
 * Renders an issued invoice's PDF from its stored snapshot and stores it (write-once: a second run finds it and
 * succeeds), and emits invoice.pdf_ready in the same transaction: subscribers (the customer's email with the PDF
 * attached) only ever start once the PDF exists.
 */
export async function storeInvoicePdf(
  db: Db,
  invoiceId: string,
  opts: { render?: (doc: TInvoiceDocument) => Promise<Uint8Array> } = {},
): Promise<TStorePdfResult> {
  const id = z.uuid().parse(invoiceId)
  const invoice = await db.invoice.findUnique({
    where: { id },
    select: { id: true, orderId: true, document: true, pdf: { select: { sizeBytes: true } } },
  })
  if (!invoice) throw new AppError('NOT_FOUND', `invoice ${id} not found`, { isRetryable: false })
  if (invoice.pdf) {
    await db.$transaction((tx) => pdfReady(tx, invoice.orderId, id))
    return { isNew: false, sizeBytes: invoice.pdf.sizeBytes, renderMs: null }
  }
  const doc = ZInvoiceDocument.safeParse(invoice.document)
  if (!doc.success) {
    throw new AppError('INTERNAL', `invoice ${id} has an invalid stored document`, { isRetryable: false })
  }
  const started = performance.now()
  const bytes = await (opts.render ?? renderInvoicePdf)(doc.data)
  const renderMs = Math.round(performance.now() - started)
  return db.$transaction(async (tx) => {
    // ON CONFLICT DO NOTHING: a concurrent render that stored first wins, and the row is never rewritten
    const { count } = await tx.invoicePdf.createMany({
      data: [{ invoiceId: id, data: new Uint8Array(bytes), sizeBytes: bytes.length, renderMs }],
      skipDuplicates: true,
    })
    await pdfReady(tx, invoice.orderId, id)
    return { isNew: count === 1, sizeBytes: bytes.length, renderMs }
  })
}

const pdfReady = (tx: DbTx, orderId: string, invoiceId: string) =>
  emitLifecycleEvent(tx, 'invoice.pdf_ready', { orderId, invoiceId })
