import { ZInvoiceDocument } from './document'
import { toFa3Xml } from './ksef/fa3'

/** FA(3) XML of a stored invoice snapshot; its creation time is the invoice's, so an export is reproducible. */
export function exportInvoiceXml(invoice: {
  document: unknown
  createdAt: Date
}): { ok: true; xml: string } | { ok: false; message: string } {
  const doc = ZInvoiceDocument.safeParse(invoice.document)
  if (!doc.success) return { ok: false, message: 'The stored invoice document is not valid.' }
  if (doc.data.currency !== 'PLN') {
    return {
      ok: false,
      message: `FA(3) export supports PLN invoices only; this one is in ${doc.data.currency}.`,
    }
  }
  return { ok: true, xml: toFa3Xml(doc.data, { createdAt: invoice.createdAt }) }
}
