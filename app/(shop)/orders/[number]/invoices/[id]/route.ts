import { getActor } from '@/lib/auth'
import { prisma } from '@/lib/db'
import { fileResponse, invoiceFileName, isUuid, jsonError } from '@/lib/invoices/http'
import { getInvoicePdfForCustomer } from '@/lib/invoices/queries'

/** A customer's invoice PDF: with the order's secret link (?t=) or as the order's signed-in owner. */
export async function GET(req: Request, { params }: { params: Promise<{ number: string; id: string }> }) {
  const { number, id } = await params
  const token = new URL(req.url).searchParams.get('t')
  const actor = await getActor()
  const invoice = isUuid(id)
    ? await getInvoicePdfForCustomer(prisma, {
        orderNumber: number,
        invoiceId: id,
        token,
        userId: actor?.userId,
      })
    : null
  if (!invoice) return jsonError('NOT_FOUND', 'Invoice not found, or the link is not valid.')
  if (!invoice.pdf) return jsonError('NOT_FOUND', 'The invoice PDF is being prepared; try again in a moment.')
  return fileResponse(invoice.pdf.data, {
    contentType: 'application/pdf',
    fileName: invoiceFileName(invoice.number, 'pdf'),
  })
}
