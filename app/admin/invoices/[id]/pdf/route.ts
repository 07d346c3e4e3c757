import { getActor } from '@/lib/auth'
import { prisma } from '@/lib/db'
import { fileResponse, invoiceFileName, isUuid, jsonError, refuseUnless } from '@/lib/invoices/http'
import { getInvoicePdf } from '@/lib/invoices/queries'

/** Staff download of an invoice's stored PDF. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const refused = refuseUnless(await getActor(), 'invoices.read')
  if (refused) return refused
  const { id } = await params
  const invoice = isUuid(id) ? await getInvoicePdf(prisma, id) : null
  if (!invoice) return jsonError('NOT_FOUND', 'No such invoice.')
  if (!invoice.pdf) return jsonError('NOT_FOUND', 'The PDF is not rendered yet; try again in a moment.')
  return fileResponse(invoice.pdf.data, {
    contentType: 'application/pdf',
    fileName: invoiceFileName(invoice.number, 'pdf'),
  })
}
