/** @jsxImportSource react */
import { renderToBuffer } from '@react-pdf/renderer'
import { type TInvoiceDocument, ZInvoiceDocument } from '../document.ts'
import { ensureInvoiceFonts } from './fonts.ts'
import { InvoicePdf } from './InvoicePdf.tsx'

/** Renders an invoice or corrective invoice (A4) to PDF bytes. The document is validated first. */
export async function renderInvoicePdf(doc: TInvoiceDocument): Promise<Buffer> {
  await ensureInvoiceFonts()
  const valid = ZInvoiceDocument.parse(doc)
  return renderToBuffer(<InvoicePdf doc={valid} />)
}
